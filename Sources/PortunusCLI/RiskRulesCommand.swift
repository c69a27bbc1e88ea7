import ArgumentParser
import Foundation
import PortunusCore
import RiskEngine
import Rules

struct RiskRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Analysts' rule sets (YAML): validate, upload a new version, list, activate.",
        discussion: "Fields rules may use: " + DeclarationFacts.catalogue.fields.keys.sorted().joined(separator: ", ") + ".",
        subcommands: [RiskRulesValidateCommand.self, RiskRulesUploadCommand.self, RiskRulesListCommand.self, RiskRulesActivateCommand.self]
    )
}

func readRuleFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw PortunusError(.io, "cannot read the rule file", field: path).exit()
    }
    return String(decoding: data, as: UTF8.self)
}

struct RiskRulesValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a rule set; print each problem with line, rule and field.")
    @Argument(help: "The YAML rule set.") var file: String

    func run() async throws {
        do {
            let set = try RuleSetLoader.load(yaml: try readRuleFile(file), catalogue: DeclarationFacts.catalogue)
            print("valid: \(set.rules.count) rules (\(set.rules.map(\.id).joined(separator: ", ")))")
        } catch let error as RuleSetError {
            standardError("error: \(error)")
            throw ExitCode(2)
        }
    }
}

struct RiskRulesUploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Store a validated rule set as a new version.")
    @Argument(help: "The YAML rule set.") var file: String
    @Option(help: "Who wrote this version (recorded with it).") var by: String
    @Option(help: "What changed.") var note: String = ""
    @Flag(help: "Make it the active rule set.") var activate = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let yaml = try readRuleFile(file)
        let version = try data.withRiskStore { store -> Int64 in
            _ = try RuleSetLoader.load(yaml: yaml, catalogue: DeclarationFacts.catalogue)
            let version = try store.decisions.insertRuleSet(yaml: yaml, by: by, note: note)
            if activate { try store.decisions.activateRuleSet(version: version, by: by) }
            return version
        }
        print("rule set version \(version)\(activate ? " (active)" : "")")
    }
}

struct RiskRulesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List rule set versions: who, when, which is active.")
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        for set in try data.withRiskStore({ try $0.decisions.ruleSets() }) {
            print(
                "\(String(set.version).padded(4)) \((set.active ? "*" : "").padded(2)) \(ISO8601.format(set.createdAt).padded(21)) \(set.createdBy.padded(16)) \(set.note)"
            )
        }
    }
}

struct RiskRulesActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Make a stored version the active rule set.")
    @Argument(help: "The version.") var version: Int64
    @Option(help: "Who activates it (recorded).") var by: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        try data.withRiskStore { try $0.decisions.activateRuleSet(version: version, by: by) }
        print("rule set version \(version) is active")
    }
}
