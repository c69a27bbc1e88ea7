import Foundation
import PortunusCore
import PortunusTestSupport
import Testing
import XGBoostKit

@testable import RiskEngine

/// Synthetic labelled records over `days` days: importers with their own fraud propensity.
func makeRecords(count: Int, days: Int, seed: UInt64) -> [RiskRecord] {
    var state = seed
    func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
    let origins = ["CN", "VN", "DE", "US"]
    return (0..<count).map { index in
        let importer = Int(next() * 40)
        let hs = ["847130", "610910", "220421", "870899"][Int(next() * 4)]
        let fraud = next() < (importer < 8 ? 0.7 : 0.1)
        let item = GoodsItem(
            sequence: 1, hsCode: HSCode(unchecked: hs), countryOfOrigin: Country(unchecked: origins[Int(next() * 4)]),
            countryOfDeparture: Country(unchecked: "CN"), originMarking: "G", netMass: FixedDecimal(scaledValue: Int64(1 + next() * 1e7)),
            customsValue: Money(FixedDecimal(scaledValue: Int64(1 + next() * 1e9)), .usd), dutyRate: FixedDecimal(8), taxType: "A")
        let declaration = Declaration(
            id: DeclarationID(unchecked: String(100_000 + index)),
            lodgedAt: Date(timeIntervalSince1970: Double(18_000 + index * days / count) * 86_400),
            office: "O\(Int(next() * 3))",
            procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
            parties: .init(declarant: "D\(importer % 5)", importer: "I\(importer)", seller: "S\(Int(next() * 20))"),
            items: [item], outcome: InspectionOutcome(result: fraud ? .irregularity : .noIrregularity, fraud: fraud))
        return RiskRecord(declaration: declaration)
    }
}

/// A model trained on 1500 synthetic records over 100 days with few rounds (quick, one
/// thread, so the same every run), and the 400 records over 20 days it was validated on.
func trainSyntheticModel() throws -> (model: RiskModel, validation: [RiskRecord]) {
    let validation = makeRecords(count: 400, days: 20, seed: 6)
    var parameters = RiskModel.Hyperparameters()
    parameters.maximumRounds = 60
    parameters.earlyStoppingRounds = 20
    let model = try RiskModel.train(
        training: makeRecords(count: 1500, days: 100, seed: 5), validation: validation, hyperparameters: parameters, threads: 1)
    return (model, validation)
}

func rowOf(_ matrix: [Float], _ row: Int, columns: Int) -> ArraySlice<Float> { matrix[(row * columns)..<((row + 1) * columns)] }

@Suite("Risk features")
struct FeaturePipelineTests {
    @Test("a training row's features do not change when its own label or any later label changes")
    func noLeakageWithinTraining() {
        let records = makeRecords(count: 600, days: 60, seed: 1)
        let (pipeline, original) = FeaturePipeline.fit(records)
        let columns = pipeline.columnCount
        for cutDay in [records[150].day, records[300].day, records[450].day] {
            var flipped = records
            for index in flipped.indices where flipped[index].day >= cutDay { flipped[index].fraud?.toggle() }
            let (_, changed) = FeaturePipeline.fit(flipped)
            for index in records.indices where records[index].day <= cutDay {
                #expect(
                    rowOf(original, index, columns: columns) == rowOf(changed, index, columns: columns),
                    "row \(index) saw a label of its own day or later")
            }
            // And later rows do see the earlier labels that changed: the encodings are live.
            let later = records.indices.filter { records[$0].day > cutDay + 1 }
            #expect(later.contains { rowOf(original, $0, columns: columns) != rowOf(changed, $0, columns: columns) })
        }
    }

    @Test("scored rows' features do not change when their labels change")
    func noLeakageWhenScoring() {
        let training = makeRecords(count: 500, days: 50, seed: 2)
        let (pipeline, _) = FeaturePipeline.fit(training)
        let test = makeRecords(count: 200, days: 20, seed: 3)
        var relabelled = test
        for index in relabelled.indices { relabelled[index].fraud = index % 3 == 0 ? nil : !(relabelled[index].fraud ?? false) }
        #expect(pipeline.transform(test) == pipeline.transform(relabelled))
    }

    @Test("unseen categories encode as the prior with zero support; the manifest round-trips")
    func unseenAndManifest() throws {
        let training = makeRecords(count: 300, days: 30, seed: 4)
        let (pipeline, _) = FeaturePipeline.fit(training)
        var stranger = training[0]
        stranger.categories = stranger.categories.map { _ in "never-seen" }
        let row = pipeline.transform([stranger])
        let names = pipeline.manifest.featureNames
        let te = try #require(names.firstIndex(of: "te_importer"))
        #expect(abs(Double(row[te]) - pipeline.manifest.prior) < 1e-6)
        #expect(row[te + 1] == 0 && row[te + 2] == 0)
        #expect(row[try #require(names.firstIndex(of: "importer_tenure_days"))] == 0)

        let decoded = try FeatureManifest.decode(pipeline.manifest.encoded())
        #expect(decoded == pipeline.manifest)
        #expect(FeaturePipeline(manifest: decoded).transform(training) == pipeline.transform(training))
    }
}

