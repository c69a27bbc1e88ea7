import Foundation
import Logging
import Portunus
import PortunusCore
import ServiceLifecycle

/// Background upkeep of the store while the server runs: WAL checkpoints every second from
/// a connection of their own (commits never stop to checkpoint: a tracker's acknowledgement
/// waits for its commit, and a 32 MiB checkpoint inside one would be its p99), and at each
/// interval the stored-declarations gauge.
struct StoreMaintenanceWorker: Service {
    static let checkpoints = BlockingExecutor(label: "portunus.store.checkpoint", threads: 1)
    let maintenance: StoreMaintenance
    let metrics: ServerMetrics
    let interval: Double
    let logger: Logger

    func run() async throws {
        do { try maintenance.takeOverCheckpoints() } catch { logger.warning("store maintenance failed", metadata: ["code": "\(error.code)"]) }
        var gaugedAt = -Double.infinity
        await periodically(every: min(interval, 1), immediately: true) {
            do {
                if Date().timeIntervalSince1970 - gaugedAt >= interval {
                    gaugedAt = Date().timeIntervalSince1970
                    metrics.stored(declarations: try maintenance.declarationCount())
                    metrics.imports(try maintenance.importTotals())
                }
                try await Self.checkpoints.run { [maintenance] in try maintenance.checkpoint() }
            } catch {
                logger.warning("store maintenance failed", metadata: ["code": "\(String(describing: (error as? PortunusError)?.code))"])
            }
        }
    }
}
