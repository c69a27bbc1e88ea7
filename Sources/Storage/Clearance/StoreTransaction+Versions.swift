import Clearance
import Foundation
import GRDB
import PortunusCore

extension StoreTransaction {
    /// Stores a new version of a declaration's goods items (an amendment, or an examination's
    /// corrections); the earlier versions stay.
    public func saveVersion(seq: Int64, version: Int, items: [GoodsItem], reason: String, at: Date, actor: Milestone.Actor) throws {
        try db.execute(
            sql: """
                INSERT INTO declaration_version (declaration_seq, version, items, reason, amended_at, actor_kind, actor_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                seq, version, try JSONColumn.text(items, column: "items", table: "declaration_version"), reason, ISO8601.format(at),
                actor.kind.rawValue, actor.id,
            ])
    }

    /// The goods items of a version after the first; nil for version 1 (the declaration as lodged).
    public func versionItems(seq: Int64, version: Int) throws -> [GoodsItem]? {
        guard version > 1,
            let row = try Row.fetchOne(
                db, sql: "SELECT items FROM declaration_version WHERE declaration_seq = ? AND version = ?", arguments: [seq, version])
        else { return nil }
        return try row.jsonValue("items", in: "declaration_version")
    }

    /// Stores an examination's act; returns its id.
    public func saveInspectionAct(seq: Int64, version: Int, at: Date, examiner: String, _ act: InspectionAct) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO inspection_act (declaration_seq, version, examined_at, examiner, act) VALUES (?, ?, ?, ?, ?)",
            arguments: [seq, version, ISO8601.format(at), examiner, try JSONColumn.text(act, column: "act", table: "inspection_act")])
        return db.lastInsertedRowID
    }
}

/// A version of a declaration's goods items, as stored.
public struct StoredDeclarationVersion: Sendable {
    public var version: Int
    public var items: [GoodsItem]
    public var reason: String
    public var amendedAt: Date
    public var actor: Milestone.Actor
}

/// An inspection act, as stored.
public struct StoredInspectionAct: Sendable {
    public var id: Int64
    public var version: Int
    public var examinedAt: Date
    public var examiner: String
    public var act: InspectionAct
}

extension ClearanceStore {
    /// A declaration's versions after the first, in order; nil when no declaration has that id.
    public func versions(declarationID: String) throws(PortunusError) -> [StoredDeclarationVersion]? {
        try read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declarationID]) else { return nil }
            return try Row.fetchAll(db, sql: "SELECT * FROM declaration_version WHERE declaration_seq = ? ORDER BY version", arguments: [seq]).map {
                StoredDeclarationVersion(
                    version: $0["version"], items: try $0.jsonValue("items", in: "declaration_version"), reason: $0["reason"],
                    amendedAt: try $0.time("amended_at", in: "declaration_version"),
                    actor: .init(kind: try $0.domainValue("actor_kind", in: "declaration_version"), id: $0["actor_id"]))
            }
        }
    }

    /// A declaration's inspection acts, in order; nil when no declaration has that id.
    public func inspectionActs(declarationID: String) throws(PortunusError) -> [StoredInspectionAct]? {
        try read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declarationID]) else { return nil }
            return try Row.fetchAll(db, sql: "SELECT * FROM inspection_act WHERE declaration_seq = ? ORDER BY id", arguments: [seq]).map {
                StoredInspectionAct(
                    id: $0["id"], version: $0["version"], examinedAt: try $0.time("examined_at", in: "inspection_act"), examiner: $0["examiner"],
                    act: try $0.jsonValue("act", in: "inspection_act"))
            }
        }
    }

    /// A declaration as it stands: the lodged one with the goods items of its latest version.
    public func current(_ declaration: Declaration) throws(PortunusError) -> (declaration: Declaration, version: Int) {
        try read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declaration.id.rawValue]),
                let row = try Row.fetchOne(
                    db, sql: "SELECT version, items FROM declaration_version WHERE declaration_seq = ? ORDER BY version DESC LIMIT 1",
                    arguments: [seq])
            else { return (declaration, 1) }
            var current = declaration
            current.items = try row.jsonValue("items", in: "declaration_version")
            return (current, row["version"])
        }
    }
}
