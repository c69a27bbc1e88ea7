import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusCore
import Testing

@testable import PortunusServer

/// The request toolkit every route reads with: query parameters, body limits by kind, JSON
/// decoding with pointers, and sorted-key JSON answers.
@Suite("Request toolkit")
struct RequestToolkitTests {
    struct Command: Codable {
        var name: String
        var count: Int
        var note: String?
    }

    /// A router whose routes answer what the toolkit read, or the problem it refused with.
    func router() -> Router<PortunusRequestContext> {
        let router = Router(context: PortunusRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.get("query") { request, _ in
            let query = try request.query(allowed: ["limit", "after"])
            let after = try query.value("after", "after is an entry id") { Int64($0) }
            return try Response.json(["limit": Int64(try query.limit(maximum: 200)), "after": after ?? -1], status: .ok)
        }
        router.post("command") { request, _ in try Response.json(try await request.json(Command.self), status: .ok) }
        router.post("csv") { request, _ in try Response.json(["bytes": try await request.data(.mrzText).count], status: .ok) }
        router.post("rules") { request, _ in try Response.json(["text": try await request.text(.ruleSet)], status: .ok) }
        return router
    }

    func problem(_ response: TestResponse) -> (code: String?, detail: String?, pointer: String?) {
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (object["code"] as? String, object["detail"] as? String, object["pointer"] as? String)
    }

    @Test("an unknown query parameter is refused with the names the route knows; limit and typed parameters are checked")
    func query() async throws {
        try await Application(router: router()).test(.router) { client in
            let unknown = try await client.execute(uri: "/query?limt=5", method: .get)
            #expect(unknown.status == .badRequest)
            #expect(problem(unknown).code == PortunusError.Code.unknownParameter.rawValue && problem(unknown).pointer == "limt")
            #expect(problem(unknown).detail == "unknown query parameter; known: after, limit")
            let defaults = try await client.execute(uri: "/query", method: .get)
            #expect(String(buffer: defaults.body) == #"{"after":-1,"limit":100}"#)
            #expect(String(buffer: try await client.execute(uri: "/query?limit=200&after=7", method: .get).body) == #"{"after":7,"limit":200}"#)
            for bad in ["limit=0", "limit=201", "limit=ten"] {
                let response = try await client.execute(uri: "/query?\(bad)", method: .get)
                #expect(
                    problem(response).code == PortunusError.Code.invalidArgument.rawValue && problem(response).detail == "limit is 1–200", "\(bad)")
            }
            let after = try await client.execute(uri: "/query?after=x", method: .get)
            #expect(problem(after).pointer == "after" && problem(after).detail == "after is an entry id")
        }
    }

    @Test("a JSON command decodes, or names the missing or mistyped member by its pointer")
    func json() async throws {
        try await Application(router: router()).test(.router) { client in
            let ok = try await client.execute(uri: "/command", method: .post, body: ByteBuffer(string: #"{"count":2,"name":"a"}"#))
            #expect(ok.status == .ok && String(buffer: ok.body) == #"{"count":2,"name":"a"}"#)
            let missing = try await client.execute(uri: "/command", method: .post, body: ByteBuffer(string: #"{"count":2}"#))
            #expect(problem(missing).code == PortunusError.Code.missingField.rawValue && problem(missing).pointer == "/name")
            let mistyped = try await client.execute(uri: "/command", method: .post, body: ByteBuffer(string: #"{"count":"2","name":"a"}"#))
            #expect(problem(mistyped).code == PortunusError.Code.wrongType.rawValue && problem(mistyped).pointer == "/count")
            let broken = try await client.execute(uri: "/command", method: .post, body: ByteBuffer(string: "{"))
            #expect(problem(broken).code == PortunusError.Code.invalidJSON.rawValue)
            let large = try await client.execute(
                uri: "/command", method: .post, body: ByteBuffer(string: #"{"name":"\#(String(repeating: "a", count: 64 << 10))","count":1}"#))
            #expect(large.status == .contentTooLarge && problem(large).detail == "the body exceeds 64 KiB")
        }
    }

    @Test("each kind of body is read up to its own limit and refused past it with its own message")
    func limits() async throws {
        try await Application(router: router()).test(.router) { client in
            let fits = try await client.execute(uri: "/csv", method: .post, body: ByteBuffer(string: String(repeating: "x", count: 4096)))
            #expect(String(buffer: fits.body) == #"{"bytes":4096}"#)
            let over = try await client.execute(uri: "/csv", method: .post, body: ByteBuffer(string: String(repeating: "x", count: 4097)))
            #expect(over.status == .contentTooLarge)
            #expect(problem(over).code == PortunusError.Code.bodyTooLarge.rawValue && problem(over).detail == "the body is at most 4096 bytes")
            let notText = try await client.execute(uri: "/rules", method: .post, body: ByteBuffer(bytes: [0xFF, 0xFE]))
            #expect(problem(notText).code == PortunusError.Code.invalidArgument.rawValue && problem(notText).detail == "the rule set is not UTF-8")
        }
    }

    @Test(
        "the table keeps the limits and refusals the routes had",
        arguments: [
            (BodyKind.jsonCommand, 65_536, "the body exceeds 64 KiB"), (.jsonDocument, 65_536, "the body is at most 65536 bytes"),
            (.classification, 16_384, "the body exceeds 16 KiB"), (.enrolment, 33_554_432, "the body exceeds 32768 KiB"),
            (.ruleSet, 1_048_576, "a rule set is at most 1 MiB"), (.travelFile, 16_777_216, "a travel file is at most 16 MiB"),
            (.watchListCSV, 67_108_864, "a watch-list upload is at most 64 MiB"), (.trackingBatch, 4_194_304, "the body is at most 4194304 bytes"),
            (.zones, 33_554_432, "the body is at most 33554432 bytes"), (.ledgerEntry, 16_384, "an entry is at most 16384 bytes"),
            (.witnessCheckpoint, 1_048_576, "an add-checkpoint body is at most 1 MiB"),
            (.positionRequest(maximumBytes: 8192), 8192, "a position request is at most 8192 bytes"),
        ])
    func table(kind: BodyKind, limit: Int, refusal: String) {
        #expect(kind.limit == limit)
        #expect(kind.tooLarge.code == .bodyTooLarge && kind.tooLarge.reason == refusal)
    }
}
