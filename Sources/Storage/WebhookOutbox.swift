import Foundation
import GRDB
import PortunusCore

/// What the two webhook outboxes (`tracking_delivery` for alerts, `clearance_delivery` for
/// traders' milestones) share: when the next delivery is due, and how an attempt is recorded.
enum WebhookOutbox: String {
    case tracking = "tracking_delivery"
    case clearance = "clearance_delivery"

    /// The next time any delivery is due (nil: none pending).
    func nextDue(_ db: Database) throws -> Double? {
        try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM \(rawValue) WHERE delivered_at IS NULL AND failed_at IS NULL")
    }

    /// Records an attempt: delivered, retried at `retryAt`, or given up (`retryAt` nil).
    func recordAttempt(_ db: Database, id: Int64, delivered: Bool, status: Int?, error: String?, retryAt: Double?) throws {
        let now = ISO8601.format(Date())
        try db.execute(
            sql: """
                UPDATE \(rawValue) SET attempts = attempts + 1, last_status = ?, last_error = ?,
                delivered_at = CASE WHEN ? THEN ? END, failed_at = CASE WHEN NOT ? AND ? IS NULL THEN ? END,
                next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?
                """, arguments: [status, error, delivered, now, delivered, retryAt, now, retryAt, id])
    }
}
