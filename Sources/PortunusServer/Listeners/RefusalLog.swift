import Foundation
import Logging
import Synchronization

/// Log lines about refused connections, at most one per `interval` per listener with the
/// count of those not logged: a flood of connections must not become a flood of log lines.
final class RefusalLog: Sendable {
    let listener: String
    let logger: Logger
    let interval: Double
    private let state = Mutex<(loggedAt: Double, suppressed: Int)>((-.infinity, 0))

    init(listener: String, logger: Logger, interval: Double = 10) {
        self.listener = listener
        self.logger = logger
        self.interval = interval
    }

    func note(_ reason: String, limit: Int) {
        let now = Date().timeIntervalSince1970
        let suppressed: Int? = state.withLock { state in
            guard now - state.loggedAt >= interval else {
                state.suppressed += 1
                return nil
            }
            defer { state = (now, 0) }
            return state.suppressed
        }
        guard let suppressed else { return }
        logger.warning("\(listener) connection refused: \(reason)", metadata: ["limit": "\(limit)", "suppressed": "\(suppressed)"])
    }
}
