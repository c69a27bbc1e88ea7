import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Storage

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys.",
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysRevokeCommand.self]
    )
}

extension Role: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { Role.all.map(\.rawValue) }
}

extension Grant: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { Grant.all.map(\.rawValue) }
}

struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API key and print it once.",
        discussion: "Only a hash of the key is stored: keep the printed key, it cannot be shown again."
    )

    @Option(help: "Role: admin, analyst, officer, trader or partner.")
    var role: Role

    @Option(name: .customLong("grant"), help: "A grant on top of the role (repeatable): unmask.")
    var grants: [Grant] = []

    @Option(help: "For a trader key: the importer or declarant id it acts for; for a partner key: the agency, port or bank it speaks for.")
    var party: String?

    @Option(help: "A label to recognise the key by.")
    var label: String = ""

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let created = try data.withStore { store in
            try APIKeys(store: store).create(role: role, grants: Set(grants), party: party, label: label)
        }
        print(created.token)
        standardError(
            "created key \(created.id) (role \(role)\(grants.isEmpty ? "" : ", grants \(grants.map(\.rawValue).sorted().joined(separator: ","))")); the key above is not shown again"
        )
    }
}

struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List API keys (ids and roles, never the secrets).")

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let keys = try data.withStore { store in try APIKeys(store: store).list() }
        print("id             role      grants  party        label  created               revoked")
        for key in keys {
            let grants = key.grants.map(\.rawValue).sorted().joined(separator: ",")
            print(
                [
                    key.id.padded(14), key.role.rawValue.padded(9), (grants.isEmpty ? "-" : grants).padded(7),
                    (key.party.map { _ in "(bound)" } ?? "-").padded(12), (key.label.isEmpty ? "-" : key.label).padded(6),
                    ISO8601.format(key.createdAt).padded(21), key.revokedAt.map(ISO8601.format) ?? "-",
                ].joined(separator: " "))
        }
    }
}

struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an API key at once.")

    @Argument(help: "The key id (as `keys list` shows it).")
    var id: String

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        try data.withStore { store in try APIKeys(store: store).revoke(id: id) }
        print("revoked \(id)")
    }
}
