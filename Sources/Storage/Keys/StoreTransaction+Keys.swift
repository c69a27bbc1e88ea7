import Foundation
import GRDB
import PortunusCore

extension StoreTransaction {
    /// Records who did what in this transaction: the audit event stands or falls with the act.
    public func recordAudit(keyID: String, action: String, subject: String) throws {
        try KeyStore.recordAudit(db, keyID: keyID, action: action, subject: subject)
    }
}
