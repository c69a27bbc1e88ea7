import Foundation
import PortunusCore
import XGBoostKit

/// A trained fraud-risk model: the fitted feature pipeline and the gradient-boosted trees,
/// saved together in a directory (`model.json` in XGBoost JSON, `features.json`,
/// `metadata.json`) that Python's xgboost can open too.
public struct RiskModel: Sendable {
    public let pipeline: FeaturePipeline
    public let booster: Booster
    /// The booster's trees up to the best round, compiled for scoring; nil when the model is
    /// of a kind only XGBoost's own predictor scores (then ``score(_:)`` uses the booster).
    public let compiled: TreeEnsemble?
    public var metadata: Metadata

    init(pipeline: FeaturePipeline, booster: Booster, metadata: Metadata) throws {
        self.pipeline = pipeline
        self.booster = booster
        self.metadata = metadata
        self.compiled = try? TreeEnsemble(modelJSON: booster.modelJSON(), rounds: metadata.bestRound + 1)
    }

    /// What was trained, how, and how it did on validation.
    public struct Metadata: Codable, Sendable, Hashable {
        public var createdAt: String
        public var trainingRows: Int
        public var validationRows: Int
        public var parameters: [String: String]
        public var bestRound: Int
        public var validation: InspectionMetrics?
        public var seed: Int
    }

    /// Hyper-parameters, decided on the validation file (see the protocol in docs/declarations-and-risk.md, "Risk scoring").
    public struct Hyperparameters: Sendable, Hashable {
        public var maximumDepth = 6
        public var learningRate = 0.05
        public var subsample = 0.8
        public var columnSample = 0.6
        public var minimumChildWeight = 2.0
        public var maximumRounds = 2000
        public var earlyStoppingRounds = 100
        public var smoothing = 10.0
        public init() {}

        func xgboost(seed: Int) -> [(String, String)] {
            [
                ("objective", "binary:logistic"), ("eval_metric", "auc"), ("tree_method", "hist"),
                ("max_depth", String(maximumDepth)), ("eta", String(learningRate)), ("subsample", String(subsample)),
                ("colsample_bytree", String(columnSample)), ("min_child_weight", String(minimumChildWeight)),
                ("seed", String(seed)),
            ]
        }
    }

    /// Labelled records with the pipeline fitted on them and both matrices built: what every
    /// seed of an evaluation shares, so that features are computed once.
    public struct Prepared: Sendable {
        public let pipeline: FeaturePipeline
        let training: DMatrix
        let validation: DMatrix
        let validationRecords: [RiskRecord]
        let trainingRows: Int
    }

    /// Fits the feature pipeline on the labelled training records and encodes both sets.
    public static func prepare(
        training: [RiskRecord], validation: [RiskRecord], smoothing: Double = Hyperparameters().smoothing,
        threads: Int
    ) throws -> Prepared {
        let train = training.filter { $0.fraud != nil }
        let valid = validation.filter { $0.fraud != nil }
        let (pipeline, trainingMatrix) = FeaturePipeline.fit(train, smoothing: smoothing)
        let columns = pipeline.columnCount
        return Prepared(
            pipeline: pipeline,
            training: try DMatrix(
                values: trainingMatrix, rows: train.count, columns: columns,
                labels: train.map { $0.fraud! ? 1 : 0 }, threads: threads),
            validation: try DMatrix(
                values: pipeline.transform(valid), rows: valid.count, columns: columns,
                labels: valid.map { $0.fraud! ? 1 : 0 }, threads: threads),
            validationRecords: valid, trainingRows: train.count)
    }

    /// Trains on labelled training records, stopping early on the validation records.
    public static func train(
        training: [RiskRecord], validation: [RiskRecord], hyperparameters: Hyperparameters = .init(),
        seed: Int = 0, threads: Int
    ) throws -> RiskModel {
        let prepared = try prepare(training: training, validation: validation, smoothing: hyperparameters.smoothing, threads: threads)
        return try train(prepared, hyperparameters: hyperparameters, seed: seed, threads: threads)
    }

