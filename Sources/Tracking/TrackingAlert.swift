import Foundation

public struct TrackingAlert: Sendable, Hashable {
    public var kind: AlertKind
    public var at: Date
    public var device: String
    public var movement: String?
    public var position: Position?
    public var zone: String?
    /// Words for the control room (never personal data, never a person's position).
    public var detail: String
    /// A drone operator's position from the Remote ID System message: a person's position,
    /// kept apart from the words so that it reaches the control room and nothing outside.
    public var operatorPosition: Position? = nil
}
