import Foundation
import Ledger
import Portunus
import PortunusCore

extension DataDirectoryOptions {
    /// The certificate use cases for a command-line operator, as an admin named `by`.
    func certificates(_ body: (CertificateService, Principal) throws -> Void) throws {
        try withStore { store in
            let issuer = try? NoteSigner(skey: String(contentsOf: ledgerPaths.key, encoding: .utf8)).name
            try body(CertificateService(store: store, issuer: issuer), commandPrincipal)
        }
    }
}