    /// Trains the trees on prepared data (its smoothing must be the hyper-parameters' own).
    public static func train(
        _ prepared: Prepared, hyperparameters: Hyperparameters = .init(), seed: Int = 0,
        threads: Int
    ) throws -> RiskModel {
        let parameters = hyperparameters.xgboost(seed: seed)
        let (booster, log) = try Booster.train(
            parameters: parameters, training: prepared.training, rounds: hyperparameters.maximumRounds, validation: prepared.validation,
            earlyStopping: hyperparameters.earlyStoppingRounds, maximize: true, threads: threads)
        let valid = prepared.validationRecords
        let scores = try booster.predict(prepared.validation, rounds: log.bestRound + 1)
        let validation = InspectionMetrics.evaluate(
            scores: scores.map(Double.init), fraud: valid.map { $0.fraud! }, revenue: valid.map { $0.fraud! ? $0.dutyAtStake : 0 },
            ids: valid.map(\.id))
        return try RiskModel(
            pipeline: prepared.pipeline, booster: booster,
            metadata: Metadata(
                createdAt: ISO8601DateFormatter().string(from: Date()), trainingRows: prepared.trainingRows, validationRows: valid.count,
                parameters: Dictionary(parameters, uniquingKeysWith: { $1 }), bestRound: log.bestRound, validation: validation, seed: seed))
    }

    /// Fraud probabilities, one per record, using the rounds up to the best validation round.
    public func score(_ records: [RiskRecord]) throws -> [Float] {
        guard !records.isEmpty else { return [] }
        let features = pipeline.transform(records)
        if let compiled, compiled.rounds == metadata.bestRound + 1, compiled.featureCount == pipeline.columnCount {
            return compiled.predict(features, rows: records.count)
        }
        let matrix = try DMatrix(values: features, rows: records.count, columns: pipeline.columnCount, threads: booster.threads)
        return try booster.predict(matrix, rounds: metadata.bestRound + 1)
    }

    public func save(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try booster.modelJSON().write(to: directory.appendingPathComponent("model.json"))
        try pipeline.manifest.encoded().write(to: directory.appendingPathComponent("features.json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(metadata).write(to: directory.appendingPathComponent("metadata.json"))
    }

    /// The most boosting rounds a loaded model may claim: scoring adds one to the best round.
    static let maximumRounds = 1_000_000

    /// A model directory is a file from outside (given to `portunus risk`, or written by an
    /// earlier version into the registry): the columns the manifest names are the columns
    /// ``FeaturePipeline`` writes by position, and the best round is added to, so both are
    /// checked here rather than trapped on when the first declaration is scored.
    static func check(manifest: FeatureManifest, metadata: Metadata) throws(PortunusError) {
        guard manifest.featureNames == FeaturePipeline.featureNames else {
            throw PortunusError(
                .invalidRiskModel,
                "features.json names \(manifest.featureNames.count) features; this version computes \(FeaturePipeline.featureNames.count) others",
                field: "/featureNames")
        }
        guard (0..<maximumRounds).contains(metadata.bestRound) else {
            throw PortunusError(.invalidRiskModel, "metadata.json's best round is not from 0 to \(maximumRounds - 1)", field: "/bestRound")
        }
    }

    public static func load(from directory: URL, threads: Int) throws -> RiskModel {
        let booster = try Booster(modelJSON: Data(contentsOf: directory.appendingPathComponent("model.json")), threads: threads)
        let manifest = try FeatureManifest.decode(Data(contentsOf: directory.appendingPathComponent("features.json")))
        let metadata = try JSONDecoder().decode(Metadata.self, from: Data(contentsOf: directory.appendingPathComponent("metadata.json")))
        try check(manifest: manifest, metadata: metadata)
        return try RiskModel(pipeline: FeaturePipeline(manifest: manifest), booster: booster, metadata: metadata)
    }
}
