/// The matching rules and their thresholds.
public struct ScreeningPolicy: Sendable, Hashable {
    /// A name-only hit needs at least this score: the best F1 on the validation pairs
    /// (`scripts/evaluation/namepairs.py`, ties to the more precise), never tuned on the test pairs.
    public var threshold = 0.91
    /// Birth years further apart than this rule a candidate out (when both are known).
    public var birthYearTolerance = 2
    /// Token similarity at or above which two name tokens count as the same.
    public var tokenThreshold = 0.80

    public init() {}
}
