import ArgumentParser
import Foundation
import Portunus

struct RiskModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "The risk models versioned in the store: list, activate, roll back.",
        subcommands: [RiskModelsListCommand.self, RiskModelsActivateCommand.self, RiskModelsRollbackCommand.self]
    )
}

struct RiskModelsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List models with their validation metrics.")
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let entries = try data.withStore { store in try RiskModelRegistry(store: store).list() }
        print("id  active  created               rows    P@5    P@10   AUC    label")
        for entry in entries {
            let validation = entry.metadata?.validation
            let figures = [validation?.precisionAt["5"], validation?.precisionAt["10"], validation?.auc].map {
                $0.map { String(format: "%.3f", $0) } ?? "-"
            }
            print(
                [
                    String(entry.id).padded(3), (entry.active ? "*" : "").padded(7), entry.createdAt.padded(21),
                    String(entry.metadata?.trainingRows ?? 0).padded(7), figures[0].padded(6), figures[1].padded(6), figures[2].padded(6),
                    entry.label,
                ].joined(separator: " "))
        }
    }
}

struct RiskModelsActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Make a model the active one.")
    @Argument(help: "The model id (as `risk models list` shows it).")
    var id: Int64
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        try data.withStore { store in try RiskModelRegistry(store: store).activate(id) }
        print("model \(id) is active")
    }
}

struct RiskModelsRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Return to the model that was active before.")
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let id = try data.withStore { store in try RiskModelRegistry(store: store).rollBack() }
        print("rolled back: model \(id) is active")
    }
}
