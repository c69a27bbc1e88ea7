import ArgumentParser
import Foundation
import Ledger
import PortunusCore

struct LedgerWitnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "This instance as a witness of partner administrations' logs (C2SP tlog-witness).",
        discussion: """
            `portunus serve` answers POST /ledger/witness/add-checkpoint for the logs followed. The witness's state
            (the last checkpoint cosigned per log) and the evidence of refused, validly signed checkpoints are in
            <data-dir>/witness/.
            """,
        subcommands: [WitnessInitCommand.self, WitnessKeyCommand.self, WitnessFollowCommand.self, WitnessStatusCommand.self]
    )
}

struct WitnessInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the witness's cosigning key (cosignature/v1, Ed25519); print its verifier key for partners' policies.")

    @Option(help: "The witness's name, e.g. customs-b.example/witness (never the name of a log).")
    var name: String

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let key = try data.ledger { paths -> NoteVerifierKey in
            guard !FileManager.default.fileExists(atPath: paths.witnessKey.path) else {
                throw LedgerError(.witnessExists, "this data directory already has a witness key", resource: paths.witnessKey.path)
            }
            try PrivateFiles.createDirectory(paths.dataDirectory.path)
            let signer = try NoteSigner.generate(name: name, type: NoteVerifierKey.cosignatureV1)
            try signer.writeKeyFile(paths.witnessKey.path)
            return signer.verifierKey
        }
        print(key.vkey)
    }
}

struct WitnessKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verifier-key", abstract: "Print the witness's verifier key.")

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let key = try data.ledger { paths -> NoteVerifierKey in
            guard let text = try? String(contentsOf: paths.witnessKey, encoding: .utf8) else {
                throw LedgerError(
                    .witnessMissing, "no witness here: run `portunus ledger witness init --name NAME` first", resource: paths.witnessKey.path)
            }
            return try NoteSigner(skey: text).verifierKey
        }
        print(key.vkey)
    }
}

struct WitnessFollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow", abstract: "Witness a partner's log: add its verifier key to witness.logs (a running server picks it up).")

    @Argument(help: "The log's verifier key (<origin>+<key ID>+<key>), or a file holding it.")
    var vkey: String

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        try data.ledger { paths in
            let key = try NoteVerifierKey(vkey: try keyText(vkey))
            guard key.type == NoteVerifierKey.ed25519 else { throw LedgerError(.invalidKey, "a log key has signature type 0x01") }
            let existing = (try? String(contentsOf: paths.witnessLogs, encoding: .utf8)) ?? ""
            var keys = try LedgerWitness.logList(existing)
            guard !keys.contains(key) else {
                standardError("already following \(key.name)")
                return
            }
            keys.removeAll { $0.name == key.name }
            let text =
                "# Logs this witness follows (portunus ledger witness follow).\n" + keys.map { "log \($0.vkey)\n" }.joined() + "log \(key.vkey)\n"
            try Data(text.utf8).write(to: paths.witnessLogs, options: .atomic)
            standardError("following \(key.name)")
        }
    }
}

struct WitnessStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The logs followed, the size last cosigned for each, and the evidence kept.")

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        try data.ledger { paths in
            guard let text = try? String(contentsOf: paths.witnessKey, encoding: .utf8) else {
                throw LedgerError(
                    .witnessMissing, "no witness here: run `portunus ledger witness init --name NAME` first", resource: paths.witnessKey.path)
            }
            let keys = try LedgerWitness.logList((try? String(contentsOf: paths.witnessLogs, encoding: .utf8)) ?? "")
            let witness = try LedgerWitness(signer: NoteSigner(skey: text), logs: keys, directory: paths.witnessDirectory)
            print("witness \(witness.name)")
            for key in keys {
                let size = witness.latest(origin: key.name).map { String($0.checkpoint.size) } ?? "none yet"
                print("  \(key.name): cosigned size \(size)")
            }
            let evidence = witness.evidence()
            print("evidence: \(evidence.count) refused checkpoint(s)\(evidence.isEmpty ? "" : " in \(paths.witnessDirectory.path)/evidence")")
        }
    }
}
