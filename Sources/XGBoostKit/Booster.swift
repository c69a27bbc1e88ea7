import CXGBoost
import Foundation
import Synchronization

/// A gradient-boosted tree model, trained here or loaded from XGBoost JSON.
///
/// XGBoost's booster is not safe for concurrent use, and the buffers it returns belong to it
/// until the next call; every call therefore runs under a lock and results are copied before
/// the lock is released. The thread count is always set explicitly (`nthread`), never left to
/// XGBoost's "all cores" default, so that a server sizes its own work.
///
/// ```swift
/// let booster = try Booster.train(parameters: ["objective": "binary:logistic", "max_depth": "6"],
///                                 training: train, rounds: 300, threads: 2)
/// let scores = try booster.predict(test)
/// let json = try booster.modelJSON()          // loads in Python's xgboost 1.7 and 3.x
/// ```
public final class Booster: Sendable {
    private let state: Mutex<Handle>

    /// Wraps the raw handle so that it is only reachable under the lock.
    final class Handle: @unchecked Sendable {
        let raw: BoosterHandle
        init(_ raw: BoosterHandle) { self.raw = raw }
        deinit { XGBoosterFree(raw) }
    }

    /// The number of threads this booster uses.
    public let threads: Int

    private init(handle: BoosterHandle, threads: Int) throws(XGBoostError) {
        self.state = Mutex(Handle(handle))
        self.threads = threads
        try setParameter("nthread", String(XGBoostThreads.bounded(threads)))
    }

    /// A new, untrained booster over the given matrices (training first).
    public convenience init(parameters: [(String, String)], matrices: [DMatrix], threads: Int) throws(XGBoostError) {
        var handle: BoosterHandle? = nil
        var handles: [DMatrixHandle?] = matrices.map { $0.handle }
        let status = handles.withUnsafeMutableBufferPointer { buffer in
            XGBoosterCreate(buffer.baseAddress, bst_ulong(buffer.count), &handle)
        }
        try XGBoostError.check("XGBoosterCreate", status)
        guard let handle else { throw XGBoostError(function: "XGBoosterCreate", message: "no handle returned") }
        try self.init(handle: handle, threads: threads)
        // XGBoost keeps its own references to the matrices it caches, so they may be freed first.
        for (name, value) in parameters where name != "nthread" { try setParameter(name, value) }
    }

    /// Loads a model from XGBoost JSON (as saved by `save_model("model.json")` in Python, by
    /// any version from 1.7 on, or by ``modelJSON()``).
    public convenience init(modelJSON data: Data, threads: Int) throws(XGBoostError) {
        var handle: BoosterHandle? = nil
        try XGBoostError.check("XGBoosterCreate", XGBoosterCreate(nil, 0, &handle))
        guard let handle else { throw XGBoostError(function: "XGBoosterCreate", message: "no handle returned") }
        try self.init(handle: handle, threads: threads)
        let normalized = try ModelJSON.normalize(data)
        try state.withLock { (booster: inout Handle) throws(XGBoostError) in
            let status = normalized.withUnsafeBytes { raw in
                XGBoosterLoadModelFromBuffer(booster.raw, raw.baseAddress, bst_ulong(raw.count))
            }
            try XGBoostError.check("XGBoosterLoadModelFromBuffer", status, code: .invalidModel)
        }
        // Loading a model resets its configuration; the thread count is ours to set.
        try setParameter("nthread", String(XGBoostThreads.bounded(threads)))
    }

    public func setParameter(_ name: String, _ value: String) throws(XGBoostError) {
        try state.withLock { (booster: inout Handle) throws(XGBoostError) in
            try XGBoostError.check("XGBoosterSetParam(\(name))", XGBoosterSetParam(booster.raw, name, value))
        }
    }

    /// Runs one boosting round on the training matrix.
    public func update(iteration: Int, training: DMatrix) throws(XGBoostError) {
        try state.withLock { (booster: inout Handle) throws(XGBoostError) in
            try XGBoostError.check("XGBoosterUpdateOneIter", XGBoosterUpdateOneIter(booster.raw, Int32(iteration), training.handle))
        }
        withExtendedLifetime(training) {}
    }

    /// XGBoost's evaluation line for one round, e.g. `[12]\tvalid-auc:0.81`.
    public func evaluate(iteration: Int, sets: [(name: String, matrix: DMatrix)]) throws(XGBoostError) -> String {
        try state.withLock { (booster: inout Handle) throws(XGBoostError) -> String in
            var handles: [DMatrixHandle?] = sets.map { $0.matrix.handle }
            let names = sets.map { strdup($0.name) }
            defer { for name in names { free(name) } }
            var namePointers: [UnsafePointer<CChar>?] = names.map { UnsafePointer($0) }
            var result: UnsafePointer<CChar>? = nil
            let status = handles.withUnsafeMutableBufferPointer { matrices in
                namePointers.withUnsafeMutableBufferPointer { namesBuffer in
                    XGBoosterEvalOneIter(booster.raw, Int32(iteration), matrices.baseAddress, namesBuffer.baseAddress, bst_ulong(sets.count), &result)
                }
            }
            try XGBoostError.check("XGBoosterEvalOneIter", status)
            return result.map { String(cString: $0) } ?? ""
        }
    }

