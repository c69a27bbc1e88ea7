import Benchmark
import Foundation
import Ledger

/// The ledger: sustained appends through the sequencer (a durable, signed checkpoint per
/// batch, fsynced), the time from append to durable checkpoint, proofs per second, and bytes
/// stored per entry. The log lives under $PORTUNUS_BENCH_DIR (default /tmp/portunus-ledger-bench)
/// on the machine's own disk.
///
/// Entries are shaped like the ledger's real ones: a JSON event of about 200 bytes naming an
/// AEO certificate, its status and the hash of the status document.
func ledgerEntry(_ n: Int) -> Data {
    let hash = String(repeating: String(format: "%08x", UInt32(truncatingIfNeeded: n &* 2_654_435_761)), count: 8)
    return Data(
        #"{"type":"aeo.status","administration":"KR","certificate":"KR-AEO-\#(100_000 + n % 40_000)","status":"\#(["granted", "suspended", "withdrawn"][n % 3])","at":"2026-11-29T20:\#(10 + n % 50):00Z","document_sha256":"\#(hash)"}"#
            .utf8)
}

let benchmarks: @Sendable () -> Void = {
    let base = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PORTUNUS_BENCH_DIR"] ?? "/tmp/portunus-ledger-bench")
    let appenders = 2_048
    let perAppender = 100

    Benchmark(
        "Ledger: 204,800 appends from 2,048 concurrent appenders through the sequencer (batch 256 / 250 ms, fsync per batch)",
        configuration: .init(
            metrics: [
                .wallClock, .throughput, .custom("append→durable p50 (µs)"), .custom("append→durable p99 (µs)"),
                .custom("appends/s"), .custom("bytes stored per entry"),
            ],
            maxDuration: .seconds(120), maxIterations: 3)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let directory = base.appendingPathComponent("appends-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let sequencer = LedgerSequencer(log: try TiledLog.create(dataDirectory: directory, origin: "customs.example/ledger"))
            let clock = ContinuousClock()
            let started = clock.now
            let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
                for appender in 0..<appenders {
                    group.addTask {
                        var own: [Duration] = []
                        for k in 0..<perAppender {
                            let start = clock.now
                            _ = try await sequencer.append(ledgerEntry(appender * perAppender + k))
                            own.append(clock.now - start)
                        }
                        return own
                    }
                }
                var all: [Duration] = []
                for try await own in group { all += own }
                return all.sorted()
            }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            func micros(_ d: Duration) -> Int { Int(d.components.seconds) * 1_000_000 + Int(d.components.attoseconds / 1_000_000_000_000) }
            benchmark.measurement(.custom("append→durable p50 (µs)"), micros(latencies[latencies.count / 2]))
            benchmark.measurement(.custom("append→durable p99 (µs)"), micros(latencies[latencies.count * 99 / 100]))
            benchmark.measurement(.custom("appends/s"), Int(Double(latencies.count) / seconds))
            let bytes = (FileManager.default.enumerator(atPath: directory.appendingPathComponent("ledger").path)?.allObjects as? [String] ?? [])
                .compactMap { try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("ledger/" + $0).path) }
                .filter { $0[.type] as? FileAttributeType == .typeRegular }
                .reduce(0) { $0 + (($1[.size] as? Int) ?? 0) }
            benchmark.measurement(.custom("bytes stored per entry"), bytes / latencies.count)
        }
    }

    witnessBenchmarks(base: base)

    // Proofs: a log of 1,000,000 entries, inclusion proofs for random indices against the
    // latest checkpoint, read from the tiles on disk (with the tile cache a server keeps).
    let proofDirectory = base.appendingPathComponent("proofs")
    let size = 1_000_000

    Benchmark(
        "Ledger: inclusion proofs (tlog-proof) for random entries of a 1,000,000-entry log, 1 thread",
        configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .kilo, maxDuration: .seconds(20), maxIterations: 1_000_000)
    ) { benchmark in
        if ProofLog.log == nil {
            try? FileManager.default.removeItem(at: proofDirectory)
            let log = try TiledLog.create(dataDirectory: proofDirectory, origin: "customs.example/ledger")
            var next = 0
            while next < size {
                let batch = (next..<min(next + 4096, size)).map(ledgerEntry)
                try log.append(batch)
                next += batch.count
            }
            ProofLog.log = log
        }
        let log = ProofLog.log!
        benchmark.startMeasurement()
        var generator = SystemRandomNumberGenerator()
        for _ in benchmark.scaledIterations {
            blackHole(try log.proof(index: UInt64.random(in: 0..<UInt64(size), using: &generator)))
        }
    }
}

/// The 1,000,000-entry log, written once per benchmark process, outside the measurement.
enum ProofLog {
    nonisolated(unsafe) static var log: TiledLog?
}
