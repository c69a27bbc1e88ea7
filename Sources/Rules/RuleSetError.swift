/// A rule set refused on load, with where: line, rule id, field.
public struct RuleSetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with a rule set: a closed list (``allCases``), so an application can map
    /// every one (Portunus registers each under the same string).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `rules.unknown_field`.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Not valid YAML.
        public static let yaml = Code("rules.yaml")
        /// Not the shape of a rule set: a mapping with a `rules:` list of rules, each a mapping of
        /// id, when, then and reason.
        public static let structure = Code("rules.structure")
        /// Two rules with the same id.
        public static let duplicateID = Code("rules.duplicate_id")
        /// A rule without its id, when, then or reason.
        public static let missing = Code("rules.missing")
        /// A field the facts do not have.
        public static let unknownField = Code("rules.unknown_field")
        /// An operator the rule language does not have.
        public static let unknownOperator = Code("rules.operator")
        /// A value of the wrong type for its field or operator.
        public static let wrongType = Code("rules.type")
        /// A regular expression that does not compile.
        public static let invalidPattern = Code("rules.pattern")
        /// A lane the domain does not have.
        public static let invalidLane = Code("rules.lane")

        /// Every code a `RuleSetError` can carry.
        public static let allCases: [Code] = [
            .yaml, .structure, .duplicateID, .missing, .unknownField, .unknownOperator, .wrongType, .invalidPattern, .invalidLane,
        ]
    }

    public var code: Code
    public var message: String
    public var line: Int?
    public var ruleID: String?
    public var field: String?

    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let ruleID { place.append("rule \(ruleID)") }
        if let field { place.append("field \(field)") }
        return "\(code): \(message)" + (place.isEmpty ? "" : " (\(place.joined(separator: ", ")))")
    }
}
