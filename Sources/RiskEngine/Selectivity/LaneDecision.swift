/// A lane decision and what it rests on.
public struct LaneDecision: Sendable, Hashable, Codable {
    public var id: String
    public var lane: Lane
    public var selection: Selection
    /// The score ranked by (after rules and AEO treatment).
    public var riskScore: Double
    /// The rule that forced the lane, when one did.
    public var forcedBy: String?
    /// The random seed of the office's day: with the day's candidates, it re-derives every
    /// lane (``Selectivity/assign(_:policy:seed:)``).
    public var seed: UInt64
}