@Suite("Inspection metrics")
struct InspectionMetricsTests {
    @Test("exactly k = ⌊N·n/100⌋ are inspected, ties broken by ascending declaration id")
    func topKTies() {
        let scores = [0.9, 0.5, 0.5, 0.5, 0.1] + Array(repeating: 0.0, count: 45)
        let ids = ["5", "3", "10", "2", "1"] + (0..<45).map { "9\($0)" }
        #expect(InspectionMetrics.topK(scores: scores, ids: ids, rate: 2).map { ids[$0] } == ["5"])
        #expect(InspectionMetrics.topK(scores: scores, ids: ids, rate: 4).map { ids[$0] } == ["5", "2"])
        #expect(InspectionMetrics.topK(scores: scores, ids: ids, rate: 8).map { ids[$0] } == ["5", "2", "3", "10"])
        #expect(InspectionMetrics.topK(scores: scores, ids: ids, rate: 1).isEmpty)
    }

    @Test("precision, recall, revenue and their oracle bounds on a hand-computed example")
    func handComputed() {
        // 100 declarations scored in index order; frauds at 0, 2, 3, 7, 50, 60.
        let scores = (0..<100).map { 1 - Double($0) / 100 }
        let ids = (0..<100).map { String(1000 + $0) }
        var fraud = [Bool](repeating: false, count: 100)
        var revenue = [Double](repeating: 0, count: 100)
        for (index, amount) in [(0, 10.0), (2, 20), (3, 30), (7, 40), (50, 100), (60, 0)] {
            fraud[index] = true
            revenue[index] = amount
        }
        let metrics = InspectionMetrics.evaluate(scores: scores, fraud: fraud, revenue: revenue, ids: ids)
        #expect(metrics.precisionAt == ["1": 1, "2": 0.5, "5": 0.6, "10": 0.4])
        #expect(metrics.recallAt["1"] == 1.0 / 6 && metrics.recallAt["5"] == 0.5 && metrics.recallAt["10"] == 4.0 / 6)
        #expect(metrics.revenueAt == ["1": 0.05, "2": 0.05, "5": 0.3, "10": 0.5])
        #expect(metrics.normalized.precisionAt["10"] == 0.4 / 0.6)
        #expect(metrics.normalized.recallAt["1"] == 1)
        #expect(metrics.normalized.revenueAt["1"] == 0.1)
        // AUC by counting pairs: each fraud against each non-fraud ranked below it.
        var wins = 0.0
        for f in fraud.indices where fraud[f] { for n in fraud.indices where !fraud[n] { wins += scores[f] > scores[n] ? 1 : 0 } }
        #expect(abs(metrics.auc - wins / (6 * 94)) < 1e-12)
        #expect(InspectionMetrics.auc(scores: [0.5, 0.5], fraud: [true, false]) == 0.5)
    }
}

