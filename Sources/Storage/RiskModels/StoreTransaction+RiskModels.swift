import Foundation
import GRDB
import PortunusCore

extension StoreTransaction {
    public func activateRiskModel(id: Int64, reason: String) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM risk_model WHERE id = ?", arguments: [id]) == 1 else {
            throw PortunusError(.notFound, "no risk model \(id)", field: "id")
        }
        try db.execute(
            sql: "INSERT INTO risk_model_activation (model_id, at, reason) VALUES (?, ?, ?)", arguments: [id, ISO8601.format(Date()), reason])
    }

    /// Activates the model that was active before the current one; returns its id.
    public func rollBackRiskModel() throws -> Int64 {
        let history = try Int64.fetchAll(db, sql: "SELECT model_id FROM risk_model_activation ORDER BY id DESC")
        guard let current = history.first, let previous = history.dropFirst().first(where: { $0 != current }) else {
            throw PortunusError(.invalidArgument, "there is no earlier model to roll back to", field: "id")
        }
        try db.execute(
            sql: "INSERT INTO risk_model_activation (model_id, at, reason) VALUES (?, ?, ?)",
            arguments: [previous, ISO8601.format(Date()), "rollback from \(current)"])
        return previous
    }
}
