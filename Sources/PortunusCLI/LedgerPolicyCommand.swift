import ArgumentParser
import Foundation
import Ledger

struct LedgerPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Install (or show) this log's C2SP tlog-policy: its witnesses, with the URLs to ask them at, and the quorum.",
        discussion: """
            The server asks every witness with a URL to cosign each new checkpoint and publishes the cosigned
            checkpoint; partners verify proofs with the same file (portunus ledger verify --policy). The file must
            list this log. A running server picks up a new policy within a second.
            """
    )

    @Argument(help: "The policy file to install; without it, print the installed one.")
    var file: String?

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        try data.ledger { paths in
            guard let file else {
                guard let text = try? String(contentsOf: paths.policy, encoding: .utf8) else {
                    throw LedgerError(.missingPolicy, "no policy installed", resource: paths.policy.path)
                }
                print(text, terminator: "")
                return
            }
            let text = String(decoding: try readInput(file), as: UTF8.self)
            let policy: TlogPolicy
            do { policy = try TlogPolicy(text: text) } catch let error as LedgerError {
                throw LedgerError(error.code, error.reason, resource: file, line: error.line)
            }
            let own = try data.ownVerifierKey(paths)
            guard policy.logs.contains(where: { $0.key == own }) else {
                throw LedgerError(.invalidPolicy, "the policy does not list this log's key \(own.vkey)", resource: file)
            }
            try Data(text.utf8).write(to: paths.policy, options: .atomic)
            let asked = policy.witnesses.filter { $0.url != nil }.map(\.name)
            standardError("installed: \(policy.witnesses.count) witnesses, \(asked.count) asked to cosign (\(asked.joined(separator: ", ")))")
        }
    }
}
