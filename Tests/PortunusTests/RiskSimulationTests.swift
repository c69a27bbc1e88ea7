import Foundation
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import RiskEngine

@Suite("Risk simulation", .offPool)
struct RiskSimulationTests {
    @Test("selection takes the riskiest k − e and e random others; the same seed draws the same")
    func selection() {
        let week = (0..<100).map { index in
            var record = RiskRecord(
                declaration: Declaration(
                    id: DeclarationID(unchecked: String(format: "W%03d", index)), lodgedAt: Date(timeIntervalSince1970: 0), office: "O",
                    procedure: .init(processType: "B", importType: "1", importUse: "1", paymentType: "1", modeOfTransport: "1"),
                    parties: .init(declarant: "D", importer: "I"),
                    items: [
                        GoodsItem(
                            sequence: 1, hsCode: HSCode(unchecked: "847130"), countryOfOrigin: Country(unchecked: "CN"),
                            countryOfDeparture: Country(unchecked: "CN"), originMarking: nil, netMass: FixedDecimal(1),
                            customsValue: Money(FixedDecimal(100), .usd), dutyRate: FixedDecimal(8), taxType: "A")
                    ]))
            record.fraud = index % 10 == 0
            return record
        }
        let scores = (0..<100).map { Double($0) / 100 }
        let exploit = RiskSimulation.select(week, scores: scores, ratePercent: 20, explorationPercent: 0, seed: 1)
        #expect(Set(exploit) == Set(80..<100))
        let mixed = RiskSimulation.select(week, scores: scores, ratePercent: 20, explorationPercent: 25, seed: 1)
        #expect(mixed.count == 20)
        #expect(Set(mixed.prefix(15)) == Set(85..<100))
        #expect(mixed.dropFirst(15).allSatisfy { $0 < 85 })
        #expect(RiskSimulation.select(week, scores: scores, ratePercent: 20, explorationPercent: 25, seed: 1) == mixed)
        let measured = RiskSimulation.measure(week, selected: exploit, index: 0, ratePercent: 20)
        #expect(measured.found == 2 && measured.precision == 0.1)
        #expect(measured.normalizedPrecision == 0.2, "10 frauds in the week, 20 inspections: the oracle finds 10")
        #expect(measured.normalizedRevenue == 0.2, "2 of the 10 equal-duty frauds")
    }

    @Test("both arms replay every week, reveal only what they inspect, and retrain")
    func replay() throws {
        let directory = TestEnvironment.temporaryDirectory("simulate")
        defer { TestEnvironment.cleanUp(directory) }
        let path = directory.appendingPathComponent("demo.csv").path
        _ = try DemoGenerator().generate(.init(declarations: 4000, seed: 8, days: 120), to: path)
        let records = try DeclarationFile.read(path: path, mapping: .portunus).declarations.map(RiskRecord.init(declaration:))
            .sorted { ($0.day, $0.id) < ($1.day, $1.id) }
        // Every declaration labelled, as on the KCS files; the first 60 % start the model.
        let labelled = records.map { record -> RiskRecord in
            var copy = record
            copy.fraud = copy.fraud ?? false
            return copy
        }
        let cut = labelled.count * 6 / 10
        var parameters = RiskModel.Hyperparameters()
        parameters.maximumRounds = 40
        parameters.earlyStoppingRounds = 10
        let report = try RiskSimulation(ratePercent: 10, explorationPercent: 20, seed: 3, threads: 1, hyperparameters: parameters)
            .run(training: Array(labelled[..<cut]), stream: Array(labelled[cut...]))
        #expect(report.arms.map(\.name) == ["exploitation", "exploration"])
        let weeks = report.arms[0].weeks
        #expect(weeks.count == report.arms[1].weeks.count && weeks.count >= 6)
        #expect(weeks.reduce(0) { $0 + $1.declarations } == labelled.count - cut)
        for week in weeks { #expect(week.inspected == week.declarations / 10) }
        #expect(report.arms.allSatisfy { arm in arm.weeks.allSatisfy { $0.normalizedPrecision <= 1 && $0.normalizedRevenue <= 1 + 1e-9 } })
        #expect(report.arms[0].meanPrecision > 0)
    }
}
