/// A hit: the entry, the score (0–1) and why.
public struct ScreeningHit: Sendable, Hashable {
    public var entry: Int
    public var score: Double
    public var reasons: [String]
}
