import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// What the tracking service writes in one transaction: positions and seal reports as
/// received, the alerts they caused, and the state changes of movements.
public struct TrackingBatch: Sendable {
    public var positions: [StoredPosition] = []
    public var seals: [StoredSealEvent] = []
    /// Alerts, each with the lane its declaration should at least be in (nil: raise nothing).
    public var alerts: [(alert: StoredAlert, raiseTo: Lane?)] = []
    public var transitions: [MovementTransition] = []

    public init() {}
    public var isEmpty: Bool { positions.isEmpty && seals.isEmpty && alerts.isEmpty && transitions.isEmpty }
}
