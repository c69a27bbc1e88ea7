/// The one error shape of Portunus.
///
/// Every failure a user can cause — a malformed CSV record, an HS code of five digits, a
/// negative mass, a mapping file that names a column the file does not have — is reported as
/// a `PortunusError` with a stable ``Code`` (safe to match on in scripts and API clients; every
/// code, its HTTP status and meaning are listed in one registry, `ErrorCodes.swift`), a
/// human ``reason``, and where it happened: the model ``field`` as a JSON pointer
/// (`/items/0/hs_code`) and, for file input, the ``Location`` (line, column, byte offset).
///
/// Following postgres-nio's `PSQLError` discipline, ``reason`` never carries values that could
/// be personal data (names, document numbers, party identifiers); it may quote codes and
/// numbers that identify no one (an HS code, a country code, a mass).
///
/// ```swift
/// throw PortunusError(.invalidHSCode, "has 5 digits; expected 6, 8 or 10", field: "/items/0/hs_code")
/// ```
public struct PortunusError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where in an input file a problem was found. Lines and columns count from 1.
    public struct Location: Hashable, Sendable, CustomStringConvertible {
        /// Physical line on which the record (or field) starts.
        public var line: Int
        /// 1-based column (field) number within the record, when known.
        public var column: Int?
        /// Header name of that column, when the file has one.
        public var columnName: String?
        /// Byte offset from the start of the file.
        public var byteOffset: Int?

        public init(line: Int, column: Int? = nil, columnName: String? = nil, byteOffset: Int? = nil) {
            self.line = line
            self.column = column
            self.columnName = columnName
            self.byteOffset = byteOffset
        }

        /// A place in a binary input, which has no lines (`line` is 0).
        public init(byteOffset: Int) {
            self.init(line: 0, byteOffset: byteOffset)
        }

        public var description: String {
            if line == 0, let byteOffset { return "byte \(byteOffset)" }
            var text = "line \(line)"
            if let column { text += ", column \(column)" }
            if let columnName { text += " (\(columnName))" }
            if let byteOffset { text += ", byte \(byteOffset)" }
            return text
        }
    }

    public var code: Code
    /// What is wrong, in words an operator understands. Never holds personal data.
    public var reason: String
    /// JSON pointer of the offending model field, e.g. `/items/0/net_mass`.
    public var field: String?
    public var location: Location?

    public init(_ code: Code, _ reason: String, field: String? = nil, location: Location? = nil) {
        self.code = code
        self.reason = reason
        self.field = field
        self.location = location
    }

    public var description: String {
        var text = "[\(code)] \(reason)"
        if let field { text += " (field \(field))" }
        if let location { text += " at \(location)" }
        return text
    }

    /// Equal by code, field and location: the reason's wording may improve without breaking callers.
    public static func == (lhs: PortunusError, rhs: PortunusError) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field && lhs.location == rhs.location
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(field)
        hasher.combine(location)
    }

    /// A copy placed at a location in an input file.
    public func at(_ location: Location) -> PortunusError {
        var copy = self
        copy.location = location
        return copy
    }
}

extension PortunusError {
    public static func missing(_ what: String, field: String) -> PortunusError {
        PortunusError(.missingField, "\(what) is required", field: field)
    }
}
