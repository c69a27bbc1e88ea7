import Logging
import Portunus
import PortunusCore
import ServiceLifecycle
import Synchronization

/// The feedback loop on a schedule: every interval, a model is trained on the inspected
/// declarations (outcomes officers recorded included) of the last 365 days, registered, and
/// activated when its validation AUC is at least the active model's.
struct RetrainingWorker: Service {
    let useCases: UseCases
    let interval: Double
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) {
            do {
                // XGBoost's rounds cannot be interrupted from here, so at shutdown the worker
                // stops waiting for them instead: the training thread finds the flag raised
                // before it registers anything and ends without writing (the process exits
                // meanwhile). Nothing is half-written: registering is the one write.
                let flag = CancellationFlag()
                let outcome = try await cancelWhenGracefulShutdown {
                    try await Self.abandonedOnCancel(flag) { [useCases] in
                        try useCases.retrain(days: 365, threads: 1, cancellation: flag)
                    }
                }
                logger.info("retrained risk model", metadata: ["model": "\(outcome.id)", "activated": "\(outcome.activated)"])
            } catch is CancellationError {
                logger.notice("scheduled retraining stopped for shutdown; nothing was registered")
            } catch let error as PortunusError where error.code == .cancelled {
                logger.notice("scheduled retraining stopped for shutdown; nothing was registered")
            } catch {
                logger.warning("scheduled retraining failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension RetrainingWorker {
    /// Runs `body` on a thread of its own; when the calling task is cancelled, raises `flag`
    /// and throws `CancellationError` at once rather than waiting for `body` to return.
    static func abandonedOnCancel<T: Sendable>(_ flag: CancellationFlag, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let pending = PendingContinuation<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                pending.continuation.withLock { $0 = continuation }
                if Task.isCancelled { pending.resume(with: .failure(CancellationError())) }
                BlockingExecutor.start { pending.resume(with: Result { try body() }) }
            }
        } onCancel: {
            flag.raise()
            pending.resume(with: .failure(CancellationError()))
        }
    }
}

/// A continuation resumed once: by a thread's result or by a cancellation, whichever comes first.
final class PendingContinuation<T: Sendable>: Sendable {
    let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    func resume(with result: Result<T, any Error>) { continuation.withLock { $0.take() }?.resume(with: result) }
}
