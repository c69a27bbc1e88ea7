import Foundation
import Logging
import ServiceLifecycle

/// Keeps the ledger moving while the server runs: appends the outbox every `interval`, and
/// after the log grew (or a witness failed, at most every `cosignInterval`) asks the witnesses
/// to cosign. Also picks up edits to `witness.logs` and `ledger.policy`.
struct LedgerWorker: Service {
    let runtime: LedgerRuntime
    let interval: Double
    let cosignInterval: Double
    let logger: Logger

    func run() async throws {
        var lastCosigned: UInt64? = nil
        var lastAttempt = Date.distantPast
        var retry = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await runtime.publish()
            } catch {
                logger.error("ledger append failed", metadata: ["error": "\(error)"])
            }
            runtime.reloadWitnessLogs()
            if let log = runtime.log, runtime.collector != nil || FileManager.default.fileExists(atPath: runtime.paths.policy.path) {
                let size = log.size
                let due = Date().timeIntervalSince(lastAttempt) >= cosignInterval
                if due && (size != lastCosigned || retry) {
                    lastAttempt = Date()
                    do {
                        let failures = try await runtime.cosign()
                        lastCosigned = size
                        retry = !failures.isEmpty
                        for (witness, reason) in failures.sorted(by: { $0.key < $1.key }) {
                            logger.warning("witness did not cosign", metadata: ["witness": "\(witness)", "reason": "\(reason)"])
                        }
                    } catch {
                        retry = true
                        logger.error("publishing cosignatures failed", metadata: ["error": "\(error)"])
                    }
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
        }
        // Entries enqueued by the last requests go in before the process ends.
        _ = try? await runtime.publish()
    }
}
