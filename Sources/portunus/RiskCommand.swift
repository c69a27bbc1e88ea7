import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import RiskEngine

struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Train and evaluate fraud-risk models (XGBoost over leakage-free features).",
        subcommands: [RiskTrainCommand.self, RiskEvaluateCommand.self]
    )
}

/// Options naming the files and their layout.
struct RiskFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Training declarations (CSV).", valueName: "file"))
    var train: String

    @Option(help: ArgumentHelp("Validation declarations: early stopping and every choice are made on these.", valueName: "file"))
    var valid: String

    @Option(help: "Layout of the files: kcs or portunus.")
    var format: String = "kcs"

    @Option(help: "Threads for XGBoost.")
    var threads: Int = 2

    func mapping() throws -> ColumnMapping {
        guard let mapping = ColumnMapping.builtIn[format] else { throw ValidationError("--format must be kcs or portunus") }
        return mapping
    }
}

struct RiskTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model and write it (model.json, features.json, metadata.json with validation metrics)."
    )

    @OptionGroup var files: RiskFileOptions

    @Option(help: ArgumentHelp("Directory to write the model to.", valueName: "directory"))
    var out: String

    @Option(help: "Random seed (row and column sampling).")
    var seed: Int = 0

    func run() async throws {
        CommandLogging.bootstrap()
        let start = Date()
        let model = try RiskTraining().train(.init(training: files.train, validation: files.valid, mapping: files.mapping()),
                                              seed: seed, threads: files.threads, output: URL(fileURLWithPath: out))
        let seconds = Date().timeIntervalSince(start)
        let validation = model.metadata.validation
        print(String(format: "trained on %d declarations in %.1f s; best round %d", model.metadata.trainingRows, seconds, model.metadata.bestRound))
        if let validation {
            let rates = InspectionMetrics.rates.map(String.init)
            print("validation precision@n%: " + rates.map { "\($0): \(String(format: "%.3f", validation.precisionAt[$0] ?? 0))" }.joined(separator: ", ")
                  + String(format: "; AUC %.3f", validation.auc))
        }
        print("model written to \(out)")
    }
}

struct RiskEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate on a held-out test file: precision, recall and revenue at 1, 2, 5, 10 % inspection, AUC.",
        discussion: """
            Trains one model per seed on --train with early stopping on --valid, then reads the test labels once \
            to score the report. The inspected set at n % is exactly ⌊N·n/100⌋ declarations, highest score first, \
            ties broken by ascending declaration id. Revenue on the KCS data is the duty proxy (fraud × value × \
            duty rate / 100).
            """
    )

    @OptionGroup var files: RiskFileOptions

    @Option(help: ArgumentHelp("Test declarations, scored once.", valueName: "file"))
    var test: String

    @Option(help: "Seeds to train and average over.")
    var seeds: Int = 5

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        CommandLogging.bootstrap()
        let report = try RiskTraining().evaluate(.init(training: files.train, validation: files.valid, test: test, mapping: files.mapping()),
                                                 seeds: seeds, threads: files.threads)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let rates = InspectionMetrics.rates.map(String.init)
        func row(_ name: String, _ values: [String: Double]) -> String {
            name.padded(18) + rates.map { String(format: "%8.3f", values[$0] ?? 0) }.joined()
        }
        print("test: \(report.testRows) declarations, mean of \(report.seeds.count) seeds".padded(18))
        print("".padded(18) + rates.map { ("@" + $0 + "%").leftPadded(8) }.joined())
        print(row("precision", report.precisionAt))
        print(row("recall", report.recallAt))
        print(row("revenue (proxy)", report.revenueAt))
        print(String(format: "AUC %.3f; training %.1f s per model", report.auc, report.trainingSeconds.reduce(0, +) / Double(max(report.trainingSeconds.count, 1))))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
