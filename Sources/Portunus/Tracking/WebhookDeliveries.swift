import Foundation
import PortunusCore
import Storage

/// The webhook outbox: deliveries that alerts' transactions (tracking) and milestones'
/// transactions (traders' clearance webhooks) wrote, due now or later, and each attempt's
/// result. The server's `WebhookDeliveryWorker` posts them; this is where it reads and records.
public struct WebhookDeliveries: Sendable {
    let store: PortunusStore

    public init(store: PortunusStore) { self.store = store }

    /// One alert or milestone to post to one webhook: the signed body, and how often it was tried.
    public struct Delivery: Sendable {
        /// Which outbox it is from.
        public enum Kind: String, Sendable {
            /// A cargo-tracking alert to an administration's webhook.
            case tracking
            /// A declaration's milestone to its trader's webhook.
            case clearance
        }
        public var kind: Kind = .tracking
        public var id: Int64
        public var webhook: Int64
        public var url: String
        /// The HMAC-SHA256 key of the `Portunus-Signature` header.
        public var secret: String
        public var alert: Int64
        /// The alert's (or the milestone's) id.
        /// The alert as the webhook receives it.
        public var body: Data
        public var attempts: Int
    }

    /// Deliveries due at `now` (seconds since 1970), oldest first.
    public func due(now: Double, limit: Int) throws(PortunusError) -> [Delivery] {
        let alerts = try store.tracking.dueDeliveries(now: now, limit: limit).map {
            Delivery(
                id: $0.id, webhook: $0.webhook.id, url: $0.webhook.url, secret: $0.webhook.secret, alert: $0.alert.id,
                body: TrackingService.webhookBody($0.alert), attempts: $0.attempts)
        }
        let milestones = try store.clearance.dueDeliveries(now: now, limit: limit).map {
            Delivery(
                kind: .clearance, id: $0.id, webhook: $0.webhook.id, url: $0.webhook.url, secret: $0.webhook.secret, alert: $0.milestoneID,
                body: ClearanceService.webhookBody($0), attempts: $0.attempts)
        }
        return alerts + milestones
    }

    /// When the next retry is due (seconds since 1970); nil when none waits.
    public func nextDue() throws(PortunusError) -> Double? {
        [try store.tracking.nextDeliveryDue(), try store.clearance.nextDeliveryDue()].compactMap { $0 }.min()
    }

    /// An attempt's result: delivered, or failed with the status or error, to be tried again
    /// at `retryAt` (nil: given up).
    public func record(_ delivery: Delivery, delivered: Bool, status: Int?, error: String?, retryAt: Double?) throws(PortunusError) {
        switch delivery.kind {
        case .tracking:
            try store.tracking.recordDeliveryAttempt(delivery.id, delivered: delivered, status: status, error: error, retryAt: retryAt)
        case .clearance:
            try store.clearance.recordDeliveryAttempt(delivery.id, delivered: delivered, status: status, error: error, retryAt: retryAt)
        }
    }
}
