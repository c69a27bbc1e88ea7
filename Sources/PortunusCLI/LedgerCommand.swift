import ArgumentParser
import Crypto
import Foundation
import Ledger
import Portunus
import PortunusCore

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The verifiable ledger: a C2SP tiled transparency log partners can check without trusting us.",
        discussion: """
            The log lives in <data-dir>/ledger/ in the C2SP static layout (checkpoint, tile/…), which any
            static web server can serve; the signing key is <data-dir>/ledger.key (owner-only).
            """,
        subcommands: [
            LedgerInitCommand.self, LedgerVerifierKeyCommand.self, LedgerAppendCommand.self, LedgerPublishCommand.self,
            LedgerCheckpointCommand.self, LedgerProveCommand.self, LedgerEntryCommand.self, LedgerVerifyCommand.self,
            LedgerAuditCommand.self, LedgerPolicyCommand.self, LedgerWitnessCommand.self,
        ]
    )
}

struct LedgerInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the log and its Ed25519 signing key; print the verifier key partners need.")

    @Option(help: "The log's origin, also its key name: a schema-less URL such as customs.example/ledger.")
    var origin: String

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let log = try data.ledger { try TiledLog.create(dataDirectory: $0.dataDirectory, origin: origin) }
        print(log.signer.verifierKey.vkey)
        standardError("created the ledger \(origin) in \(log.paths.log.path); the key is \(log.paths.key.path) (owner-only)")
    }
}

struct LedgerVerifierKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verifier-key", abstract: "Print the log's verifier key.")

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        print(try data.ledger { try data.ownVerifierKey($0) }.vkey)
    }
}

struct LedgerAppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append entries, one JSON object per line; print the index of each.",
        discussion: """
            Each line is stored byte for byte as one entry (at most 65,535 bytes); with --type T the entry is
            {"type":"T","entry":<the line>}. Lines that are not a JSON object are reported with their line number and
            are not appended; the others are. Appends are written in batches of up to 256, each durable (its checkpoint
            signed and synced) before its indices are printed.
            """
    )

    @Option(help: "Wrap each line as {\"type\":T,\"entry\":…}.")
    var type: String?

    @Argument(help: "A file of JSON lines, or - for standard input.")
    var file: String

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let rejected = try data.ledger { paths -> Int in
            let log = try TiledLog(dataDirectory: paths.dataDirectory)
            let input = try readInput(file)
            var batch: [(line: Int, entry: Data)] = []
            var rejected = 0
            func flush() throws {
                guard !batch.isEmpty else { return }
                let first = try log.append(batch.map(\.entry))
                for (offset, item) in batch.enumerated() { standardOutput("line \(item.line): index \(first + UInt64(offset))") }
                batch.removeAll(keepingCapacity: true)
            }
            for (number, line) in input.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                var bytes = Data(line)
                if bytes.last == 0x0D { bytes.removeLast() }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do {
                    try JSONParser.validateObject(bytes)
                } catch let error as PortunusError {
                    standardError("line \(number + 1): \(error.code): \(error.reason)")
                    rejected += 1
                    continue
                }
                if let type {
                    let typeJSON = String(decoding: try JSONSerialization.data(withJSONObject: type, options: [.fragmentsAllowed]), as: UTF8.self)
                    bytes = Data(#"{"type":\#(typeJSON),"entry":"#.utf8) + bytes + Data("}".utf8)
                }
                guard bytes.count <= EntryBundle.maximumEntrySize else {
                    standardError("line \(number + 1): entry.too_large: \(bytes.count) bytes; at most \(EntryBundle.maximumEntrySize)")
                    rejected += 1
                    continue
                }
                batch.append((number + 1, bytes))
                if batch.count == 256 { try flush() }
            }
            try flush()
            standardError("appended; the log has \(log.size) entries\(rejected > 0 ? "; \(rejected) line(s) rejected" : "")")
            return rejected
        }
        if rejected > 0 { throw ExitCode(1) }
    }
}

struct LedgerCheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Print the latest signed checkpoint.")

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let note = try data.ledger { paths -> Data in
            guard let note = FileManager.default.contents(atPath: paths.checkpoint.path) else {
                throw LedgerError(.missingCheckpoint, "the ledger has no checkpoint", resource: paths.checkpoint.path)
            }
            _ = try Checkpoint.open(note, logKey: try data.ownVerifierKey(paths))
            return note
        }
        FileHandle.standardOutput.write(note)
    }
}

/// The signed checkpoint of a size: the current one, or one from the history.
func signedCheckpoint(_ paths: LedgerPaths, size: UInt64?) throws -> (Checkpoint, String) {
    guard let current = FileManager.default.contents(atPath: paths.checkpoint.path) else {
        throw LedgerError(.missingCheckpoint, "the ledger has no checkpoint", resource: paths.checkpoint.path)
    }
    let currentText = String(decoding: current, as: UTF8.self)
    let latest = try Checkpoint(text: try SignedNote.parse(current).text)
    guard let size, size != latest.size else { return (latest, currentText) }
    guard size < latest.size, let note = TiledLog.history(paths: paths).last(where: { $0.size == size })?.note else {
        throw LedgerError(.missingCheckpoint, "no checkpoint was issued at size \(size)")
    }
    return (try Checkpoint(text: try SignedNote.parse(note).text), note)
}

struct LedgerProveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove", abstract: "Print a tlog-proof (c2sp.org/tlog-proof@v1) that entry INDEX is in the log.")

    @Option(help: "The entry's index.")
    var index: UInt64

    @Option(help: "Prove against the checkpoint of this size (default: the latest).")
    var size: UInt64?

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let proof = try data.ledger { paths -> TlogProof in
            let (checkpoint, note) = try signedCheckpoint(paths, size: size)
            let path = try LedgerReader(source: .directory(paths.log)).inclusionProof(index: index, size: checkpoint.size)
            return TlogProof(index: index, path: path, checkpoint: note)
        }
        FileHandle.standardOutput.write(Data(proof.text.utf8))
    }
}

