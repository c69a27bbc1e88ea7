import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import RiskEngine
import Storage

struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Train and evaluate fraud-risk models (XGBoost over leakage-free features).",
        subcommands: [
            RiskTrainCommand.self, RiskEvaluateCommand.self, RiskModelsCommand.self, RiskRulesCommand.self, RiskAssessCommand.self,
            RiskExplainCommand.self, RiskRerouteCommand.self, RiskOutcomeCommand.self, RiskAEOCommand.self, RiskWorklistCommand.self,
            RiskSimulateCommand.self, RiskRetrainCommand.self,
        ]
    )
}

/// Options naming the files and their layout.
struct RiskFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Training declarations (CSV).", valueName: "file"))
    var train: String?

    @Option(help: ArgumentHelp("Validation declarations: early stopping and every choice are made on these.", valueName: "file"))
    var valid: String?

    @Option(help: "Layout of the files: kcs or portunus.")
    var format: String = "kcs"

    @Option(help: "Threads for XGBoost.")
    var threads: Int = 2

    /// The layout; `validate()` has checked it exists.
    var mapping: ColumnMapping { ColumnMapping.builtIn[format] ?? .kcs }

    func validate() throws {
        if (train == nil) != (valid == nil) { throw ValidationError("--train and --valid go together") }
        if ColumnMapping.builtIn[format] == nil { throw ValidationError("--format must be kcs or portunus") }
    }
}

struct RiskTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model and write it (model.json, features.json, metadata.json with validation metrics).",
        discussion: """
            From files: --train and --valid. From the store: --from and --to (ISO 8601 dates) take the inspected \
            declarations lodged in that period; those from --valid-from on (default: the last fifth of the period) \
            are the validation set.
            """
    )

    @OptionGroup var files: RiskFileOptions

    @Option(help: ArgumentHelp("Train from the store: first day (ISO 8601).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Train from the store: day after the last (ISO 8601).", valueName: "date"))
    var to: String?

    @Option(name: .customLong("valid-from"), help: ArgumentHelp("Train from the store: first day of the validation set.", valueName: "date"))
    var validFrom: String?

    @Option(help: ArgumentHelp("Directory to write the model to.", valueName: "directory"))
    var out: String

    @Option(help: "Random seed (row and column sampling).")
    var seed: Int = 0

    @Flag(help: "Also version the model in the store (--data-dir) and make it the active one.")
    var register = false

    @Option(help: "A label for the registered model.")
    var label: String = ""

    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        let fromFiles = files.train != nil
        let fromStore = from != nil || to != nil
        if fromFiles == fromStore { throw ValidationError("give either --train and --valid, or --from and --to") }
        if fromStore && (from == nil || to == nil) { throw ValidationError("--from and --to go together") }
    }

    func run() async throws {
        CommandLogging.bootstrap()
        let start = Date()
        let output = URL(fileURLWithPath: out)
        let model: RiskModel
        do {
            if let train = files.train, let valid = files.valid {
                model = try RiskTraining().train(
                    .init(training: train, validation: valid, mapping: files.mapping),
                    seed: seed, threads: files.threads, output: output)
            } else {
                func day(_ text: String?, _ name: String) throws(PortunusError) -> Date? {
                    guard let text else { return nil }
                    guard let date = ISO8601.parse(text) else { throw PortunusError(.invalidDate, "\(name) is not an ISO 8601 date", field: name) }
                    return date
                }
                let store = try PortunusStore.opening(dataDirectory: data.configuration.dataDirectory)
                model = try RiskTraining().train(
                    store: store, from: try day(from, "from")!, to: try day(to, "to")!,
                    validationFrom: try day(validFrom, "valid-from"), seed: seed, threads: files.threads, output: output)
            }
        } catch let error as PortunusError {
            throw error.exit()
        }
        if register {
            let id = try data.withStore { store in try RiskModelRegistry(store: store).register(model, label: label) }
            print("registered as model \(id), now active")
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "trained on %d declarations in %.1f s; best round %d", model.metadata.trainingRows, seconds, model.metadata.bestRound))
        if let validation = model.metadata.validation {
            let rates = InspectionMetrics.rates.map(String.init)
            print(
                "validation precision@n%: "
                    + rates.map { "\($0): \(String(format: "%.3f", validation.precisionAt[$0] ?? 0))" }.joined(separator: ", ")
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

    func validate() throws {
        if files.train == nil { throw ValidationError("evaluate needs --train and --valid") }
    }

    func run() async throws {
        CommandLogging.bootstrap()
        guard let train = files.train, let valid = files.valid else { return }
        let report = try RiskTraining().evaluate(
            .init(training: train, validation: valid, test: test, mapping: files.mapping),
            seeds: seeds, threads: files.threads)
        if json {
            try printJSON(report)
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
        print(
            String(
                format: "AUC %.3f; training %.1f s per model", report.auc,
                report.trainingSeconds.reduce(0, +) / Double(max(report.trainingSeconds.count, 1))))
    }
}
