/// A line of the nomenclature: a chapter (2 digits), heading (4) or subheading (6).
public struct HSEntry: Sendable, Hashable {
    public var code: String
    public var description: String
    /// The code one level up (nil for chapters).
    public var parent: String?
    public var section: String?
    public var level: Int { code.count }

    public init(code: String, description: String, parent: String?, section: String?) {
        self.code = code
        self.description = description
        self.parent = parent
        self.section = section
    }

    /// The residual "not specified" lines (99, 9999, 999999) are statistical, not HS.
    public var isNotSpecified: Bool { code.allSatisfy { $0 == "9" } }
}