struct LedgerEntryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "entry", abstract: "Print entry INDEX, byte for byte (no newline added).")

    @Option(help: "The entry's index.")
    var index: UInt64

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let entry = try data.ledger { paths -> Data in
            let (checkpoint, _) = try signedCheckpoint(paths, size: nil)
            return try LedgerReader(source: .directory(paths.log)).entry(index: index, size: checkpoint.size)
        }
        FileHandle.standardOutput.write(entry)
    }
}

struct LedgerVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a tlog-proof offline: the log's signature, the witnesses' cosignatures and the entry's inclusion. Exit 0 only when valid.",
        discussion: """
            Needs no data directory and no network: only the proof, the entry's bytes, and either a C2SP tlog-policy
            (--policy: the logs accepted, the witnesses and the quorum of cosignatures required) or the log's verifier
            key (--vkey, with --witness for each cosignature that must verify).
            """
    )

    @Option(help: "The tlog-proof file.")
    var proof: String

    @Option(help: "A C2SP tlog-policy file: accepted logs, witnesses and the quorum.")
    var policy: String?

    @Option(help: "The log's verifier key (<name>+<key ID>+<key>), or a file holding it.")
    var vkey: String?

    @Option(help: "A witness's verifier key whose cosignature must verify too (repeatable).")
    var witness: [String] = []

    @Option(help: "The entry's exact bytes, or - for standard input.")
    var entry: String

    func run() async throws {
        do {
            let text = String(decoding: try readInput(proof), as: UTF8.self)
            let parsed = try TlogProof(text: text)
            let entryBytes = try readInput(entry)
            if let policy {
                guard vkey == nil, witness.isEmpty else { throw LedgerError(.invalidArgument, "give --policy, or --vkey with --witness, not both") }
                let trust = try TlogPolicy(text: String(decoding: try readInput(policy), as: UTF8.self))
                let verified = try parsed.verify(entry: entryBytes, policy: trust)
                let cosigners = verified.cosigners.sorted().joined(separator: ", ")
                print(
                    "valid: entry \(parsed.index) is in \(verified.checkpoint.origin) at size \(verified.checkpoint.size), cosigned by \(cosigners.isEmpty ? "no witness" : cosigners)"
                )
                return
            }
            guard let vkey else { throw LedgerError(.invalidArgument, "give --policy or --vkey") }
            let logKey = try NoteVerifierKey(vkey: try keyText(vkey))
            let witnesses = try witness.map { try NoteVerifierKey(vkey: try keyText($0)) }
            let checkpoint = try parsed.verify(entry: entryBytes, logKey: logKey, otherKeys: witnesses)
            let opened = try SignedNote.parse(parsed.checkpoint).open(with: [logKey] + witnesses)
            for key in witnesses where !opened.verified.contains(where: { $0.name == key.name && $0.keyID == key.keyID }) {
                throw LedgerError(.witnessCosignatureMissing, "no valid cosignature of \(key.name)")
            }
            print("valid: entry \(parsed.index) is in \(checkpoint.origin) at size \(checkpoint.size)")
        } catch let error as LedgerError {
            throw error.exit()
        }
    }
}

/// A key given inline or as a file.
func keyText(_ value: String) throws -> String {
    if value.contains("+") { return value }
    return String(decoding: try readInput(value), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

struct LedgerAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Walk a whole log: check the checkpoint's signature, recompute every tile and the root, and check consistency with the last checkpoint this audit saw.",
        discussion: """
            SOURCE is a directory in the C2SP layout or an http(s) URL prefix. The last verified checkpoint is kept per
            origin in <data-dir>/ledger-audit/; a log that went back or rewrote what that checkpoint covered fails.
            Without --vkey the data directory's own log key is used.
            """
    )

    @Argument(help: "A log directory or URL prefix (default: this data directory's ledger).")
    var source: String?

    @Option(help: "The log's verifier key, or a file holding it.")
    var vkey: String?

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        try data.ledger { paths in
            let key = try vkey.map { try NoteVerifierKey(vkey: try keyText($0)) } ?? data.ownVerifierKey(paths)
            let location = source ?? paths.log.path
            let logSource: LogSource
            if location.hasPrefix("http://") || location.hasPrefix("https://"), let url = URL(string: location) {
                logSource = .http(url)
            } else {
                logSource = .directory(URL(fileURLWithPath: location))
            }
            let stateDirectory = paths.dataDirectory.appendingPathComponent("ledger-audit")
            let digest = Hex.encode(SHA256.hash(data: Data(key.name.utf8)))
            let state = stateDirectory.appendingPathComponent(digest + ".checkpoint")
            let lastSeen = FileManager.default.contents(atPath: state.path).flatMap { try? Checkpoint(text: String(decoding: $0, as: UTF8.self)) }
            let started = Date()
            let report = try LedgerAudit.run(source: logSource, logKey: key, lastSeen: lastSeen)
            try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
            try Data(report.checkpoint.text.utf8).write(to: state, options: .atomic)
            print("ok: \(report.checkpoint.origin) size \(report.checkpoint.size), root \(report.checkpoint.root.base64)")
            print(
                "checked \(report.bundles) entry bundles and \(report.tiles) hash tiles in \(String(format: "%.2f", Date().timeIntervalSince(started))) s"
                    + (report.consistentWith.map { "; consistent with the size \($0) seen before" } ?? "; first audit of this log"))
        }
    }
}
