import Foundation

/// A value a rule compares: a number, a text or a truth value.
public enum RuleValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case bool(Bool)
    /// Several texts, e.g. the airports of a route: a test holds when it holds for one of them
    /// (`not_in` and `not_equals`: for none of them).
    case list([String])

    public var description: String {
        switch self {
        case .number(let value): RuleValue.format(value)
        case .text(let value): value
        case .bool(let value): value ? "yes" : "no"
        case .list(let values): values.joined(separator: ", ")
        }
    }

    /// A share as a whole percentage (`0.25` → `25%`). Facts are numbers from outside:
    /// `Int(Double)` traps past Int's range and on NaN, so large values keep the
    /// `%.0f` form and NaN prints as it is.
    static func percent(_ value: Double) -> String {
        let scaled = (value * 100).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return String(format: "%.0f%%", scaled) }
        return "\(Int(scaled))%"
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.2f", value)
    }
}

/// What a rule may ask about. The domain (goods declarations, travellers) declares its fields
/// with their kinds and a line of documentation; rules naming anything else are refused on load.
public struct FieldCatalogue: Sendable {
    public enum Kind: String, Sendable { case number, text, bool, list }

    public struct Field: Sendable {
        public var kind: Kind
        public var help: String
        public init(_ kind: Kind, _ help: String) {
            self.kind = kind
            self.help = help
        }
    }

    public var fields: [String: Field]
    /// The lanes (or other outcomes) an effect may force, e.g. red, yellow, blue, green.
    public var lanes: [String]
    /// Fields that identify a person or a party: rules may test them, but a reason never
    /// prints their value (it reads "[importer withheld]").
    public var withheld: Set<String>
    /// What an effect calls its lane: `lane` for goods, `severity` for travellers.
    public var laneKey: String

    public init(fields: [String: Field], lanes: [String], withheld: Set<String> = [], laneKey: String = "lane") {
        self.fields = fields
        self.lanes = lanes
        self.withheld = withheld
        self.laneKey = laneKey
    }
}

/// The facts a rule set is evaluated against: one goods item in its declaration, one traveller.
public protocol RuleFacts {
    /// The field's value, or nil when absent (an absent value satisfies no comparison).
    func value(of field: String) -> RuleValue?
}

/// A condition over fields: all / any / not, comparisons, lists, ranges and text matching.
public indirect enum Condition: Sendable {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    case test(field: String, Test)

    public enum Test: Sendable {
        case equals(RuleValue)
        case notEquals(RuleValue)
        case isIn(Set<RuleValue>)
        case notIn(Set<RuleValue>)
        case below(Double)
        case atMost(Double)
        case above(Double)
        case atLeast(Double)
        case between(Double, Double)
        case matches(RulePattern)
        case contains(String)
        case startsWith(String)
        case exists(Bool)
    }

    public func holds(for facts: some RuleFacts) -> Bool {
        switch self {
        case .all(let conditions): return conditions.allSatisfy { $0.holds(for: facts) }
        case .any(let conditions): return conditions.contains { $0.holds(for: facts) }
        case .not(let condition): return !condition.holds(for: facts)
        case .test(let field, let test):
            let value = facts.value(of: field)
            if case .exists(let wanted) = test { return (value != nil) == wanted }
            guard let value else { return false }
            if case .list(let items) = value {
                switch test {
                case .notEquals, .notIn:
                    return items.allSatisfy { Condition.test(field: field, test).holds(for: SingleFact(field: field, value: .text($0))) }
                default: return items.contains { Condition.test(field: field, test).holds(for: SingleFact(field: field, value: .text($0))) }
                }
            }
            switch test {
            case .equals(let expected): return value == expected
            case .notEquals(let expected): return value != expected
            case .isIn(let set): return set.contains(value)
            case .notIn(let set): return !set.contains(value)
            case .below(let limit): return value.number.map { $0 < limit } ?? false
            case .atMost(let limit): return value.number.map { $0 <= limit } ?? false
            case .above(let limit): return value.number.map { $0 > limit } ?? false
            case .atLeast(let limit): return value.number.map { $0 >= limit } ?? false
            case .between(let low, let high): return value.number.map { $0 >= low && $0 <= high } ?? false
            case .matches(let pattern): return value.text.map(pattern.matches) ?? false
            case .contains(let part): return value.text.map { $0.localizedCaseInsensitiveContains(part) } ?? false
            case .startsWith(let prefix): return value.text.map { $0.hasPrefix(prefix) } ?? false
            case .exists: return true
            }
        }
    }

    /// Every field the condition reads.
    public var fields: Set<String> {
        switch self {
        case .all(let conditions), .any(let conditions): conditions.reduce(into: Set()) { $0.formUnion($1.fields) }
        case .not(let condition): condition.fields
        case .test(let field, _): [field]
        }
    }
}

