import GRDB

/// The optional conditions of a listing query and their arguments, in order: each filter the
/// caller gave adds one condition, and all of them must hold; no filter gives no `WHERE`.
struct SQLFilter {
    private var conditions: [String] = []
    private(set) var arguments: [any DatabaseValueConvertible] = []

    /// Adds `condition`, whose `?` placeholders take `values` in order.
    mutating func add(_ condition: String, _ values: any DatabaseValueConvertible...) {
        add(condition, list: values)
    }

    /// Adds `condition` with its values given as a list (an `IN (?, ?, …)`).
    mutating func add(_ condition: String, list values: [any DatabaseValueConvertible]) {
        conditions.append(condition)
        arguments += values
    }

    /// ` WHERE a AND b` (with its leading space), or nothing when no condition was added.
    var whereClause: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
