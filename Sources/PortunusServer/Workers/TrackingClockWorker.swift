import Logging
import Portunus
import PortunusCore
import ServiceLifecycle

/// The alert rules' clock: late arrivals and silent devices, every interval; each tick is
/// also the alert streams' heartbeat.
struct TrackingClockWorker: Service {
    let tracking: TrackingService
    let interval: Double
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) {
            do throws(PortunusError) {
                let alerts = try await tracking.tick()
                if !alerts.isEmpty { logger.info("tracking clock", metadata: ["alerts": "\(alerts.count)"]) }
                // Refused input past its retention period goes with the clock's tick.
                let purged = try tracking.purgeRefused()
                if purged > 0 { logger.info("tracking clock: refused input purged", metadata: ["rows": "\(purged)"]) }
            } catch {
                logger.warning("tracking clock failed", metadata: ["code": "\(error.code)"])
            }
            tracking.broadcast.heartbeat()
        }
    }
}
