import Foundation
import GRDB
import PortunusCore
import Travel

/// A hit as stored on a vetting item: what screening or a rule found (``found``, whose fields
/// read through, as `hit.severity`), with its id, item and time.
@dynamicMemberLookup
public struct StoredTravelHit: Sendable, Hashable {
    public var id: Int64
    public var vettingID: Int64
    public var found: NewTravelHit
    public var createdAt: Date

    public init(id: Int64, vettingID: Int64, found: NewTravelHit, createdAt: Date) {
        self.id = id
        self.vettingID = vettingID
        self.found = found
        self.createdAt = createdAt
    }

    public subscript<Value>(dynamicMember path: KeyPath<NewTravelHit, Value>) -> Value { found[keyPath: path] }
}
