import Hummingbird
import Synchronization

/// Answers 503 when more requests than `limit` are in flight, instead of queueing without end.
struct InFlightLimit<Context: RequestContext>: RouterMiddleware {
    let limit: Int
    let inFlight = InFlightCounter()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard inFlight.count.add(1, ordering: .relaxed).newValue <= limit else {
            inFlight.count.subtract(1, ordering: .relaxed)
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"])
        }
        defer { inFlight.count.subtract(1, ordering: .relaxed) }
        return try await next(request, context)
    }
}
