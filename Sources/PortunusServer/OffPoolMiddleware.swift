import Foundation
import Hummingbird
import PortunusCore

/// Runs the handlers of requests that write — POST, PUT, PATCH, DELETE — on a
/// `BlockingExecutor` instead of Swift's cooperative pool.
///
/// Writes carry bodies whose parsing, validation, risk assessment and SQLite transaction take
/// from a millisecond to seconds (a batch of 10,000 declarations with explanations). On the
/// cooperative pool, which on Linux has one thread per core, two such requests would stop
/// every other request, the tracker listeners' acknowledgements and the timers for as long as
/// they run. Under a task executor preference the handler's own code runs on the executor's
/// threads and its awaits still hop wherever they need; reads, which are bounded by page sizes,
/// stay on the pool and never queue behind a batch.
struct OffPoolMiddleware<Context: RequestContext>: RouterMiddleware {
    let executor: BlockingExecutor

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options:
            return try await next(request, context)
        default:
            return try await withTaskExecutorPreference(executor) { try await next(request, context) }
        }
    }
}
