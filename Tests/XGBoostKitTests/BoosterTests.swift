import Foundation
import PortunusTestSupport
import Testing

@testable import XGBoostKit

/// A small, deterministic binary problem: the label depends on two of four features, with
/// missing values in one column.
func syntheticData(rows: Int, seed: UInt64) -> (values: [Float], labels: [Float]) {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    func next() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24)
    }
    var values: [Float] = []
    var labels: [Float] = []
    for row in 0..<rows {
        let a = next()
        let b = next()
        let c = next()
        let d = next()
        values += [a, b, row % 7 == 0 ? .nan : c, d]
        labels.append(a + 0.5 * b + 0.2 * next() > 0.9 ? 1 : 0)
    }
    return (values, labels)
}

@Suite("XGBoost through its C API")
struct BoosterTests {
    @Test("a model trains, scores probabilities, and round-trips through XGBoost JSON unchanged", .offPool)
    func trainAndRoundTrip() throws {
        let data = syntheticData(rows: 2000, seed: 1)
        let matrix = try DMatrix(values: data.values, rows: 2000, columns: 4, labels: data.labels, threads: 1)
        let (booster, log) = try Booster.train(
            parameters: [("objective", "binary:logistic"), ("max_depth", "3"), ("eta", "0.3"), ("eval_metric", "auc")],
            training: matrix, rounds: 30, validation: matrix, earlyStopping: 5, threads: 1)
        #expect(log.history.count >= 1)
        #expect((log.bestScore ?? 0) > 0.9)
        #expect(try booster.rounds() >= log.bestRound + 1)
        #expect(try booster.attribute("best_iteration") == String(log.bestRound))

        let scores = try booster.predict(matrix)
        #expect(scores.count == 2000)
        #expect(scores.allSatisfy { $0 > 0 && $0 < 1 })
        let margins = try booster.predict(matrix, outputMargin: true)
        #expect(abs(1 / (1 + exp(-Double(margins[0]))) - Double(scores[0])) < 1e-6)

        let json = try booster.modelJSON()
        let reloaded = try Booster(modelJSON: json, threads: 2)
        #expect(try reloaded.predict(matrix) == scores)
        #expect(try reloaded.attribute("best_iteration") == String(log.bestRound))
    }

    @Test("XGBoost's own message comes through on errors")
    func errors() throws {
        let data = syntheticData(rows: 10, seed: 2)
        let matrix = try DMatrix(values: data.values, rows: 10, columns: 4, labels: data.labels, threads: 1)
        #expect(throws: XGBoostError.self) { try DMatrix(values: [1, 2, 3], rows: 2, columns: 2, threads: 1) }
        let booster = try Booster(parameters: [("objective", "binary:logistic")], matrices: [matrix], threads: 1)
        do {
            try booster.setParameter("objective", "reg:nonsense")
            try booster.update(iteration: 0, training: matrix)
            Issue.record("an unknown objective was accepted")
        } catch {
            #expect(error.message.contains("nonsense"), "XGBoost's message: \(error.message)")
        }
        #expect(throws: XGBoostError.self) { try Booster(modelJSON: Data("{not json".utf8), threads: 1) }
    }

