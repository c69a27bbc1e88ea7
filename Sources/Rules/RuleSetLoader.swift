import Foundation
import Yams

/// Reads analysts' rule sets from YAML, refusing anything ambiguous with the line, the rule id
/// and the field.
///
/// ```yaml
/// rules:
///   - id: TEXTILES-UNDERVALUED
///     when:
///       all:
///         - hs_heading: { in: ["6109", "6110"] }
///         - origin: { in: [CN, VN] }
///         - unit_value_ratio: { below: 0.3 }
///     then: { lane: red, flag: undervaluation }
///     reason: "Declared at {unit_value_ratio:%} of the usual unit value for this HS6 and origin"
/// ```
///
/// A test is `field: value` (equals) or `field: { operator: operand, … }` (all must hold).
/// Operators: equals, not_equals, in, not_in, below, at_most, above, at_least, between
/// ([low, high], inclusive), matches (a regular expression), contains (case-insensitive),
/// starts_with, exists (true/false). Conditions combine with all, any and not.
public enum RuleSetLoader {
    public static func load(yaml: String, catalogue: FieldCatalogue) throws(RuleSetError) -> RuleSet {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw RuleSetError(code: .yaml, message: "not valid YAML: \(Self.describe(error))", line: Self.line(of: error))
        } catch {
            throw RuleSetError(code: .yaml, message: "not valid YAML")
        }
        guard let root, case .mapping(let top) = root else {
            throw RuleSetError(code: .structure, message: "a rule set is a mapping with a `rules:` list", line: 1)
        }
        var rulesNode: Node?
        for (key, value) in top {
            switch key.string {
            case "rules": rulesNode = value
            case "description": continue
            default:
                throw RuleSetError(
                    code: .structure, message: "unknown key `\(key.string ?? "?")` (expected rules, description)", line: line(key))
            }
        }
        guard let rulesNode, case .sequence(let list) = rulesNode else {
            throw RuleSetError(code: .structure, message: "`rules:` must be a list of rules", line: rulesNode.map(line) ?? 1)
        }
        var rules: [Rule] = []
        var seen: [String: Int] = [:]
        for node in list {
            let rule = try parseRule(node, catalogue: catalogue)
            if let first = seen[rule.id] {
                throw RuleSetError(code: .duplicateID, message: "rule id already used on line \(first)", line: rule.line, ruleID: rule.id)
            }
            seen[rule.id] = rule.line
            rules.append(rule)
        }
        return RuleSet(rules: rules, source: yaml)
    }

    static func line(_ node: Node) -> Int? { node.mark.map { $0.line } }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }

    static func parseRule(_ node: Node, catalogue: FieldCatalogue) throws(RuleSetError) -> Rule {
        guard case .mapping(let mapping) = node else {
            throw RuleSetError(code: .structure, message: "each rule is a mapping with id, when, then and reason", line: line(node))
        }
        var id: String?
        var when: Node?
        var then: Node?
        var reason: String?
        for (key, value) in mapping {
            switch key.string {
            case "id": id = value.string
            case "when": when = value
            case "then": then = value
            case "reason": reason = value.string
            case "description": continue
            default:
                throw RuleSetError(
                    code: .structure, message: "unknown key `\(key.string ?? "?")` (expected id, when, then, reason, description)",
                    line: line(key), ruleID: id)
            }
        }
        let ruleLine = line(node) ?? 0
        guard let id, !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw RuleSetError(code: .missing, message: "a rule needs an `id` of letters, digits, '-', '_' or '.'", line: ruleLine)
        }
        guard let when else { throw RuleSetError(code: .missing, message: "the rule has no `when` condition", line: ruleLine, ruleID: id) }
        guard let then else { throw RuleSetError(code: .missing, message: "the rule has no `then` effect", line: ruleLine, ruleID: id) }
        guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RuleSetError(code: .missing, message: "the rule has no `reason` for the officer", line: ruleLine, ruleID: id)
        }
        let condition = try parseCondition(when, ruleID: id, catalogue: catalogue)
        let effect = try parseEffect(then, ruleID: id, catalogue: catalogue)
        // Placeholders in the reason must name known fields.
        var rest = reason[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inside = rest[rest.index(after: open)..<close]
            let field = String(inside.hasSuffix(":%") ? inside.dropLast(2) : inside)
            guard catalogue.fields[field] != nil else {
                throw RuleSetError(
                    code: .unknownField, message: "the reason names an unknown field", line: ruleLine, ruleID: id, field: field)
            }
            rest = rest[rest.index(after: close)...]
        }
        return Rule(id: id, condition: condition, effect: effect, reason: reason, line: ruleLine, withheld: catalogue.withheld)
    }

    static func parseEffect(_ node: Node, ruleID: String, catalogue: FieldCatalogue) throws(RuleSetError) -> Effect {
        guard case .mapping(let mapping) = node else {
            throw RuleSetError(
                code: .structure, message: "`then` is a mapping: \(catalogue.laneKey), add_score, flag", line: line(node), ruleID: ruleID)
        }
        var effect = Effect()
        for (key, value) in mapping {
            switch key.string {
            case catalogue.laneKey:
                guard let lane = value.string, catalogue.lanes.contains(lane) else {
                    throw RuleSetError(
                        code: .invalidLane, message: "\(catalogue.laneKey) must be one of \(catalogue.lanes.joined(separator: ", "))",
                        line: line(value), ruleID: ruleID)
                }
                effect.lane = lane
            case "add_score":
                // YAML's `.inf` and `.nan` are floats too; a score that is not finite cannot be
                // ranked, compared or written as JSON.
                guard let number = value.float, number.isFinite else {
                    throw RuleSetError(code: .wrongType, message: "add_score is a finite number", line: line(value), ruleID: ruleID)
                }
                effect.addScore = number
            case "flag":
                guard let flag = value.string, !flag.isEmpty else {
                    throw RuleSetError(code: .wrongType, message: "flag is a text", line: line(value), ruleID: ruleID)
                }
                effect.flag = flag
            default:
                throw RuleSetError(
                    code: .structure, message: "unknown effect `\(key.string ?? "?")` (expected \(catalogue.laneKey), add_score, flag)",
                    line: line(key), ruleID: ruleID)
            }
        }
        guard effect.lane != nil || effect.addScore != nil || effect.flag != nil else {
            throw RuleSetError(
                code: .missing, message: "`then` does nothing: give a \(catalogue.laneKey), add_score or flag", line: line(node),
                ruleID: ruleID)
        }
        return effect
    }

    static func parseCondition(_ node: Node, ruleID: String, catalogue: FieldCatalogue) throws(RuleSetError) -> Condition {
        guard case .mapping(let mapping) = node, mapping.count >= 1 else {
            throw RuleSetError(
                code: .structure, message: "a condition is a mapping: all, any, not, or field tests", line: line(node), ruleID: ruleID)
        }
        var parts: [Condition] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                throw RuleSetError(code: .structure, message: "a condition key must be text", line: line(key), ruleID: ruleID)
            }
            switch name {
            case "all", "any":
                guard case .sequence(let list) = value, !list.isEmpty else {
                    throw RuleSetError(
                        code: .structure, message: "`\(name)` takes a non-empty list of conditions", line: line(value), ruleID: ruleID)
                }
                var conditions: [Condition] = []
                for item in list { conditions.append(try parseCondition(item, ruleID: ruleID, catalogue: catalogue)) }
                parts.append(name == "all" ? .all(conditions) : .any(conditions))
            case "not":
                parts.append(.not(try parseCondition(value, ruleID: ruleID, catalogue: catalogue)))
            default:
                guard let field = catalogue.fields[name] else {
                    throw RuleSetError(
                        code: .unknownField, message: "no such field; known: \(catalogue.fields.keys.sorted().joined(separator: ", "))",
                        line: line(key), ruleID: ruleID, field: name)
                }
                parts += try parseTests(value, field: name, kind: field.kind, ruleID: ruleID)
            }
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    static func parseTests(_ node: Node, field: String, kind: FieldCatalogue.Kind, ruleID: String) throws(RuleSetError) -> [Condition] {
        func error(_ message: String, _ at: Node) -> RuleSetError {
            RuleSetError(code: .wrongType, message: message, line: line(at), ruleID: ruleID, field: field)
        }
        func value(_ node: Node) throws(RuleSetError) -> RuleValue {
            guard case .scalar(let scalar) = node else { throw error("expected a single \(kind.rawValue)", node) }
            switch kind {
            case .text, .list: return .text(scalar.string)
            case .number:
                guard let number = node.float ?? Double(scalar.string), number.isFinite else {
                    throw error("expected a finite number, got `\(scalar.string.prefix(40))`", node)
                }
                return .number(number)
            case .bool:
                guard let flag = node.bool else { throw error("expected true or false, got `\(scalar.string)`", node) }
                return .bool(flag)
            }
        }
        func number(_ node: Node) throws(RuleSetError) -> Double {
            guard kind == .number else { throw error("a \(kind.rawValue) field cannot be compared as a number", node) }
            guard case .number(let result) = try value(node) else { throw error("expected a number", node) }
            return result
        }
        func text(_ node: Node) throws(RuleSetError) -> String {
            guard kind == .text || kind == .list else { throw error("only text fields match text", node) }
            guard case .scalar(let scalar) = node else { throw error("expected a text", node) }
            return scalar.string
        }
        func list(_ node: Node) throws(RuleSetError) -> Set<RuleValue> {
            guard case .sequence(let items) = node, !items.isEmpty else { throw error("expected a non-empty list", node) }
            var values = Set<RuleValue>()
            for item in items { values.insert(try value(item)) }
            return values
        }
        // `field: value` is equality.
        guard case .mapping(let operators) = node else { return [.test(field: field, .equals(try value(node)))] }
        var tests: [Condition] = []
        for (key, operand) in operators {
            let test: Condition.Test
            switch key.string ?? "" {
            case "equals": test = .equals(try value(operand))
            case "not_equals": test = .notEquals(try value(operand))
            case "in": test = .isIn(try list(operand))
            case "not_in": test = .notIn(try list(operand))
            case "below": test = .below(try number(operand))
            case "at_most": test = .atMost(try number(operand))
            case "above": test = .above(try number(operand))
            case "at_least": test = .atLeast(try number(operand))
            case "between":
                guard case .sequence(let bounds) = operand, bounds.count == 2 else { throw error("between takes [low, high]", operand) }
                let low = try number(bounds[0])
                let high = try number(bounds[1])
                guard low <= high else { throw error("between: low is above high", operand) }
                test = .between(low, high)
            case "matches":
                let source = try text(operand)
                do { test = .matches(try RulePattern(source)) } catch {
                    throw RuleSetError(
                        code: .invalidPattern, message: "not a valid regular expression", line: line(operand), ruleID: ruleID, field: field)
                }
            case "contains": test = .contains(try text(operand))
            case "starts_with": test = .startsWith(try text(operand))
            case "exists":
                guard let flag = operand.bool else { throw error("exists takes true or false", operand) }
                test = .exists(flag)
            default:
                throw RuleSetError(
                    code: .unknownOperator,
                    message:
                        "unknown operator `\(key.string ?? "?")` (equals, not_equals, in, not_in, below, at_most, above, at_least, between, matches, contains, starts_with, exists)",
                    line: line(key), ruleID: ruleID, field: field)
            }
            tests.append(.test(field: field, test))
        }
        guard !tests.isEmpty else { throw error("no test given", node) }
        return tests
    }
}
