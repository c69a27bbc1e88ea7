import Benchmark
import Foundation
import Portunus
import PortunusCore
import RiskEngine
import XGBoostKit

/// Risk scoring throughput on one core, and training time, on the KCS files.
///
/// Setup trains the model once (as `portunus risk train` does) and leaves it, with the test
/// file's feature matrix, in `$PORTUNUS_BENCH_DIR` (default /tmp/portunus-risk-bench), where
/// `Benchmarks/peers/scoring.py` scores the same rows with the same model in Python.
let benchmarks: @Sendable () -> Void = {
    let datasets = ProcessInfo.processInfo.environment["PORTUNUS_DATASETS"] ?? "../../shared/data"
    let folder = datasets + "/customs-declarations/"
    let output = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PORTUNUS_BENCH_DIR"] ?? "/tmp/portunus-risk-bench")

    func records(_ name: String) -> [RiskRecord] {
        guard let read = try? DeclarationFile.read(path: folder + name, mapping: .kcs) else {
            fatalError("cannot read \(folder + name); set PORTUNUS_DATASETS")
        }
        return read.declarations.map(RiskRecord.init(declaration:))
    }
    let training = records("df_syn_train_eng.csv")
    let validation = records("df_syn_valid_eng.csv")
    let test = records("df_syn_test_eng.csv")
    guard let trained = try? RiskModel.train(training: training, validation: validation, threads: 2) else { fatalError("training failed") }
    try? trained.save(to: output.appendingPathComponent("model"))
    // One thread for scoring, as the peer gets.
    guard let model = try? RiskModel.load(from: output.appendingPathComponent("model"), threads: 1) else { fatalError("loading failed") }
    let features = model.pipeline.transform(test)
    features.withUnsafeBytes { raw in
        try? Data(raw).write(to: output.appendingPathComponent("test-features.f32"))
    }
    try? Data("\(test.count) \(model.pipeline.columnCount) \(model.metadata.bestRound + 1)\n".utf8).write(
        to: output.appendingPathComponent("shape.txt"))

    Benchmark(
        "Score 8,481 KCS test declarations, features + trees, 1 thread",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput], maxDuration: .seconds(20), maxIterations: 50)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try model.score(test)) }
    }

    Benchmark(
        "Score 8,481 KCS test declarations, compiled trees only (prepared features), 1 thread",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput], maxDuration: .seconds(20), maxIterations: 50)
    ) { benchmark in
        guard let compiled = model.compiled else { fatalError("the model did not compile") }
        for _ in benchmark.scaledIterations { blackHole(compiled.predict(features, rows: test.count)) }
    }

    Benchmark(
        "Score 8,481 KCS test declarations, XGBoost's predictor only (prepared features), 1 thread",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput], maxDuration: .seconds(20), maxIterations: 50)
    ) { benchmark in
        // A new matrix each time, as the Python peer builds one: XGBoost caches the
        // predictions of a matrix it has seen, which would measure nothing.
        for _ in benchmark.scaledIterations {
            let matrix = try DMatrix(values: features, rows: test.count, columns: model.pipeline.columnCount, threads: 1)
            blackHole(try model.booster.predict(matrix, rounds: model.metadata.bestRound + 1))
        }
    }

    Benchmark(
        "Train on the 37,385-row KCS training file (early stopping on validation, 2 threads)",
        configuration: .init(metrics: [.wallClock, .cpuTotal], maxDuration: .seconds(60), maxIterations: 3)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try RiskModel.train(training: training, validation: validation, threads: 2)) }
    }
}
