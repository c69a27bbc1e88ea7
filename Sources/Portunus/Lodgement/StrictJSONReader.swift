import Foundation
import PortunusCore

/// Reads a `JSONValue` tree strictly, collecting every problem with its pointer.
struct StrictJSONReader {
    private(set) var problems: [PortunusError] = []

    mutating func report(_ error: PortunusError) { problems.append(error) }

    /// The members of an object at `pointer`; unknown members are reported.
    mutating func object(_ value: JSONValue?, at pointer: String, allowed: Set<String>) -> [String: JSONValue]? {
        guard let value else { return nil }
        guard case .object(let members) = value else {
            report(PortunusError(.wrongType, "expected an object, found \(value.kind)", field: pointer))
            return nil
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            report(
                PortunusError(
                    .unknownField, "unknown field '\(key.prefix(40))'; known fields are \(allowed.sorted().joined(separator: ", "))",
                    field: pointer + "/" + escape(key)))
        }
        return members
    }

    mutating func array(_ value: JSONValue?, at pointer: String) -> [JSONValue]? {
        guard let value, !value.isNull else { return nil }
        guard case .array(let elements) = value else {
            report(PortunusError(.wrongType, "expected an array, found \(value.kind)", field: pointer))
            return nil
        }
        return elements
    }

    /// A string member; numbers are accepted for code fields written as numbers (`"office": 30`).
    mutating func string(_ members: [String: JSONValue], _ key: String, at pointer: String, required: Bool) -> String? {
        let path = pointer + "/" + key
        switch members[key] {
        case .string(let text) where !text.isEmpty: return text
        case .number(let text): return text
        case nil, .null, .string:
            if required { report(PortunusError(.missingField, "\(key) is required", field: path)) }
            return nil
        case .some(let other):
            report(PortunusError(.wrongType, "expected a string, found \(other.kind)", field: path))
            return nil
        }
    }

    /// A decimal member, as a JSON number or a decimal string.
    mutating func decimal(_ members: [String: JSONValue], _ key: String, at pointer: String, required: Bool) -> FixedDecimal? {
        let path = pointer + "/" + key
        switch members[key] {
        case .number(let text), .string(let text):
            if let value = FixedDecimal(text) { return value }
            report(PortunusError(.invalidNumber, "\(key) is not a decimal number in range", field: path))
            return nil
        case nil, .null:
            if required { report(PortunusError(.missingField, "\(key) is required", field: path)) }
            return nil
        case .some(let other):
            report(PortunusError(.wrongType, "expected a number, found \(other.kind)", field: path))
            return nil
        }
    }

    mutating func integer(_ members: [String: JSONValue], _ key: String, at pointer: String) -> Int? {
        guard let value = decimal(members, key, at: pointer, required: false) else { return nil }
        guard value.scaledValue % FixedDecimal.unit == 0 else {
            report(PortunusError(.invalidNumber, "\(key) must be a whole number", field: pointer + "/" + key))
            return nil
        }
        return Int(value.scaledValue / FixedDecimal.unit)
    }

    mutating func date(_ members: [String: JSONValue], _ key: String, at pointer: String, required: Bool) -> Date? {
        guard let text = string(members, key, at: pointer, required: required) else { return nil }
        if let date = ISO8601.parse(text) { return date }
        report(PortunusError(.invalidDate, "\(key) is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)", field: pointer + "/" + key))
        return nil
    }

    mutating func bool(_ members: [String: JSONValue], _ key: String, at pointer: String) -> Bool? {
        switch members[key] {
        case .bool(let value): return value
        case nil, .null: return nil
        case .some(let other):
            report(PortunusError(.wrongType, "expected true or false, found \(other.kind)", field: pointer + "/" + key))
            return nil
        }
    }

    /// RFC 6901: `~` and `/` in a member name are escaped in a pointer.
    func escape(_ key: String) -> String {
        JSONValue.pointerToken(key)
    }
}
