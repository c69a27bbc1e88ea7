/// Why a declaration got its lane.
public enum Selection: String, Codable, Sendable, Hashable {
    /// A rule forced the lane.
    case rule
    /// Among the riskiest within the inspection budget.
    case risk
    /// Drawn at random for exploration.
    case exploration
    /// Not inspected: blue (riskiest of the rest) or green.
    case release
}
