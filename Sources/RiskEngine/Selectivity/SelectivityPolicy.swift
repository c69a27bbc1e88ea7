/// How one office's day of declarations is split into lanes.
public struct SelectivityPolicy: Codable, Sendable, Hashable {
    public enum Budget: Codable, Sendable, Hashable {
        /// Inspections (red + yellow) as a percentage of the office's declarations that day.
        case percent(Double)
        /// A fixed number of inspections per office and day.
        case count(Int)
    }

    public var budget: Budget = .percent(10)
    /// Of the budget, the percentage drawn at random from the declarations not selected by
    /// risk (exploration: only inspected declarations teach the model).
    public var explorationPercent: Double = 10
    /// Of the declarations selected by risk, the riskiest percentage goes red, the rest yellow.
    public var redPercent: Double = 50
    /// Of the day's declarations, this percentage — the riskiest not inspected — goes blue.
    public var bluePercent: Double = 10
    /// An authorised economic operator's score is multiplied by this (lower risk).
    public var aeoFactor: Double = 0.5

    public init() {}

    /// `percent` % of `count`, rounded by `rule`. Percentages come from command lines,
    /// configuration files and queries: clamped to 0–100 (NaN as 0), so the conversion to
    /// `Int` cannot trap and a negative share cannot make the budget arithmetic overflow.
    public static func share(of count: Int, percent: Double, _ rule: FloatingPointRoundingRule) -> Int {
        let clamped = percent.isNaN ? 0 : min(max(percent, 0), 100)
        return Int(saturating: (Double(count) * clamped / 100).rounded(rule))
    }

    /// Inspections for a day of `volume` declarations.
    public func inspections(volume: Int) -> Int {
        switch budget {
        case .percent(let percent): Self.share(of: volume, percent: percent, .down)
        case .count(let count): min(max(count, 0), volume)
        }
    }
}
