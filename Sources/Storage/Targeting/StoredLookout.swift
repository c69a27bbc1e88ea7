import Foundation
import GRDB
import PortunusCore
import Travel

public struct StoredLookout: Sendable, Hashable {
    public var id: Int64
    public var vettingID: Int64
    public var port: String
    /// Active, demoted, or closed with the outcome of the encounter.
    public var status: LookoutState.Status
    public var outcome: LookoutState.Outcome?
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date

    /// The lookout's status and outcome, as its state machine takes them.
    public var state: LookoutState { LookoutState(status: status, outcome: outcome) }
}
