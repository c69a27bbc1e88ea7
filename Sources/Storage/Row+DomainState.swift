import Foundation
import GRDB
import PortunusCore

extension Row {
    /// The domain value a column holds as its raw value (a movement's state, a certificate's
    /// status). A value this version does not know — written by a later version, or by hand — is
    /// a storage error that names the column, never a trap: GRDB's own conversion would stop the
    /// process.
    func domainValue<Value: RawRepresentable>(_ column: String, in table: String) throws -> Value where Value.RawValue == String {
        let raw: String? = self[column]
        guard let raw, let value = Value(rawValue: raw) else { throw Self.unknown(raw, column: column, table: table) }
        return value
    }

    /// ``domainValue(_:in:)`` for a column that may be NULL.
    func domainValueIfPresent<Value: RawRepresentable>(_ column: String, in table: String) throws -> Value? where Value.RawValue == String {
        let raw: String? = self[column]
        guard let raw else { return nil }
        guard let value = Value(rawValue: raw) else { throw Self.unknown(raw, column: column, table: table) }
        return value
    }

    static func unknown(_ raw: String?, column: String, table: String) -> PortunusError {
        // The stored value is one of our own state names or garbage; quote at most 32 characters of it.
        let shown = raw.map { "'\($0.prefix(32))'" } ?? "NULL"
        return PortunusError(.storage, "\(table).\(column) holds \(shown), which this version of Portunus does not know")
    }
}

extension AggregateStore {
    /// Runs a domain transition inside a store's transaction: the store reads the current state,
    /// the domain decides, and a refusal leaves as the error the API reports.
    static func transition<Current, Next, Refusal: StateRefusal>(_ state: Current, _ transform: (Current) throws(Refusal) -> Next)
        throws(PortunusError) -> Next
    {
        do throws(Refusal) { return try transform(state) } catch { throw error.error }
    }
}

extension Row {
    /// The instant a time column holds (ISO 8601 in UTC, whole seconds, as ``ISO8601/format(_:)``
    /// writes it). Text that does not parse — written by hand or by a later version — is a storage
    /// error that names the column, never a trap and never a silent "now".
    func time(_ column: String, in table: String) throws(PortunusError) -> Date {
        let raw: String? = self[column]
        guard let raw, let date = ISO8601.parse(raw) else { throw Self.unknown(raw, column: column, table: table) }
        return date
    }

    /// ``time(_:in:)`` for a column that may be NULL.
    func timeIfPresent(_ column: String, in table: String) throws(PortunusError) -> Date? {
        let raw: String? = self[column]
        guard let raw else { return nil }
        guard let date = ISO8601.parse(raw) else { throw Self.unknown(raw, column: column, table: table) }
        return date
    }
}
