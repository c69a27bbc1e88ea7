import Foundation
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A running `portunus serve` child process on a free port.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private(set) var url = ""
    private let output = Pipe()

    init(arguments: [String]) throws {
        process.executableURL = TestEnvironment.executable
        process.arguments = arguments
        // Tracker listeners on ports of their own: servers of parallel tests never collide.
        process.environment = ProcessInfo.processInfo.environment.merging(["PORTUNUS_TELTONIKA_PORT": "0", "PORTUNUS_OSMAND_PORT": "0"]) { $1 }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                url = String(seen[range])
                return
            }
        }
        process.terminate()
        throw PortunusError(.io, "the server did not announce its URL: \(seen.prefix(300))")
    }

    /// Everything the process wrote to stdout after the announcement, once it has exited.
    func remainingOutput() -> String { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
}

func ndjson(ids: some Sequence<Int>, prefix: String) -> Data {
    var text = ""
    for number in ids {
        text +=
            #"{"id":"\#(prefix)-\#(number)","lodged_at":"2025-05-01T08:00:00Z","office":"SEA01","procedure":{"process_type":"B","import_type":"11","import_use":"21","payment_type":"11","mode_of_transport":"10"},"parties":{"declarant":"DCL-1","importer":"IMP-1"},"items":[{"hs_code":"847130","country_of_origin":"CN","country_of_departure":"CN","net_mass":"12.5","customs_value":{"amount":"1000","currency":"USD"},"duty_rate":"0","tax_type":"A"}]}"#
        text += "\n"
    }
    return Data(text.utf8)
}

@Suite("portunus serve as a process", .serialized, .offPool)
struct ServeCommandTests {
    @Test("SIGTERM during batches: the server drains, every acknowledged record is stored, and it exits 0")
    func sigtermDrains() async throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        let key = try runPortunus(["keys", "create", "--role", "admin", "--data-dir", data]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("ptn_"))
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--data-dir", data])
        let endpoint = try #require(URL(string: server.url + "/api/v1/declarations"))

        // Several large batches in flight, then SIGTERM while they are being handled.
        let batches = 4
        let size = 4000
        let bodies = (0..<batches).map { ndjson(ids: (0..<size), prefix: "SIG\($0)") }
        let watcher = try PortunusStore(dataDirectory: data)
        let responses = try await withThrowingTaskGroup(of: (Int, Data?, Int).self) { group in
            for batch in 0..<batches {
                group.addTask {
                    var request = URLRequest(url: endpoint)
                    request.httpMethod = "POST"
                    request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
                    request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
                    request.timeoutInterval = 120
                    do {
                        let (body, response) = try await URLSession.shared.upload(for: request, from: bodies[batch])
                        return (batch, body, (response as? HTTPURLResponse)?.statusCode ?? 0)
                    } catch {
                        return (batch, nil, 0)  // not acknowledged: the connection was refused or cut
                    }
                }
            }
            // SIGTERM once the server is demonstrably handling a batch (its first records are
            // in the store), not after a fixed delay: on a loaded machine the uploads may not
            // have reached the server yet, and then nothing is in flight to drain.
            let deadline = Date().addingTimeInterval(90)
            while try watcher.declarations.count() == 0, Date() < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            kill(server.process.processIdentifier, SIGTERM)
            var collected: [(Int, Data?, Int)] = []
            for try await response in group { collected.append(response) }
            return collected
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit)
        #expect(server.process.terminationStatus == 0)

        let store = try PortunusStore(dataDirectory: data)
        var acknowledged = 0
        for (_, body, status) in responses {
            guard status == 200, let body, let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { continue }
            for result in json["results"] as? [[String: Any]] ?? [] where result["status"] as? String == "accepted" {
                acknowledged += 1
                let id = try DeclarationID(result["id"] as? String ?? "")
                #expect(try store.declarations.declaration(id: id) != nil, "acknowledged \(id) is stored")
            }
        }
        #expect(acknowledged >= size, "at least the batch in flight was answered")
        #expect(try store.declarations.integrityCheck() == [])
        #expect(try store.declarations.count() == acknowledged, "nothing unacknowledged was half-stored")
    }
}
