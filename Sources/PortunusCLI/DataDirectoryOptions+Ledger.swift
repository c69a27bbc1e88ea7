import Foundation
import Ledger
import PortunusCore

extension DataDirectoryOptions {
    var ledgerPaths: LedgerPaths { LedgerPaths(dataDirectory: URL(fileURLWithPath: configuration.dataDirectory)) }

    /// Runs `body`, turning a ledger error into its printed form and exit status.
    func ledger<T>(_ body: (LedgerPaths) throws -> T) throws -> T {
        do {
            return try body(ledgerPaths)
        } catch let error as LedgerError {
            throw error.exit()
        } catch let error as PortunusError {
            throw error.exit()
        }
    }

    /// This log's own verifier key, from its signing key.
    func ownVerifierKey(_ paths: LedgerPaths) throws -> NoteVerifierKey {
        guard let text = try? String(contentsOf: paths.key, encoding: .utf8) else {
            throw LedgerError(.ledgerMissing, "no ledger here: run `portunus ledger init --origin NAME` first", resource: paths.key.path)
        }
        return try NoteSigner(skey: text).verifierKey
    }
}
