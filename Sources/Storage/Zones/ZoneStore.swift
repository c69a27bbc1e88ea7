import Foundation
import GRDB
import PortunusCore

/// Geofenced zones (ports, border crossings, free zones) that movements and positions are checked
/// against.
public struct ZoneStore: AggregateStore {
    let engine: PortunusStore
}

extension ZoneStore {
    /// Adds or replaces zones by id in one transaction, each change in the history; returns
    /// how many were new.
    public func putZones(_ zones: [(id: String, kind: String, name: String?, feature: String)], by actor: String) throws(PortunusError) -> (
        added: Int, replaced: Int
    ) {
        try write { db in
            let now = ISO8601.format(Date())
            var added = 0
            var replaced = 0
            for zone in zones {
                let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM zone WHERE id = ?", arguments: [zone.id]) ?? false
                try db.execute(
                    sql: """
                        INSERT INTO zone (id, kind, name, feature, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, feature = excluded.feature,
                        updated_at = excluded.updated_at, updated_by = excluded.updated_by
                        """, arguments: [zone.id, zone.kind, zone.name, zone.feature, now, actor])
                try db.execute(
                    sql: "INSERT INTO zone_revision (zone_id, change, feature, at, by) VALUES (?, 'put', ?, ?, ?)",
                    arguments: [zone.id, zone.feature, now, actor])
                if exists { replaced += 1 } else { added += 1 }
            }
            if !zones.isEmpty {
                try KeyStore.recordAudit(db, keyID: actor, action: "zones.put", subject: "zones:\(zones.count) added:\(added) replaced:\(replaced)")
            }
            return (added, replaced)
        }
    }

    public func deleteZone(id: String, by actor: String) throws(PortunusError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM zone WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: "INSERT INTO zone_revision (zone_id, change, at, by) VALUES (?, 'delete', ?, ?)", arguments: [id, ISO8601.format(Date()), actor])
            try KeyStore.recordAudit(db, keyID: actor, action: "zones.delete", subject: "zone:\(id)")
            return true
        }
    }

    public func zone(id: String) throws(PortunusError) -> StoredZone? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM zone WHERE id = ?", arguments: [id]).map(ZoneStore.zone) }
    }

    /// Every zone (of one kind), by id, and the generation they are current to, read together.
    public func zones(kind: String? = nil) throws(PortunusError) -> (zones: [StoredZone], generation: Int64) {
        try read { db in
            let generation = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM zone_revision") ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM zone WHERE ? IS NULL OR kind = ? ORDER BY id", arguments: [kind, kind])
            return (try rows.map(ZoneStore.zone), generation)
        }
    }

    /// The last change to any zone (0 before the first).
    public func zoneGeneration() throws(PortunusError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM zone_revision") ?? 0 }
    }

    static func zone(_ row: Row) throws -> StoredZone {
        StoredZone(id: row["id"], kind: row["kind"], name: row["name"], feature: row["feature"], updatedAt: try row.time("updated_at", in: "zone"))
    }
}
