import Foundation
import Logging
import Portunus
import PortunusCore
import ServiceLifecycle

/// Posts each alert, and each milestone a trader follows, to the webhooks that take it, from the
/// outbox the alert's or the milestone's transaction wrote: signed (`Portunus-Signature`), retried with exponential backoff (5 s, 10 s, 20 s …
/// capped at an hour) up to `attempts` times, then marked failed. A restart resumes where
/// it stopped; a receiver may see an alert twice and recognises it by `id`.
public struct WebhookDeliveryWorker: Service {
    let deliveries: WebhookDeliveries
    let attempts: Int
    let baseDelay: Double
    let outbound: OutboundHTTP
    let logger: Logger

    /// `destinations`: where webhooks may point; checked again at each delivery on the
    /// addresses the name resolves to then (a delivery to a refused one fails with
    /// `destination.forbidden` and is retried like any failure, in case DNS changes back).
    public init(
        deliveries: WebhookDeliveries, attempts: Int = 10, baseDelay: Double = 5, destinations: DestinationPolicy = DestinationPolicy(),
        logger: Logger
    ) {
        self.deliveries = deliveries
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.outbound = OutboundHTTP(policy: destinations)
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                for delivery in try deliveries.due(now: Date().timeIntervalSince1970, limit: 100) { await deliver(delivery) }
            } catch {
                logger.warning("webhook deliveries unreadable", metadata: ["code": "\(error.code)"])
            }
            // Until the next retry is due, looking for new alerts' deliveries every second.
            let next = (try? deliveries.nextDue()) ?? nil
            let wait = min(max((next ?? .infinity) - Date().timeIntervalSince1970, 0.05), 1)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(wait)) }
        }
    }

    func deliver(_ delivery: WebhookDeliveries.Delivery) async {
        let body = delivery.body
        let headers = [
            (name: "Content-Type", value: "application/json"),
            (
                name: "Portunus-Signature",
                value: TrackingService.webhookSignature(body, secret: delivery.secret, timestamp: Int(Date().timeIntervalSince1970))
            ),
            (name: "Portunus-Delivery", value: String(delivery.id)),
        ]
        var status: Int?
        var failure: String?
        do {
            status = try await outbound.post(delivery.url, headers: headers, body: body).status
        } catch let error as PortunusError {
            failure = error.code.rawValue
        } catch {
            failure = String(describing: type(of: error))
        }
        let delivered = status.map { (200..<300).contains($0) } ?? false
        let tried = delivery.attempts + 1
        let retryAt = delivered || tried >= attempts ? nil : Date().timeIntervalSince1970 + min(baseDelay * pow(2, Double(tried - 1)), 3600)
        if !delivered {
            logger.warning(
                "webhook delivery failed",
                metadata: [
                    "webhook": "\(delivery.kind.rawValue):\(delivery.webhook)", "subject": "\(delivery.alert)",
                    "status": "\(status.map(String.init) ?? failure ?? "-")", "attempt": "\(tried)",
                ])
        }
        do {
            try deliveries.record(delivery, delivered: delivered, status: status, error: failure, retryAt: retryAt)
        } catch {
            logger.error("webhook attempt not recorded", metadata: ["code": "\(error.code)"])
        }
    }
}