/// One element of a list-valued field, tested on its own.
struct SingleFact: RuleFacts {
    var field: String
    var value: RuleValue
    func value(of name: String) -> RuleValue? { name == field ? value : nil }
}

extension RuleValue {
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var text: String? { if case .text(let value) = self { value } else { nil } }
}

/// A regular expression, compiled once when the rule set is loaded.
public struct RulePattern: @unchecked Sendable {
    public let source: String
    // NSRegularExpression is immutable once built and safe to use from several threads.
    private let expression: NSRegularExpression

    init(_ source: String) throws {
        self.source = source
        expression = try NSRegularExpression(pattern: source)
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// What a rule does when it hits.
public struct Effect: Sendable, Hashable, Codable {
    /// A lane the declaration is sent to whatever its score.
    public var lane: String?
    /// Added to the risk score (may be negative).
    public var addScore: Double?
    /// A label for analysts' worklists and statistics.
    public var flag: String?

    public init(lane: String? = nil, addScore: Double? = nil, flag: String? = nil) {
        self.lane = lane
        self.addScore = addScore
        self.flag = flag
    }

    enum CodingKeys: String, CodingKey { case lane, addScore = "add_score", flag }
}

/// One rule: when the condition holds, the effect applies and the officer reads the reason.
public struct Rule: Sendable {
    public var id: String
    public var condition: Condition
    public var effect: Effect
    /// Plain language for the officer; `{field}` is replaced by the field's value and
    /// `{field:%}` by the value as a percentage.
    public var reason: String
    /// 1-based line of the rule in its YAML source.
    public var line: Int
    /// Fields whose values a reason never prints (the catalogue's withheld fields).
    public var withheld: Set<String> = []

    /// The reason with the facts filled in.
    public func reason(for facts: some RuleFacts) -> String {
        var result = ""
        var rest = reason[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let inside = rest[rest.index(after: open)..<close]
            let percent = inside.hasSuffix(":%")
            let field = String(percent ? inside.dropLast(2) : inside)
            if withheld.contains(field) {
                result += "[\(field) withheld]"
                rest = rest[rest.index(after: close)...]
                continue
            }
            switch facts.value(of: field) {
            case .number(let value)? where percent: result += RuleValue.percent(value)
            case let value?: result += value.description
            case nil: result += "(no \(field))"
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

/// What one rule did to one set of facts.
public struct RuleHit: Sendable, Hashable, Codable {
    public var ruleID: String
    public var effect: Effect
    public var reason: String

    public init(ruleID: String, effect: Effect, reason: String) {
        self.ruleID = ruleID
        self.effect = effect
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case ruleID = "rule", effect, reason }
}

/// A validated set of rules, in the order written.
public struct RuleSet: Sendable {
    public var rules: [Rule]
    /// The YAML it was read from, byte for byte (stored and versioned as written).
    public var source: String

    /// Every rule that hits, in order.
    public func evaluate(_ facts: some RuleFacts) -> [RuleHit] {
        rules.compactMap { rule in
            rule.condition.holds(for: facts) ? RuleHit(ruleID: rule.id, effect: rule.effect, reason: rule.reason(for: facts)) : nil
        }
    }
}
