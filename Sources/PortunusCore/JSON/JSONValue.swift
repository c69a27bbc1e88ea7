import Foundation

/// Any JSON value, with numbers kept as their decimal text so that `0.1` stays exactly 0.1.
///
/// Declarations arriving by API are read through this tree (built by ``JSONParser``) rather than straight into
/// `Decodable` types, so that every problem can be reported at once, each with its JSON
/// pointer, and unknown fields can be named instead of silently dropped.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses a JSON document with ``JSONParser``; a syntax error becomes `json.invalid` with
    /// the line and byte offset of the error.
    public static func parse(_ data: Data) throws(PortunusError) -> JSONValue {
        try JSONParser.parse(data)
    }

    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue {
    public var isNull: Bool { if case .null = self { true } else { false } }
}

extension JSONValue {
    /// A member name as one reference token of a JSON pointer (RFC 6901 §3: `~` and `/` escaped).
    public static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
