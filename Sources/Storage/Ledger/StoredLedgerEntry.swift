import Foundation
import GRDB
import PortunusCore

/// A row of the outbox.
public struct StoredLedgerEntry: Sendable, Hashable {
    public var seq: Int64
    public var type: String
    public var entry: Data
    public var createdAt: Date
    public var subject: String?
    public var ledgerIndex: UInt64?
}
