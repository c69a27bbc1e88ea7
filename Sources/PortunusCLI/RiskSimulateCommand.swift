import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import RiskEngine

struct RiskSimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a stream week by week: inspect k, reveal only their labels, retrain; exploitation only against the exploration mix.",
        discussion: """
            Percentages are percentages: --rate 10 inspects 10 % of each week, --exploration 10 draws 10 % of those at \
            random. The stream files are replayed together in date order (on the KCS data: the validation and test files). \
            Revenue is the duty proxy (fraud × value × duty rate / 100).
            """
    )
    @Option(help: ArgumentHelp("Labelled training declarations (the starting model).", valueName: "file")) var train: String
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Declarations replayed in date order.", valueName: "file")) var stream: [String]
    @Option(help: "Layout of the files: kcs or portunus.") var format: String = "kcs"
    @Option(help: "Inspections per week, percent.") var rate: Double = 10
    @Option(help: "Share of the inspections drawn at random, percent.") var exploration: Double = 10
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Threads for XGBoost.") var threads: Int = 2
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        CommandLogging.bootstrap()
        guard let mapping = ColumnMapping.builtIn[format] else { throw ValidationError("--format must be kcs or portunus") }
        let report: RiskSimulation.Report
        do {
            func read(_ path: String) throws -> [RiskRecord] {
                try DeclarationFile.read(path: path, mapping: mapping).declarations.map(RiskRecord.init(declaration:))
            }
            report = try RiskSimulation(ratePercent: rate, explorationPercent: exploration, seed: seed, threads: threads)
                .run(training: try read(train), stream: try stream.flatMap(read)) { standardError($0) }
        } catch let error as PortunusError {
            throw error.exit()
        }
        if json {
            try printJSON(report)
            return
        }
        print(
            "week  start       n      k    | exploitation: P    norm P  revenue norm | exploration \(String(format: "%g", exploration))%: P    norm P  revenue norm"
        )
        for (a, b) in zip(report.arms[0].weeks, report.arms[1].weeks) {
            print(
                String(format: "%4d  ", a.week) + a.start
                    + String(
                        format: " %6d %6d | %.3f  %.3f  %.3f        | %.3f  %.3f  %.3f", a.declarations,
                        a.inspected, a.precision, a.normalizedPrecision, a.normalizedRevenue, b.precision, b.normalizedPrecision, b.normalizedRevenue)
            )
        }
        for arm in report.arms {
            print(
                arm.name
                    + String(
                        format: ": mean precision %.3f (normalised %.3f), revenue %.0f (normalised %.3f)", arm.meanPrecision,
                        arm.meanNormalizedPrecision, arm.totalRevenue, arm.normalizedRevenue))
        }
    }
}
