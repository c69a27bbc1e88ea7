/// The four selectivity lanes customs administrations run (ASYCUDA's colours).
public enum Lane: String, Codable, Sendable, CaseIterable, Comparable {
    /// Physical examination.
    case red
    /// Documentary check.
    case yellow
    /// Release, then post-clearance audit.
    case blue
    /// Release.
    case green

    /// Red is the most severe; when rules force several lanes, the most severe wins.
    var severity: Int {
        switch self {
        case .red: 3
        case .yellow: 2
        case .blue: 1
        case .green: 0
        }
    }

    public static func < (lhs: Lane, rhs: Lane) -> Bool { lhs.severity < rhs.severity }
    public var inspects: Bool { self == .red || self == .yellow }
}