    /// XGBoost's prediction of `type` (0 values, 1 margins, 2 contributions), flat. The buffer
    /// belongs to the booster and is reused by its next call: it is copied under the lock.
    private func predictFlat(_ matrix: DMatrix, type: Int, rounds: Int?) throws(XGBoostError) -> [Float] {
        let configuration = #"{"type": \#(type), "training": false, "iteration_begin": 0, "iteration_end": \#(rounds ?? 0), "strict_shape": false}"#
        let result = try state.withLock { (booster: inout Handle) throws(XGBoostError) -> [Float] in
            var shape: UnsafePointer<bst_ulong>? = nil
            var dimensions: bst_ulong = 0
            var values: UnsafePointer<Float>? = nil
            try XGBoostError.check(
                "XGBoosterPredictFromDMatrix",
                XGBoosterPredictFromDMatrix(booster.raw, matrix.handle, configuration, &shape, &dimensions, &values))
            guard let shape, let values else { return [] }
            var count = 1
            for index in 0..<Int(dimensions) { count *= Int(shape[index]) }
            return Array(UnsafeBufferPointer(start: values, count: count))
        }
        withExtendedLifetime(matrix) {}
        return result
    }

    /// Scores every row: probabilities for `binary:logistic`, or raw margins when asked.
    /// `rounds` limits scoring to the first rounds (early stopping's best iteration).
    public func predict(_ matrix: DMatrix, outputMargin: Bool = false, rounds: Int? = nil) throws(XGBoostError) -> [Float] {
        try predictFlat(matrix, type: outputMargin ? 1 : 0, rounds: rounds)
    }

    /// TreeSHAP feature contributions (XGBoost's `pred_contribs`): per row, one value per
    /// feature and a last one for the bias, in margin (log-odds) units; each row sums to the
    /// row's margin.
    public func contributions(_ matrix: DMatrix, rounds: Int? = nil) throws(XGBoostError) -> [[Float]] {
        let flat = try predictFlat(matrix, type: 2, rounds: rounds)
        let width = matrix.columns + 1
        guard flat.count == matrix.rows * width else {
            throw XGBoostError(function: "contributions", message: "expected \(matrix.rows) × \(width) values, got \(flat.count)")
        }
        return (0..<matrix.rows).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
    }

    /// Number of boosting rounds in the model.
    public func rounds() throws(XGBoostError) -> Int {
        try state.withLock { (booster: inout Handle) throws(XGBoostError) -> Int in
            var count: Int32 = 0
            try XGBoostError.check("XGBoosterBoostedRounds", XGBoosterBoostedRounds(booster.raw, &count))
            return Int(count)
        }
    }

    /// The model as XGBoost JSON.
    public func modelJSON() throws(XGBoostError) -> Data {
        try state.withLock { (booster: inout Handle) throws(XGBoostError) -> Data in
            var length: bst_ulong = 0
            var bytes: UnsafePointer<CChar>? = nil
            try XGBoostError.check(
                "XGBoosterSaveModelToBuffer",
                XGBoosterSaveModelToBuffer(booster.raw, #"{"format": "json"}"#, &length, &bytes))
            guard let bytes else { return Data() }
            return Data(bytes: bytes, count: Int(length))
        }
    }

    /// A string attribute stored in the model (e.g. `best_iteration`), or nil.
    public func attribute(_ key: String) throws(XGBoostError) -> String? {
        try state.withLock { (booster: inout Handle) throws(XGBoostError) -> String? in
            var value: UnsafePointer<CChar>? = nil
            var success: Int32 = 0
            try XGBoostError.check("XGBoosterGetAttr", XGBoosterGetAttr(booster.raw, key, &value, &success))
            guard success == 1, let value else { return nil }
            return String(cString: value)
        }
    }

    public func setAttribute(_ key: String, _ value: String?) throws(XGBoostError) {
        try state.withLock { (booster: inout Handle) throws(XGBoostError) in
            try XGBoostError.check("XGBoosterSetAttr", XGBoosterSetAttr(booster.raw, key, value))
        }
    }
}

extension Booster {
    /// How training went: the rounds kept and the validation metric per round.
    public struct TrainingLog: Sendable {
        public var bestRound: Int
        public var bestScore: Double?
        public var history: [Double]
    }

    /// Trains for up to `rounds` rounds. With a validation matrix and `earlyStopping`, stops
    /// when the last `eval_metric` on it has not improved for that many rounds and keeps the
    /// best round (recorded as the model's `best_iteration` attribute, as Python does).
    public static func train(
        parameters: [(String, String)], training: DMatrix, rounds: Int, validation: DMatrix? = nil,
        earlyStopping: Int? = nil, maximize: Bool = true, threads: Int
    ) throws(XGBoostError) -> (Booster, TrainingLog) {
        let booster = try Booster(parameters: parameters, matrices: [training] + (validation.map { [$0] } ?? []), threads: threads)
        var history: [Double] = []
        var best: (round: Int, score: Double)? = nil
        for round in 0..<rounds {
            try booster.update(iteration: round, training: training)
            guard let validation else { continue }
            let line = try booster.evaluate(iteration: round, sets: [("valid", validation)])
            // "[3]\tvalid-logloss:0.41\tvalid-auc:0.78": the last metric decides.
            guard let last = line.split(separator: "\t").last, let colon = last.lastIndex(of: ":"),
                let score = Double(last[last.index(after: colon)...])
            else { continue }
            history.append(score)
            if best == nil || (maximize ? score > best!.score : score < best!.score) { best = (round, score) }
            if let patience = earlyStopping, let best, round - best.round >= patience { break }
        }
        let bestRound = best?.round ?? (rounds - 1)
        if validation != nil {
            try booster.setAttribute("best_iteration", String(bestRound))
            if let best { try booster.setAttribute("best_score", String(best.score)) }
        }
        return (booster, TrainingLog(bestRound: bestRound, bestScore: best?.score, history: history))
    }
}
