import Logging
import Portunus
import PortunusCore
import SentenceEmbedding
import ServiceLifecycle

/// Keeps the classification assistant's index current: built once at start when an HS 2022
/// nomenclature and the model are there (encoding what the cache lacks), then brought up to
/// date whenever confirmed classifications or description lines change. Queries never wait
/// for it: until the first build is done they are answered 503.
struct TariffIndexWorker: Service {
    let assistant: TariffAssistant
    let interval: Double
    let logger: Logger

    func run() async throws {
        var announced = false
        await periodically(every: interval, immediately: true) {
            guard (try? assistant.checkReady()) != nil else { return }
            if !announced {
                announced = true
                logger.info("classification assistant: preparing its index", metadata: ["blas": "\(SentenceEncoder.blasCore)"])
            }
            do {
                // SIGTERM (graceful shutdown) cancels the wait, which raises the build's flag:
                // it stops at its next batch, and the next start resumes from the cache.
                if let report = try await cancelWhenGracefulShutdown({ [assistant] in
                    try await BlockingExecutor.onOwnThread { flag in try assistant.refresh(cancellation: flag) }
                }) {
                    logger.info(
                        "classification assistant: index ready",
                        metadata: [
                            "subheadings": "\(report.subheadings)", "lines": "\(report.lines)", "confirmed": "\(report.confirmed)",
                            "encoded": "\(report.encoded)", "cached": "\(report.cached)", "seconds": "\(report.seconds)",
                        ])
                }
            } catch let error as PortunusError where error.code == .cancelled {
                logger.notice("classification assistant: index build stopped for shutdown; encoded texts are cached")
            } catch {
                logger.warning("classification assistant: index build failed", metadata: ["error": "\(error)"])
            }
        }
        // A build a query started in the background stops too.
        assistant.stop()
    }
}