@Suite("Risk model", .offPool)
struct RiskModelTests {
    @Test("a model trains, saves, loads and scores identically")
    func saveAndLoad() throws {
        let (model, validation) = try trainSyntheticModel()
        #expect((model.metadata.validation?.auc ?? 0) > 0.7, "importer propensity is learnable")
        let directory = TestEnvironment.temporaryDirectory("risk-model")
        defer { TestEnvironment.cleanUp(directory) }
        try model.save(to: directory)
        let loaded = try RiskModel.load(from: directory, threads: 1)
        #expect(try loaded.score(validation) == model.score(validation))
        #expect(loaded.metadata == model.metadata)
        #expect(loaded.compiled?.treeCount == model.metadata.bestRound + 1)
    }

    @Test(
        "on the KCS files, the validation precision at 5 % and 10 % clears the goal, and compiled trees score as XGBoost does",
        .enabled(if: TestEnvironment.hasDatasets("customs-declarations/df_syn_train_eng.csv", "customs-declarations/df_syn_valid_eng.csv")))
    func kcsValidation() throws {
        func load(_ name: String) throws -> [RiskRecord] {
            try KCSTestReader.records(TestEnvironment.dataset("customs-declarations/" + name))
        }
        let validationRecords = try load("df_syn_valid_eng.csv")
        let model = try RiskModel.train(training: load("df_syn_train_eng.csv"), validation: validationRecords, threads: 2)
        let validation = try #require(model.metadata.validation)
        #expect(validation.precisionAt["5"]! >= 0.80)
        #expect(validation.precisionAt["10"]! >= 0.72)

        // Scoring goes through the compiled trees; XGBoost's predictor must agree on every row.
        let compiled = try #require(model.compiled)
        #expect(compiled.treeCount == model.metadata.bestRound + 1)
        let features = model.pipeline.transform(validationRecords)
        let matrix = try DMatrix(values: features, rows: validationRecords.count, columns: model.pipeline.columnCount, threads: 2)
        let margins = try model.booster.predict(matrix, outputMargin: true, rounds: model.metadata.bestRound + 1)
        #expect(compiled.predict(features, rows: validationRecords.count, outputMargin: true) == margins)
        let reference = try model.booster.predict(matrix, rounds: model.metadata.bestRound + 1)
        let gap = zip(try model.score(validationRecords), reference).map { abs($0 - $1) }.max() ?? 1
        #expect(gap < 1e-6)
    }
}

/// A minimal reader of the KCS layout for this test target, which does not depend on the
/// import module: the file has no quoted fields.
enum KCSTestReader {
    static func records(_ url: URL) throws -> [RiskRecord] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let item = GoodsItem(
                sequence: 1, hsCode: HSCode(unchecked: f[12]), countryOfOrigin: Country(unchecked: f[14]),
                countryOfDeparture: Country(unchecked: f[13]), originMarking: f[17], netMass: FixedDecimal(f[18])!,
                customsValue: Money(FixedDecimal(f[19])!, .krw), dutyRate: FixedDecimal(f[15])!, taxType: f[16])
            let declaration = Declaration(
                id: DeclarationID(unchecked: f[0]), lodgedAt: ISO8601.parse(f[1])!, office: f[2],
                procedure: .init(processType: f[3], importType: f[4], importUse: f[5], paymentType: f[6], modeOfTransport: f[7]),
                parties: .init(declarant: f[8], importer: f[9], seller: f[10].isEmpty ? nil : f[10], carrier: f[11].isEmpty ? nil : f[11]),
                items: [item], outcome: InspectionOutcome(result: f[20] == "1" ? .irregularity : .noIrregularity, fraud: f[20] == "1"))
            return RiskRecord(declaration: declaration)
        }
    }
}
