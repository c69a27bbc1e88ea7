import Foundation
import GRDB
import PortunusCore

/// An entry for the verifiable ledger, enqueued in the transaction of the act it records.
public struct LedgerOutboxEntry: Sendable {
    public var type: String
    /// What the entry is about (a declaration id, a certificate id), for lookups; never
    /// personal data.
    public var subject: String?
    /// Salts of the entry's commitments (JSON), kept only in the database.
    public var secrets: String?
    /// The entry's bytes, given its outbox sequence number.
    public var make: @Sendable (Int64) -> Data

    public init(type: String, subject: String? = nil, secrets: String? = nil, make: @escaping @Sendable (Int64) -> Data) {
        self.type = type
        self.subject = subject
        self.secrets = secrets
        self.make = make
    }
}
