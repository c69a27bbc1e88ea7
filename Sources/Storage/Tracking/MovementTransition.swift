import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A change of a movement's state (`from` is nil for its opening).
public struct MovementTransition: Sendable, Hashable {
    public var reference: String
    public var from: TransitMovement.State?
    public var to: TransitMovement.State
    public var reason: String?

    public init(reference: String, from: TransitMovement.State?, to: TransitMovement.State, reason: String?) {
        self.reference = reference
        self.from = from
        self.to = to
        self.reason = reason
    }
}
