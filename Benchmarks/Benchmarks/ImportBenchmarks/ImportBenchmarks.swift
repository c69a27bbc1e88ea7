import Benchmark
import Foundation
import Portunus
import PortunusCore
import Storage

/// Import throughput into SQLite on the KCS training file (37,385 declarations, 3.9 MB):
/// each iteration imports the whole file into a fresh data directory, so every row is
/// parsed, validated, hashed and inserted with its indexes, exactly as `portunus import` does.
let benchmarks: @Sendable () -> Void = {
    let datasets = ProcessInfo.processInfo.environment["PORTUNUS_DATASETS"] ?? "../../shared/data"
    let trainingFile = datasets + "/customs-declarations/df_syn_train_eng.csv"
    let rows = 37_385

    Benchmark(
        "Import KCS training file (37,385 rows) into SQLite",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .throughput],
            scalingFactor: .one,
            maxDuration: .seconds(30),
            maxIterations: 15
        )
    ) { benchmark in
        guard FileManager.default.fileExists(atPath: trainingFile) else {
            fatalError("KCS training file not found at \(trainingFile); set PORTUNUS_DATASETS")
        }
        for _ in benchmark.scaledIterations {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portunus-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try PortunusStore(dataDirectory: directory.path)
            benchmark.startMeasurement()
            let summary = try DeclarationImport(store: store).run(
                .init(path: trainingFile, mapping: .kcs, rejectsPath: directory.appendingPathComponent("rejects.csv").path))
            benchmark.stopMeasurement()
            precondition(summary.imported == rows, "imported \(summary.imported) of \(rows)")
        }
    }

    Benchmark(
        "Re-import KCS training file (all 37,385 already present)",
        configuration: .init(metrics: [.wallClock, .cpuTotal], maxDuration: .seconds(20), maxIterations: 15)
    ) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portunus-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let request = DeclarationImport.Request(path: trainingFile, mapping: .kcs, rejectsPath: directory.appendingPathComponent("rejects.csv").path)
        _ = try DeclarationImport(store: store).run(request)
        for _ in benchmark.scaledIterations {
            benchmark.startMeasurement()
            let summary = try DeclarationImport(store: store).run(request)
            benchmark.stopMeasurement()
            precondition(summary.alreadyPresent == rows)
        }
    }
}
