import Clearance
import Foundation
import GRDB
import PortunusCore

/// A milestone to post to a trader's webhook.
public struct DueClearanceDelivery: Sendable {
    public var id: Int64
    public var webhook: ClearanceWebhook
    public var declarationID: String
    /// The trader's own reference, when it lodged under one.
    public var reference: String?
    public var milestoneID: Int64
    public var milestone: Milestone
    public var attempts: Int
}

extension ClearanceStore {
    /// The codes a trader's webhook may follow.
    public static let notifiedCodes: [MilestoneCode] = [.docsRequested, .dutyAssessed, .released, .exited]

    public func addWebhook(party: String, url: String, secret: String, codes: [MilestoneCode], by actor: String) throws(PortunusError)
        -> ClearanceWebhook
    {
        try write { db in
            try db.execute(
                sql: "INSERT INTO clearance_webhook (party, url, secret, codes, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    party, url, secret, try JSONColumn.text(codes.map(\.rawValue), column: "codes", table: "clearance_webhook"),
                    ISO8601.format(Date()), actor,
                ])
            let id = db.lastInsertedRowID
            try KeyStore.recordAudit(db, keyID: actor, action: "clearance.webhook.add", subject: "webhook:\(id)")
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM clearance_webhook WHERE id = ?", arguments: [id]) else {
                throw PortunusError(.storage, "the webhook was not stored")
            }
            return try ClearanceStore.webhook(row)
        }
    }

    /// The active webhooks of a party, or of every party when nil.
    public func webhooks(party: String?) throws(PortunusError) -> [ClearanceWebhook] {
        try read { db in
            let rows =
                if let party {
                    try Row.fetchAll(db, sql: "SELECT * FROM clearance_webhook WHERE active = 1 AND party = ? ORDER BY id", arguments: [party])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM clearance_webhook WHERE active = 1 ORDER BY id")
                }
            return try rows.map(ClearanceStore.webhook)
        }
    }

    /// Stops a webhook (of `party`, when given) and erases its secret; its pending deliveries are dropped.
    public func removeWebhook(id: Int64, party: String?, by actor: String) throws(PortunusError) -> Bool {
        defer { engine.eraseFromWAL() }
        return try write { db in
            try db.execute(
                sql: "UPDATE clearance_webhook SET active = 0, secret = '' WHERE id = ? AND active = 1 AND (? IS NULL OR party = ?)",
                arguments: [id, party, party])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: """
                    UPDATE clearance_delivery SET failed_at = ?, last_error = 'webhook removed'
                    WHERE webhook_id = ? AND delivered_at IS NULL AND failed_at IS NULL
                    """, arguments: [ISO8601.format(Date()), id])
            try KeyStore.recordAudit(db, keyID: actor, action: "clearance.webhook.remove", subject: "webhook:\(id)")
            return true
        }
    }

    /// Deliveries due at `now` (seconds since 1970), oldest first.
    public func dueDeliveries(now: Double, limit: Int) throws(PortunusError) -> [DueClearanceDelivery] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id AS delivery_id, c.attempts, c.webhook_id, c.milestone_id, d.id AS declaration_id, d.reference
                    FROM clearance_delivery c JOIN milestone m ON m.id = c.milestone_id JOIN declaration d ON d.seq = m.declaration_seq
                    WHERE c.delivered_at IS NULL AND c.failed_at IS NULL AND c.next_attempt_at <= ? ORDER BY c.next_attempt_at, c.id LIMIT ?
                    """, arguments: [now, max(1, min(limit, 1000))]
            ).compactMap { row in
                guard
                    let webhook = try Row.fetchOne(db, sql: "SELECT * FROM clearance_webhook WHERE id = ?", arguments: [row["webhook_id"] as Int64])
                        .map(ClearanceStore.webhook),
                    let milestone = try Row.fetchOne(db, sql: "SELECT * FROM milestone WHERE id = ?", arguments: [row["milestone_id"] as Int64])
                        .map(ClearanceStore.milestone)
                else { return nil }
                return DueClearanceDelivery(
                    id: row["delivery_id"], webhook: webhook, declarationID: row["declaration_id"], reference: row["reference"],
                    milestoneID: row["milestone_id"], milestone: milestone, attempts: row["attempts"])
            }
        }
    }

    /// The next time any delivery is due (nil: none pending).
    public func nextDeliveryDue() throws(PortunusError) -> Double? {
        try read { db in try WebhookOutbox.clearance.nextDue(db) }
    }

    /// Records an attempt: delivered, retried at `retryAt`, or given up (`retryAt` nil).
    public func recordDeliveryAttempt(_ id: Int64, delivered: Bool, status: Int?, error: String?, retryAt: Double?) throws(PortunusError) {
        try write { db in try WebhookOutbox.clearance.recordAttempt(db, id: id, delivered: delivered, status: status, error: error, retryAt: retryAt)
        }
    }

    /// Queues a milestone for the webhooks of the declaration's importer and declarant that
    /// follow its code, in the milestone's transaction.
    static func enqueueDeliveries(_ db: Database, seq: Int64, milestoneID: Int64, code: MilestoneCode) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO clearance_delivery (webhook_id, milestone_id, next_attempt_at)
                SELECT w.id, ?, ? FROM clearance_webhook w JOIN declaration d ON d.seq = ?
                WHERE w.active = 1 AND w.party IN (d.importer_id, d.declarant_id)
                    AND EXISTS (SELECT 1 FROM json_each(w.codes) WHERE json_each.value = ?)
                """
        ).execute(arguments: [milestoneID, Date().timeIntervalSince1970, seq, code.rawValue])
    }

    static func webhook(_ row: Row) throws -> ClearanceWebhook {
        let codes: [String] = try row.jsonValue("codes", in: "clearance_webhook")
        return ClearanceWebhook(
            id: row["id"], party: row["party"], url: row["url"], secret: row["secret"],
            codes: try codes.map { text throws -> MilestoneCode in
                guard let code = MilestoneCode(rawValue: text) else { throw Row.unknown(text, column: "codes", table: "clearance_webhook") }
                return code
            }, createdAt: try row.time("created_at", in: "clearance_webhook"))
    }
}
