import Logging
import Portunus
import PortunusCore
import ServiceLifecycle

/// Runs the travel retention job (depersonalise, then delete) while the server runs. It logs
/// counts only, never what was removed.
struct TravelRetentionWorker: Service {
    let retention: TravelRetention
    let interval: Double
    let logger: Logger

    func run() async throws {
        await periodically(every: interval, immediately: true) {
            do throws(PortunusError) {
                let report = try retention.run()
                if report != TravelRetention.Report() {
                    logger.info(
                        "travel retention",
                        metadata: [
                            "depersonalised_passengers": "\(report.depersonalisedPassengers)",
                            "depersonalised_travellers": "\(report.depersonalisedTravellers)",
                            "deleted_passengers": "\(report.deletedPassengers)", "deleted_travellers": "\(report.deletedTravellers)",
                        ])
                }
            } catch {
                logger.warning("travel retention failed", metadata: ["code": "\(error.code)"])
            }
        }
    }
}
