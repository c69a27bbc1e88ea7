import Foundation
import GRDB
import PortunusCore

public struct StoredSample: Sendable, Hashable {
    public var id: String
    public var declarationID: String?
    public var description: String
    public var state: CustodyState
    public var createdAt: Date
    public var events: [Event] = []

    public struct Event: Sendable, Hashable {
        /// The custody event, named after the state it brought the sample to (`taken` first).
        public var event: CustodyState
        public var at: Date
        public var by: String
        /// JSON object.
        public var details: String
        public var ledgerSeq: Int64
        public var ledgerIndex: UInt64?
    }
}
