import Foundation
import PortunusCore
import RiskEngine
import Storage

/// The risk-model use cases over declaration files: train a model (early stopping on the
/// validation file) and evaluate the protocol on a held-out test file.
///
/// The protocol: hyper-parameters and early stopping are decided on the validation file
/// only; features of validation and test rows use labels of the training file only; the test
/// labels are read once, to score the report.
public struct RiskTraining: Sendable {
    public init() {}

    public struct Files: Sendable {
        public var training: String
        public var validation: String
        public var test: String?
        public var mapping: ColumnMapping
        public init(training: String, validation: String, test: String? = nil, mapping: ColumnMapping) {
            self.training = training
            self.validation = validation
            self.test = test
            self.mapping = mapping
        }
    }

    /// Trains one model and saves it (model, features, metadata with validation metrics).
    public func train(_ files: Files, seed: Int = 0, threads: Int, output: URL) throws -> RiskModel {
        let training = try records(files.training, files.mapping)
        let validation = try records(files.validation, files.mapping)
        let model = try RiskModel.train(training: training, validation: validation, seed: seed, threads: threads)
        try model.save(to: output)
        return model
    }

    /// The evaluation report: test metrics averaged over seeds, and each seed's.
    public struct Report: Codable, Sendable {
        public var precisionAt: [String: Double]
        public var recallAt: [String: Double]
        public var revenueAt: [String: Double]
        public var auc: Double
        public var normalized: InspectionMetrics.Normalized
        public var seeds: [InspectionMetrics]
        /// What revenue means in this report.
        public var revenue: String
        public var testRows: Int
        public var trainingSeconds: [Double]

        enum CodingKeys: String, CodingKey {
            case precisionAt = "precision_at", recallAt = "recall_at", revenueAt = "revenue_at", auc, normalized, seeds, revenue
            case testRows = "test_rows", trainingSeconds = "training_seconds"
        }
    }

    public func evaluate(_ files: Files, seeds: Int, threads: Int) throws -> Report {
        guard let testPath = files.test else { throw PortunusError(.invalidArgument, "evaluation needs a test file", field: "test") }
        let training = try records(files.training, files.mapping)
        let validation = try records(files.validation, files.mapping)
        // Features are fitted once; only the trees differ between seeds.
        let prepared = try RiskModel.prepare(training: training, validation: validation, threads: threads)
        var models: [RiskModel] = []
        var seconds: [Double] = []
        for seed in 0..<max(1, seeds) {
            let start = Date()
            models.append(try RiskModel.train(prepared, seed: seed, threads: threads))
            seconds.append(Date().timeIntervalSince(start))
        }
        // Only now are the test labels read, once, to score the report.
        let test = try records(testPath, files.mapping).filter { $0.fraud != nil }
        let fraud = test.map { $0.fraud! }
        let revenue = test.map { $0.fraud! ? $0.dutyAtStake : 0 }
        let ids = test.map(\.id)
        var runs: [InspectionMetrics] = []
        for model in models {
            let scores = try model.score(test)
            runs.append(InspectionMetrics.evaluate(scores: scores.map(Double.init), fraud: fraud, revenue: revenue, ids: ids))
        }
        let mean = InspectionMetrics.mean(runs)
        return Report(
            precisionAt: mean.precisionAt, recallAt: mean.recallAt, revenueAt: mean.revenueAt, auc: mean.auc,
            normalized: mean.normalized, seeds: runs,
            revenue: "duty proxy: fraud × customs value × duty rate / 100 (the data carry no recovered-revenue label)",
            testRows: test.count, trainingSeconds: seconds)
    }

    /// Trains from the declarations in the store lodged in [from, to): the inspected ones,
    /// split by time — those lodged from `validationFrom` on (by default the last fifth of the
    /// period) are the validation set.
    public func train(
        store: PortunusStore, from: Date, to: Date, validationFrom: Date? = nil, seed: Int = 0,
        threads: Int, output: URL
    ) throws -> RiskModel {
        guard from < to else { throw PortunusError(.invalidArgument, "--from must be before --to", field: "from") }
        let records = try store.declarations.allDeclarations(matching: .init(lodgedFrom: from, lodgedBefore: to))
            .filter { $0.outcome != nil }.map(RiskRecord.init(declaration:))
        let cut = validationFrom ?? from.addingTimeInterval(to.timeIntervalSince(from) * 0.8)
        let cutDay = Int((cut.timeIntervalSince1970 / 86_400).rounded(.down))
        let training = records.filter { $0.day < cutDay }
        let validation = records.filter { $0.day >= cutDay }
        guard !training.isEmpty, !validation.isEmpty else {
            throw PortunusError(
                .invalidArgument,
                "the period holds \(training.count) inspected declarations for training and \(validation.count) for validation; both need some",
                field: "from")
        }
        let model = try RiskModel.train(training: training, validation: validation, seed: seed, threads: threads)
        try model.save(to: output)
        return model
    }

    /// The feedback loop: trains on the inspected declarations of the last `days` days,
    /// registers the model, and activates it when its validation AUC is at least the active
    /// model's (or no model is active).
    ///
    /// With `cancellation` raised before the model is registered (the process is shutting
    /// down), stops with `operation.cancelled` and writes nothing to the store.
    public static func retrain(
        store: PortunusStore, days: Int, now: Date = Date(), threads: Int,
        cancellation: CancellationFlag? = nil
    ) throws -> (id: Int64, activated: Bool) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portunus-retrain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let stopped = PortunusError(.cancelled, "retraining stopped: the process is shutting down")
        if cancellation?.isRaised == true { throw stopped }
        let model = try RiskTraining().train(
            store: store, from: now.addingTimeInterval(-Double(days) * 86_400), to: now, threads: threads,
            output: directory)
        if cancellation?.isRaised == true { throw stopped }
        let registry = RiskModelRegistry(store: store)
        let active = try registry.list().first(where: \.active)?.metadata?.validation?.auc
        let better = active.map { (model.metadata.validation?.auc ?? 0) >= $0 } ?? true
        let id = try registry.register(model, label: "retrained \(ISO8601.format(now).prefix(10))", activate: better)
        return (id, better)
    }

    func records(_ path: String, _ mapping: ColumnMapping) throws -> [RiskRecord] {
        try DeclarationFile.read(path: path, mapping: mapping).declarations.map(RiskRecord.init(declaration:))
    }
}
