import Foundation
import GRDB
import PortunusCore

/// API keys, settings (such as the pseudonym key) and the audit trail.
public struct KeyStore: AggregateStore {
    let engine: PortunusStore
}

extension KeyStore {
    public func insertKey(_ key: StoredKey) throws(PortunusError) {
        try write { db in
            try db.execute(
                sql: "INSERT INTO api_key (id, secret_sha256, role, grants, party, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    key.id, key.secretSHA256, key.role, key.grants.joined(separator: ","), key.party, key.label, ISO8601.format(key.createdAt),
                ])
            try KeyStore.recordAudit(db, keyID: key.id, action: "key.created", subject: "role=\(key.role)")
        }
    }

    public func key(id: String) throws(PortunusError) -> StoredKey? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM api_key WHERE id = ?", arguments: [id]).map(KeyStore.key(from:)) }
    }

    public func keys() throws(PortunusError) -> [StoredKey] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_key ORDER BY created_at, id").map(KeyStore.key(from:)) }
    }

    /// Revokes one key; false when there is no such key or it was already revoked.
    public func revokeKey(id: String) throws(PortunusError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [ISO8601.format(Date()), id])
            let changed = db.changesCount == 1
            if changed { try KeyStore.recordAudit(db, keyID: id, action: "key.revoked", subject: id) }
            return changed
        }
    }

    /// Revokes every live key with this label; returns how many.
    public func revokeKeys(label: String) throws(PortunusError) -> Int {
        try write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM api_key WHERE label = ? AND revoked_at IS NULL", arguments: [label])
            try db.execute(
                sql: "UPDATE api_key SET revoked_at = ? WHERE label = ? AND revoked_at IS NULL", arguments: [ISO8601.format(Date()), label])
            for id in ids { try KeyStore.recordAudit(db, keyID: id, action: "key.revoked", subject: id) }
            return ids.count
        }
    }

    /// A setting's value, created with `make()` the first time it is asked for.
    public func setting(_ name: String, orCreate make: @Sendable () -> Data) throws(PortunusError) -> Data {
        if let value = try read({ db in try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]) }) {
            return value
        }
        return try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO setting (name, value) VALUES (?, ?)", arguments: [name, make()])
            return try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]) ?? Data()
        }
    }

    /// Appends an audit event.
    public func recordAudit(keyID: String, action: String, subject: String, ledger: [LedgerOutboxEntry] = []) throws(PortunusError) {
        try write { db in
            try KeyStore.recordAudit(db, keyID: keyID, action: action, subject: subject)
            try LedgerOutboxStore.enqueue(db, ledger)
        }
    }

    /// The most recent audit events, newest first, optionally of one key or one action.
    public func auditEvents(keyID: String? = nil, action: String? = nil, limit: Int = 100) throws(PortunusError) -> [AuditEvent] {
        try read { db in
            var filter = SQLFilter()
            if let keyID { filter.add("key_id = ?", keyID) }
            if let action { filter.add("action = ?", action) }
            let sql = "SELECT * FROM audit_event\(filter.whereClause) ORDER BY id DESC LIMIT ?"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(filter.arguments + [limit]))
                .map { AuditEvent(at: try $0.time("at", in: "audit_event"), keyID: $0["key_id"], action: $0["action"], subject: $0["subject"]) }
        }
    }

    static func recordAudit(_ db: Database, keyID: String, action: String, subject: String) throws {
        try db.execute(
            sql: "INSERT INTO audit_event (at, key_id, action, subject) VALUES (?, ?, ?, ?)",
            arguments: [ISO8601.format(Date()), keyID, action, subject])
    }

    static func key(from row: Row) throws -> StoredKey {
        let grants: String = row["grants"]
        return StoredKey(
            id: row["id"], secretSHA256: row["secret_sha256"], role: row["role"],
            grants: grants.split(separator: ",").map(String.init), party: row["party"], label: row["label"],
            createdAt: try row.time("created_at", in: "api_key"), revokedAt: try row.timeIfPresent("revoked_at", in: "api_key"))
    }
}