    @Test("a booster can be scored from several tasks at once")
    func concurrentScoring() async throws {
        let data = syntheticData(rows: 500, seed: 3)
        let matrix = try DMatrix(values: data.values, rows: 500, columns: 4, labels: data.labels, threads: 1)
        let (booster, _) = try Booster.train(parameters: [("objective", "binary:logistic")], training: matrix, rounds: 10, threads: 1)
        let expected = try booster.predict(matrix)
        try await withThrowingTaskGroup(of: [Float].self) { group in
            for _ in 0..<8 { group.addTask { try booster.predict(matrix) } }
            for try await result in group { #expect(result == expected) }
        }
    }

    @Test("base_score written as a vector by XGBoost 3 is read as the scalar 1.7 expects")
    func baseScoreVector() throws {
        let model = #"{"learner": {"learner_model_param": {"base_score": "[3E-1]", "num_class": "0"}}, "version": [3, 2, 0]}"#
        let normalized = try ModelJSON.normalize(Data(model.utf8))
        let object = try JSONSerialization.jsonObject(with: normalized) as? [String: Any]
        let parameters = (object?["learner"] as? [String: Any])?["learner_model_param"] as? [String: Any]
        #expect(parameters?["base_score"] as? String == "3E-1")
        let several = #"{"learner": {"learner_model_param": {"base_score": "[3E-1,4E-1]"}}}"#
        #expect(throws: XGBoostError.self) { try ModelJSON.normalize(Data(several.utf8)) }
    }
}

@Suite("Compiled tree ensembles", .offPool)
struct TreeEnsembleTests {
    @Test(
        "compiled trees give XGBoost's margins exactly and its probabilities, with missing values and a round limit",
        arguments: [(depth: 3, rounds: 40), (depth: 8, rounds: 120)])
    func agreesWithXGBoost(depth: Int, rounds: Int) throws {
        let data = syntheticData(rows: 3000, seed: 5)
        let matrix = try DMatrix(values: data.values, rows: 3000, columns: 4, labels: data.labels, threads: 1)
        let (booster, _) = try Booster.train(
            parameters: [
                ("objective", "binary:logistic"), ("max_depth", String(depth)), ("eta", "0.1"), ("subsample", "0.8"),
                ("seed", "3"),
            ],
            training: matrix, rounds: rounds, threads: 1)
        // Rows the model never saw, some of them with every value missing.
        var unseen = syntheticData(rows: 700, seed: 6).values
        for index in stride(from: 0, to: unseen.count, by: 11) { unseen[index] = .nan }
        for index in 0..<4 { unseen[4 * 13 + index] = .nan }
        let unseenMatrix = try DMatrix(values: unseen, rows: 700, columns: 4, threads: 1)

        for limit in [nil, rounds / 2] {
            let ensemble = try TreeEnsemble(modelJSON: booster.modelJSON(), rounds: limit)
            #expect(ensemble.treeCount == limit ?? rounds)
            #expect(ensemble.transform == .sigmoid)
            for (values, rows, xgbMatrix) in [(data.values, 3000, matrix), (unseen, 700, unseenMatrix)] {
                let margins = try booster.predict(xgbMatrix, outputMargin: true, rounds: limit)
                #expect(ensemble.predict(values, rows: rows, outputMargin: true) == margins)
                let scores = try booster.predict(xgbMatrix, rounds: limit)
                let gap = zip(ensemble.predict(values, rows: rows), scores).map { abs($0 - $1) }.max() ?? 1
                #expect(gap < 1e-6)
            }
        }
    }

    @Test("models it cannot score exactly are refused with the reason, so the caller keeps XGBoost's predictor")
    func refusesWhatItDoesNotCover() throws {
        let data = syntheticData(rows: 300, seed: 7)
        let matrix = try DMatrix(values: data.values, rows: 300, columns: 4, labels: data.labels, threads: 1)
        let (linear, _) = try Booster.train(
            parameters: [("booster", "gblinear"), ("objective", "binary:logistic")],
            training: matrix, rounds: 3, threads: 1)
        #expect(throws: XGBoostError.self) { try TreeEnsemble(modelJSON: linear.modelJSON()) }
        let (poisson, _) = try Booster.train(parameters: [("objective", "count:poisson")], training: matrix, rounds: 3, threads: 1)
        do {
            _ = try TreeEnsemble(modelJSON: poisson.modelJSON())
            Issue.record("a Poisson model compiled")
        } catch {
            #expect(error.message.contains("count:poisson"))
        }
        #expect(throws: XGBoostError.self) { try TreeEnsemble(modelJSON: Data("[]".utf8)) }
    }
}

@Suite("Models shared with Python's xgboost", .serialized, .offPool)
struct InteropTests {
    static let script = TestEnvironment.repositoryRoot.appendingPathComponent("interop/xgboost/xgb_interop.py")

