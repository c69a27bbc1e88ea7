import Foundation
import GRDB
import PortunusCore
import Travel

public struct StoredVetting: Sendable, Hashable {
    public var id: Int64
    public var flightID: Int64
    public var travellerID: Int64
    public var status: VettingStatus
    public var severity: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var hits: [StoredTravelHit] = []
    public var events: [Event] = []
    public var lookout: StoredLookout?

    public struct Event: Sendable, Hashable {
        public var at: Date
        public var by: String
        /// status, note, lookout, outcome, demote, hit.
        public var kind: String
        public var value: String
        public var note: String?
        public var ledgerIndex: UInt64?
    }
}
