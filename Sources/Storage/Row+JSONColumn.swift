import Foundation
import GRDB
import PortunusCore

extension Row {
    /// The domain value a JSON column holds (a passenger's person as the message gave it, a
    /// file's parsed messages). Text that does not decode — written by a later version, or by
    /// hand — is a storage error that names the column, never a silent drop and never a trap.
    func jsonValue<Value: Decodable>(_ column: String, in table: String) throws -> Value {
        let text: String? = self[column]
        guard let text else { throw PortunusError(.storage, "\(table).\(column) is NULL, where this version of Portunus expects JSON") }
        return try JSONColumn.decode(text, column: column, table: table)
    }

    /// ``jsonValue(_:in:)`` for a column that may be NULL.
    func jsonValueIfPresent<Value: Decodable>(_ column: String, in table: String) throws -> Value? {
        let text: String? = self[column]
        guard let text else { return nil }
        return try JSONColumn.decode(text, column: column, table: table)
    }
}

/// How domain values are written to and read from JSON columns: keys sorted, so the same value
/// is always the same text (and existing rows stay byte for byte what this writes).
enum JSONColumn {
    static func text<Value: Encodable>(_ value: Value, column: String, table: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // The error is not quoted: it may carry the value, and the value may be personal data.
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw PortunusError(.storage, "\(table).\(column): the value does not encode as JSON")
        }
    }

    /// A JSON object of strings with its keys sorted, as ``text(_:column:table:)`` writes it, built
    /// without an encoder: milestone attributes are written several times per declaration lodged.
    static func object(_ members: [String: String]) -> String {
        if members.isEmpty { return "{}" }
        return "{" + members.keys.sorted().map { JSONValue.quoted($0) + ":" + JSONValue.quoted(members[$0] ?? "") }.joined(separator: ",") + "}"
    }

    static func decode<Value: Decodable>(_ text: String, column: String, table: String) throws -> Value {
        do { return try JSONDecoder().decode(Value.self, from: Data(text.utf8)) } catch {
            throw PortunusError(.storage, "\(table).\(column) holds JSON that this version of Portunus cannot read as \(Value.self)")
        }
    }
}
