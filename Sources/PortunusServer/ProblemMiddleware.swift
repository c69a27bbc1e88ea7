import Hummingbird
import Portunus
import PortunusCore

/// Turns every error into an RFC 9457 problem document: a `PortunusError` as it is, a document
/// with several problems with each of them, another module's error through its one conversion
/// (`PortunusError(converting:)`), Hummingbird's own errors (no such route, a body over the
/// limit) with their status. Anything else is the registered `internal` code with status 500:
/// its text may hold anything (personal data included), so only its type goes to the log, and
/// never to the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let rejected as RejectedDocument {
            return Self.response(rejected.problems)
        } catch let failure as DeclarationJSON.DecodeFailure {
            return Self.response(failure.problems)
        } catch let error as HTTPError {
            let code: PortunusError.Code =
                switch error.status {
                case .notFound: .routeNotFound
                case .contentTooLarge: .bodyTooLarge
                case .methodNotAllowed: .routeNotFound
                default: .invalidArgument
                }
            let reason = error.status == .notFound ? "no such route" : (error.body ?? error.status.reasonPhrase)
            return ProblemDetails(PortunusError(code, reason), status: error.status).response()
        } catch {
            if let converted = PortunusError(converting: error) { return Self.response(converted) }
            context.logger.error("unexpected error", metadata: ["type": "\(type(of: error))"])
            return ProblemDetails(PortunusError(.internalError, "internal error")).response()
        }
    }

    static func response(_ error: PortunusError) -> Response {
        var headers: HTTPFields = [:]
        if error.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
        return ProblemDetails(error).response(headers: headers)
    }

    /// A document refused for several problems: the first is the headline, `errors` lists all.
    static func response(_ problems: [PortunusError]) -> Response {
        let first = problems.first ?? PortunusError(.invalidJSON, "the document was rejected")
        return ProblemDetails(first, all: problems).response()
    }
}
