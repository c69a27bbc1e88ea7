import Foundation
import PortunusTestSupport
import Testing

@testable import Ledger

/// JSON lines `{"seq":n,…}` for entries first..<first+count.
func ledgerLines(_ range: Range<Int>) -> String {
    range.map { #"{"seq":\#($0),"type":"aeo.status","aeo":"KR-AEO-\#($0 % 977)","status":"granted"}"# + "\n" }.joined()
}

var goAvailable: Bool {
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/go") || TestEnvironment.strict { return true }
    print("SKIPPED: Go is missing (scripts/bootstrap installs golang-go and golang-golang-x-mod-dev)")
    return false
}

@Suite("portunus ledger", .serialized, .offPool)
struct LedgerCommandTests {
    @Test(
        "Go's sumdb/note and sumdb/tlog verify a 70,000-entry log Portunus wrote, its tiles, its root and its tlog-proofs",
        .enabled(if: goAvailable))
    func goVerifier() throws {
        let directory = TestEnvironment.temporaryDirectory("ledger-go")
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        let vkey = try runPortunus(["ledger", "init", "--origin", "customs.example/ledger", "--data-dir", data])
        #expect(vkey.status == 0, "\(vkey.stderr)")
        let input = directory.appendingPathComponent("entries.jsonl")
        try Data(ledgerLines(0..<70_000).utf8).write(to: input)
        let appended = try runPortunus(["ledger", "append", input.path, "--data-dir", data])
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(appended.stdout.hasSuffix("line 70000: index 69999\n"))

        let proofs = directory.appendingPathComponent("proofs")
        try FileManager.default.createDirectory(at: proofs, withIntermediateDirectories: true)
        for index in [0, 255, 256, 65_535, 65_536, 69_999] {
            let proof = try runPortunus(["ledger", "prove", "--index", String(index), "--data-dir", data])
            #expect(proof.status == 0, "\(proof.stderr)")
            try Data(proof.stdout.utf8).write(to: proofs.appendingPathComponent("\(index).proof"))
            let entry = try runPortunus(["ledger", "entry", "--index", String(index), "--data-dir", data])
            try Data(entry.stdout.utf8).write(to: proofs.appendingPathComponent("\(index).entry"))
            #expect(entry.stdout == ledgerLines(index..<(index + 1)).dropLast(), "entry \(index) is the line, byte for byte")
        }

        let binary = directory.appendingPathComponent("tlog-verify")
        let source = TestEnvironment.repositoryRoot.appendingPathComponent("interop/tlog/verify.go")
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/go")
        build.arguments = ["build", "-o", binary.path, source.path]
        build.environment = [
            "GO111MODULE": "off", "GOPATH": "/usr/share/gocode", "GOCACHE": directory.appendingPathComponent("gocache").path,
            "HOME": directory.path, "PATH": "/usr/bin:/bin",
        ]
        try build.run()
        build.waitUntilExit()
        #expect(build.terminationStatus == 0, "go build failed")
        let verified = try TestEnvironment.run(binary, [data + "/ledger", vkey.stdout.trimmingCharacters(in: .whitespacesAndNewlines), proofs.path])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("size 70000: 70000 leaves, 277 hash tiles"), "\(verified.output)")
        #expect(verified.output.contains("6 tlog-proofs checked"), "\(verified.output)")

        // And it notices a changed tile.
        let tile = data + "/ledger/tile/1/000"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: tile))
        bytes[100] ^= 0x80
        try bytes.write(to: URL(fileURLWithPath: tile))
        #expect(try TestEnvironment.run(binary, [data + "/ledger", vkey.stdout.trimmingCharacters(in: .whitespacesAndNewlines)]).status != 0)
        let audit = try runPortunus(["ledger", "audit", "--data-dir", data])
        #expect(audit.status != 0)
        #expect(audit.stderr.contains("tile.mismatch") && audit.stderr.contains("tile/1/000") && audit.stderr.contains("byte 100"), "\(audit.stderr)")
    }

    @Test("SIGKILL at 20 random moments during appends: every acknowledged entry is there, and the audit passes after each restart")
    func crashes() throws {
        let directory = TestEnvironment.temporaryDirectory("ledger-crash")
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        #expect(try runPortunus(["ledger", "init", "--origin", "customs.example/ledger", "--data-dir", data]).status == 0)
        let vkey = try NoteVerifierKey(
            vkey: runPortunus(["ledger", "verifier-key", "--data-dir", data]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines))
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [UInt64: Data] = [:]
        var next = 0
        for round in 0..<20 {
            let input = directory.appendingPathComponent("round-\(round).jsonl")
            let lines = ledgerLines(next..<(next + 20_000))
            try Data(lines.utf8).write(to: input)
            let process = Process()
            process.executableURL = TestEnvironment.executable
            process.arguments = ["ledger", "append", input.path, "--data-dir", data]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = Pipe()
            final class Collected: @unchecked Sendable {
                let lock = NSLock()
                var data = Data()
            }
            let collected = Collected()
            out.fileHandleForReading.readabilityHandler = { handle in
                let chunk = handle.availableData
                collected.lock.lock()
                collected.data.append(chunk)
                collected.lock.unlock()
            }
            try process.run()
            // The kill falls at a random moment once appends are under way (the first entry
            // acknowledged), not during start-up, which a loaded machine can stretch past any
            // fixed delay.
            let started = Date()
            while process.isRunning && Date().timeIntervalSince(started) < 60 {
                collected.lock.lock()
                let printed = !collected.data.isEmpty
                collected.lock.unlock()
                if printed { break }
                usleep(2_000)
            }
            usleep(UInt32.random(in: 0...300_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
            let rest = out.fileHandleForReading.readDataToEndOfFile()
            collected.lock.lock()
            collected.data.append(rest)
            let printed = collected.data
            collected.lock.unlock()
            let inputLines = lines.split(separator: "\n")
            for line in String(decoding: printed, as: UTF8.self).split(separator: "\n") {
                // "line N: index I"
                let parts = line.split(separator: " ")
                guard parts.count == 4, let lineNumber = Int(parts[1].dropLast()), let index = UInt64(parts[3]) else { continue }
                acknowledged[index] = Data(inputLines[lineNumber - 1].utf8)
            }

            // Restart: the log opens (recovering), the audit passes, every acknowledged entry is in it.
            let audit = try runPortunus(["ledger", "audit", "--data-dir", data])
            #expect(audit.status == 0, "round \(round): \(audit.stderr)")
            let checkpoint = try Checkpoint.open(Data(contentsOf: URL(fileURLWithPath: data + "/ledger/checkpoint")), logKey: vkey).checkpoint
            let reader = LedgerReader(source: .directory(URL(fileURLWithPath: data + "/ledger")))
            for (index, entry) in acknowledged {
                #expect(index < checkpoint.size, "round \(round): acknowledged index \(index) beyond size \(checkpoint.size)")
                if index < checkpoint.size {
                    #expect(try reader.entry(index: index, size: checkpoint.size) == entry, "round \(round), index \(index)")
                }
            }
            next += 20_000
        }
        #expect(acknowledged.count > 0)
        // After the last kill the log takes appends again.
        let input = directory.appendingPathComponent("after.jsonl")
        try Data(ledgerLines(0..<10).utf8).write(to: input)
        #expect(try runPortunus(["ledger", "append", input.path, "--data-dir", data]).status == 0)
        #expect(try runPortunus(["ledger", "audit", "--data-dir", data]).status == 0)
    }
}
