import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import RiskEngine

/// A model directory is outside input (given to `portunus risk`, or stored by an earlier
/// version), and so is a stored lodgement time: nothing in them may trap scoring.
@Suite("Risk models and records from outside")
struct RiskModelFileTests {
    @Test("a declaration lodged at an absurd time is a record on a clamped day, not a trap")
    func absurdLodgementTimeClampsTheDay() throws {
        let template = makeRecords(count: 1, days: 1, seed: 1)[0]
        let item = GoodsItem(
            sequence: 1, hsCode: HSCode(unchecked: "847130"), countryOfOrigin: Country(unchecked: "CN"), countryOfDeparture: Country(unchecked: "CN"),
            originMarking: "G", netMass: FixedDecimal(10), customsValue: Money(FixedDecimal(100), .usd), dutyRate: FixedDecimal(8), taxType: "A")
        for seconds in [1e300, -1e300] {
            let declaration = Declaration(
                id: DeclarationID(unchecked: template.id), lodgedAt: Date(timeIntervalSince1970: seconds), office: "O1",
                procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
                parties: .init(declarant: "D1", importer: "I1", seller: "S1"), items: [item])
            #expect(RiskRecord(declaration: declaration).day == (seconds > 0 ? Int.max : Int.min))
            #expect(
                DeclarationFacts(declaration: declaration, item: item, pipeline: nil, score: nil, aeo: false).day == (seconds > 0 ? Int.max : Int.min)
            )
        }
    }

    @Test("a manifest whose importer was first seen on day Int.min gives a finite tenure instead of overflowing")
    func extremeFirstSeenDayDoesNotOverflow() {
        let records = makeRecords(count: 50, days: 10, seed: 3)
        var manifest = FeaturePipeline.fit(records).0.manifest
        for importer in manifest.importerFirstSeen.keys { manifest.importerFirstSeen[importer] = Int.min }
        let pipeline = FeaturePipeline(manifest: manifest)
        let matrix = pipeline.transform(records)
        let tenure = FeaturePipeline.numericNames.firstIndex(of: "importer_tenure_days")!
        #expect(matrix[tenure].isFinite && matrix[tenure] > 9e18)
        let declaration = Declaration(
            id: DeclarationID(unchecked: "X1"), lodgedAt: Date(timeIntervalSince1970: 20_000 * 86_400), office: "O1",
            procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
            parties: .init(declarant: "D1", importer: manifest.importerFirstSeen.keys.first!, seller: "S1"),
            items: [
                GoodsItem(
                    sequence: 1, hsCode: HSCode(unchecked: "847130"), countryOfOrigin: Country(unchecked: "CN"),
                    countryOfDeparture: Country(unchecked: "CN"),
                    originMarking: "G", netMass: FixedDecimal(10), customsValue: Money(FixedDecimal(100), .usd), dutyRate: FixedDecimal(8),
                    taxType: "A")
            ])
        let facts = DeclarationFacts(declaration: declaration, item: declaration.items[0], pipeline: pipeline, score: nil, aeo: false)
        guard case .number(let days)? = facts.value(of: "importer_days_seen") else {
            Issue.record("no importer_days_seen")
            return
        }
        #expect(days > 9e18)
    }

    @Test("a model directory naming other features or an absurd best round is refused as risk_model.invalid", .offPool)
    func inconsistentModelDirectoryIsRefused() throws {
        var parameters = RiskModel.Hyperparameters()
        parameters.maximumRounds = 5
        parameters.earlyStoppingRounds = 5
        let model = try RiskModel.train(
            training: makeRecords(count: 300, days: 30, seed: 5), validation: makeRecords(count: 100, days: 5, seed: 6),
            hyperparameters: parameters, threads: 1)
        let directory = TestEnvironment.temporaryDirectory("risk-model-file")
        defer { TestEnvironment.cleanUp(directory) }
        try model.save(to: directory)
        let metadataURL = directory.appendingPathComponent("metadata.json")
        let featuresURL = directory.appendingPathComponent("features.json")
        let metadata = try Data(contentsOf: metadataURL)
        let features = try Data(contentsOf: featuresURL)
        _ = try RiskModel.load(from: directory, threads: 1)

        // Before: loaded, then `bestRound + 1` trapped on the first score.
        var edited = model.metadata
        edited.bestRound = Int.max
        try JSONEncoder().encode(edited).write(to: metadataURL)
        #expect(throws: PortunusError(.invalidRiskModel, "", field: "/bestRound")) { try RiskModel.load(from: directory, threads: 1) }
        try metadata.write(to: metadataURL)

        // Before: loaded, then the pipeline wrote past the end of each short row.
        var manifest = model.pipeline.manifest
        manifest.featureNames = ["log_value"]
        try manifest.encoded().write(to: featuresURL)
        #expect(throws: PortunusError(.invalidRiskModel, "", field: "/featureNames")) { try RiskModel.load(from: directory, threads: 1) }
        try features.write(to: featuresURL)
    }
}