    /// Writes the data as CSV (label first; NaN as an empty field).
    func writeCSV(_ data: (values: [Float], labels: [Float]), columns: Int, to url: URL) throws {
        var text = ""
        for row in 0..<data.labels.count {
            let fields = (0..<columns).map { column -> String in
                let value = data.values[row * columns + column]
                return value.isNaN ? "" : String(format: "%.9g", value)
            }
            text += ([String(format: "%g", data.labels[row])] + fields).joined(separator: ",") + "\n"
        }
        try Data(text.utf8).write(to: url)
    }

    func readPredictions(_ url: URL) throws -> [Double] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { Double($0) }
    }

    @Test(
        "models trained in Python (xgboost 1.7.4 and 3.x) score identically here, and ours score identically there",
        .enabled(if: TestEnvironment.hasPython(".venv", ".venv-xgb17")),
        arguments: [".venv-xgb17", ".venv"])
    func bothWays(environment: String) throws {
        let python = try #require(TestEnvironment.python(environment))
        let directory = TestEnvironment.temporaryDirectory("xgb-interop")
        defer { TestEnvironment.cleanUp(directory) }
        let data = syntheticData(rows: 1500, seed: 9)
        let csv = directory.appendingPathComponent("data.csv")
        try writeCSV(data, columns: 4, to: csv)
        let matrix = try DMatrix(values: data.values, rows: 1500, columns: 4, threads: 1)

        // Python → Portunus.
        let pythonModel = directory.appendingPathComponent("python-model.json")
        let pythonScores = directory.appendingPathComponent("python-scores.txt")
        let trained = try TestEnvironment.run(python, [InteropTests.script.path, "train", csv.path, pythonModel.path, pythonScores.path])
        #expect(trained.status == 0, "\(trained.output)")
        let loaded = try Booster(modelJSON: Data(contentsOf: pythonModel), threads: 1)
        let ours = try loaded.predict(matrix)
        let theirs = try readPredictions(pythonScores)
        #expect(theirs.count == ours.count)
        let worst = zip(ours, theirs).map { abs(Double($0) - $1) }.max() ?? 1
        #expect(worst < 1e-6, "largest difference \(worst) with \(trained.output)")
        let compiled = try TreeEnsemble(modelJSON: Data(contentsOf: pythonModel)).predict(data.values, rows: 1500)
        let compiledGap = zip(compiled, theirs).map { abs(Double($0) - $1) }.max() ?? 1
        #expect(compiledGap < 1e-6, "compiled trees: largest difference \(compiledGap)")

        // Portunus → Python.
        let labelled = try DMatrix(values: data.values, rows: 1500, columns: 4, labels: data.labels, threads: 1)
        let (booster, _) = try Booster.train(
            parameters: [("objective", "binary:logistic"), ("max_depth", "5"), ("eta", "0.2")],
            training: labelled, rounds: 20, threads: 1)
        let ourModel = directory.appendingPathComponent("portunus-model.json")
        try booster.modelJSON().write(to: ourModel)
        let ourScores = try booster.predict(matrix)
        let scoredThere = directory.appendingPathComponent("portunus-scored-there.txt")
        let scored = try TestEnvironment.run(python, [InteropTests.script.path, "score", ourModel.path, csv.path, scoredThere.path])
        #expect(scored.status == 0, "\(scored.output)")
        let there = try readPredictions(scoredThere)
        let gap = zip(ourScores, there).map { abs(Double($0) - $1) }.max() ?? 1
        #expect(there.count == ourScores.count)
        #expect(gap < 1e-6, "largest difference \(gap) with \(scored.output)")
    }
}
