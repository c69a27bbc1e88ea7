import Benchmark
import Foundation
import Ledger
import PortunusServer

/// Cosigning round trip between two instances on loopback: this process is administration A's
/// log (a TiledLog on disk); administration B is a separate `portunus serve` process (the
/// release build) that witnesses A. Each iteration appends one entry (not timed), then times
/// one cosigning round as A's server does it: a consistency proof from the size B last
/// cosigned, `POST /ledger/witness/add-checkpoint` over a kept-alive HTTP/1.1 connection
/// (AsyncHTTPClient), and on B the signature and proof checks, the fsynced state update and
/// the Ed25519 cosignature; back on A, the cosignature's verification.
func witnessBenchmarks(base: URL) {
    Benchmark(
        "Ledger: cosigning round trip A → witness B (portunus serve) on loopback, one new entry per round, state fsynced on B",
        configuration: .init(
            metrics: [.wallClock, .throughput, .custom("RTT p50 (µs)"), .custom("RTT p99 (µs)")],
            maxDuration: .seconds(30), maxIterations: 3)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let root = base.appendingPathComponent("witness-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let log = try TiledLog.create(dataDirectory: root.appendingPathComponent("a"), origin: "customs-a.example/ledger")
            let witness = try WitnessProcess(directory: root.appendingPathComponent("b"), follows: log.signer.verifierKey)
            defer { witness.stop() }
            let collector = WitnessCollector(
                witnesses: [.init(name: "B", key: witness.key, url: witness.url + "/ledger/witness")],
                reader: log.reader, transport: LedgerRuntime.httpTransport)
            // The first round teaches the collector B's size (a 409 on a fresh witness costs nothing here).
            try log.append([ledgerEntry(0)])
            _ = await collector.cosign(log.signedCheckpoint)
            let rounds = 2_000
            let clock = ContinuousClock()
            var times: [Duration] = []
            times.reserveCapacity(rounds)
            for n in 1...rounds {
                try log.append([ledgerEntry(n)])
                let note = log.signedCheckpoint
                let start = clock.now
                let outcome = await collector.cosign(note)
                times.append(clock.now - start)
                guard outcome.signatures.count == 1 else { fatalError("witness refused: \(outcome.failures)") }
            }
            times.sort()
            func micros(_ d: Duration) -> Int { Int(d.components.seconds) * 1_000_000 + Int(d.components.attoseconds / 1_000_000_000_000) }
            benchmark.measurement(.custom("RTT p50 (µs)"), micros(times[times.count / 2]))
            benchmark.measurement(.custom("RTT p99 (µs)"), micros(times[times.count * 99 / 100]))
        }
    }
}

/// A `portunus serve` witness process in its own data directory.
final class WitnessProcess {
    let process = Process()
    let url: String
    let key: NoteVerifierKey

    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["PORTUNUS_BIN"] { return URL(fileURLWithPath: path) }
        // Benchmarks/Benchmarks/LedgerBenchmarks/this file → the repository's release build.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/release/portunus")
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LedgerError("bench.failed", "portunus \(arguments.first ?? "") failed (build it: make build)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    init(directory: URL, follows log: NoteVerifierKey) throws {
        let data = directory.path
        key = try NoteVerifierKey(vkey: try Self.run(["ledger", "witness", "init", "--name", "customs-b.example/witness", "--data-dir", data]))
        _ = try Self.run(["ledger", "witness", "follow", log.vkey, "--data-dir", data])
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", "0", "--data-dir", data]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("listening on http://") || !seen.hasSuffix("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw LedgerError("bench.failed", "the witness server did not start") }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = seen.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            throw LedgerError("bench.failed", "no URL in \(seen)")
        }
        url = String(seen[range])
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
