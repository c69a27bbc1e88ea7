import Foundation
import PortunusCore
import PortunusTestSupport
import Testing
import XGBoostKit

@testable import RiskEngine

@Suite("Risk explanations", .offPool)
struct ExplanationTests {
    /// A manifest with known medians and tallies, for exact sentences.
    func pipeline() -> FeaturePipeline {
        var tallies: [String: [String: FeatureManifest.Tally]] = [:]
        tallies["importer"] = ["I7": .init(fraud: 3, count: 4)]
        tallies["freq:importer"] = ["I7": .init(fraud: 0, count: 9)]
        tallies["hs6_x_origin"] = ["690722|CN": .init(fraud: 1, count: 20)]
        tallies["freq:office"] = ["O1": .init(fraud: 0, count: 50)]
        return FeaturePipeline(
            manifest: FeatureManifest(
                prior: 0.1, smoothing: 10, tallies: tallies, unitValueMedianByHS6Origin: ["690722|CN": log1p(1000) - log1p(100)],
                unitValueMedianByHS6: [:], unitValueMedian: 0, importerFirstSeen: ["I7": 20_000], featureNames: FeaturePipeline.featureNames))
    }

    func record(value: Double, mass: Double, importer: String = "I7", day: Int = 20_005) -> RiskRecord {
        let item = GoodsItem(
            sequence: 1, hsCode: HSCode(unchecked: "690722"), countryOfOrigin: Country(unchecked: "CN"),
            countryOfDeparture: Country(unchecked: "CN"), originMarking: "G", netMass: FixedDecimal(Int(mass)),
            customsValue: Money(FixedDecimal(Int(value)), .usd), dutyRate: FixedDecimal(8), taxType: "A")
        let declaration = Declaration(
            id: DeclarationID(unchecked: "E-1"), lodgedAt: Date(timeIntervalSince1970: Double(day) * 86_400 + 3600), office: "O1",
            procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
            parties: .init(declarant: "D1", importer: importer), items: [item])
        return RiskRecord(declaration: declaration)
    }

    @Test("sentences for a known declaration: valuation against the HS6 × origin median, importer tenure, histories, no party ids")
    func sentences() {
        let pipeline = pipeline()
        // Unit value (log1p(value) − log1p(mass)) chosen 73 % below the median.
        let median = log1p(1000.0) - log1p(100.0)
        let mass = 100.0
        let value = exp(median + log(0.27) + log1p(mass)) - 1
        let known = record(value: value.rounded(), mass: mass)
        #expect(pipeline.sentence(for: "unit_value_deviation", record: known) == "unit value 73% below the median for 690722 from CN")
        #expect(pipeline.sentence(for: "importer_tenure_days", record: known) == "importer first seen 5 days ago")
        #expect(pipeline.sentence(for: "importer", record: known) == "the importer: 3 of 4 inspected declarations irregular (75%)")
        #expect(pipeline.sentence(for: "hs6_x_origin", record: known) == "HS 690722 from CN: 1 of 20 inspected declarations irregular (5%)")
        #expect(pipeline.sentence(for: "office", record: known) == "office O1: no inspection history (50 declarations)")
        #expect(pipeline.sentence(for: "duty_rate", record: known) == "duty rate 8%")
        let stranger = record(value: 5000, mass: 10, importer: "I999")
        #expect(pipeline.sentence(for: "importer_tenure_days", record: stranger) == "importer seen for the first time")
        #expect(pipeline.sentence(for: "importer", record: stranger) == "the importer: never seen before")
        #expect(pipeline.sentence(for: "customs_value", record: stranger) == "customs_value")
        #expect(pipeline.sentence(for: "log_value", record: stranger) == "customs value 5,000")
        #expect(!pipeline.sentence(for: "importer_x_hs6", record: stranger).contains("I999"))
    }

    @Test("a model's explanations: TreeSHAP factors grouped per field, largest first, summing with the bias to the margin")
    func treeSHAP() throws {
        let (model, validation) = try trainSyntheticModel()
        let explanations = try model.explain(Array(validation.prefix(20)), top: 100)
        let margins = model.compiled!.predict(model.pipeline.transform(Array(validation.prefix(20))), rows: 20, outputMargin: true)
        for (explanation, margin) in zip(explanations, margins) {
            let total = explanation.factors.reduce(explanation.bias) { $0 + $1.contribution }
            #expect(abs(total - Double(margin)) < 1e-3)
            #expect(explanation.factors.map { abs($0.contribution) } == explanation.factors.map { abs($0.contribution) }.sorted(by: >))
            #expect(Set(explanation.factors.map(\.feature)).count == explanation.factors.count)
            #expect(explanation.factors.allSatisfy { $0.sentence.hasSuffix("(raises risk)") == ($0.contribution >= 0) })
        }
        // Importer propensity is what the synthetic data hides: it leads somewhere.
        let top = try model.explain(validation, top: 3).flatMap { $0.factors.map(\.feature) }
        #expect(top.contains { $0.contains("importer") })
    }
}
