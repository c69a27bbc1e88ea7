import Foundation
import GRDB
import PortunusCore
import Tariff

/// Duties and taxes per declaration: the calculation stored per version, the payments and
/// guarantee debits that settle it, and the traders' guarantees.
public struct DutyStore: AggregateStore {
    let engine: PortunusStore
}

extension DutyStore {
    /// The latest assessment of a declaration (its current version's, or the last one made), with
    /// its settlements; nil when none was made or no declaration has that id.
    public func assessment(declarationID: String) throws(PortunusError) -> DutyAssessment? {
        try read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declarationID]) else { return nil }
            return try DutyStore.assessment(db, seq: seq, declarationID: declarationID)
        }
    }

    static func assessment(_ db: Database, seq: Int64, declarationID: String, version: Int? = nil) throws -> DutyAssessment? {
        let row: Row?
        if let version {
            row = try Row.fetchOne(
                db, sql: "SELECT * FROM duty_assessment WHERE declaration_seq = ? AND version = ?", arguments: [seq, version])
        } else {
            row = try Row.fetchOne(
                db, sql: "SELECT * FROM duty_assessment WHERE declaration_seq = ? ORDER BY version DESC LIMIT 1", arguments: [seq])
        }
        guard let row else { return nil }
        let settlements = try Row.fetchAll(
            db, sql: "SELECT * FROM settlement WHERE declaration_seq = ? ORDER BY id", arguments: [seq]
        ).map(settlement)
        return try DutyAssessment(row: row, declarationID: declarationID, settlements: settlements)
    }

    static func settlement(_ row: Row) throws -> DutySettlement {
        let kindText: String = row["kind"]
        guard let kind = DutySettlement.Kind(rawValue: kindText) else { throw Row.unknown(kindText, column: "kind", table: "settlement") }
        let currency: String = row["currency"]
        return DutySettlement(
            kind: kind, amount: Money(FixedDecimal(scaledValue: row["amount_e4"]), Currency(unchecked: currency)), reference: row["reference"],
            account: row["account"], guarantee: row["guarantee"], at: try row.time("at", in: "settlement"),
            actorKind: row["actor_kind"], actorID: row["actor_id"])
    }

    /// A trader's guarantees (by holder party), or all when `holder` is nil.
    public func guarantees(holder: String? = nil) throws(PortunusError) -> [DutyGuarantee] {
        try read { db in
            let rows =
                if let holder {
                    try Row.fetchAll(db, sql: "SELECT * FROM guarantee WHERE holder = ? ORDER BY reference", arguments: [holder])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM guarantee ORDER BY reference LIMIT 1000")
                }
            return try rows.map(DutyGuarantee.init(row:))
        }
    }

    /// Registers a guarantee (or a deferment account). A reference given twice is a conflict.
    public func addGuarantee(_ guarantee: DutyGuarantee, by actor: String) throws(PortunusError) {
        try write { db in
            do {
                try db.execute(
                    sql: """
                        INSERT INTO guarantee (reference, holder, kind, currency, amount_e4, used_e4, valid_from, valid_through, created_at)
                        VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)
                        """,
                    arguments: [
                        guarantee.reference, guarantee.holder, guarantee.kind.rawValue, guarantee.amount.currency.code,
                        guarantee.amount.amount.scaledValue, guarantee.from.description, guarantee.through?.description, ISO8601.format(Date()),
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw PortunusError(.conflict, "a guarantee with this reference is registered already", field: "/reference")
            }
            try KeyStore.recordAudit(db, keyID: actor, action: "duties.guarantee", subject: guarantee.reference)
        }
    }
}
