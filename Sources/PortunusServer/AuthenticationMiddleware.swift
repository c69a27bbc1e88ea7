import Hummingbird
import Portunus
import PortunusCore

/// Identifies the caller from `Authorization: Bearer ptn_…`. A missing or unknown key is a
/// 401; what the caller may then do is decided by ``AccessPolicy`` in the use cases.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = PortunusRequestContext
    let keys: APIKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw PortunusError(.unauthenticated, "an API key is required (Authorization: Bearer ptn_…)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw PortunusError(.unauthenticated, "the Authorization header must be 'Bearer <key>'")
        }
        guard let principal = try keys.authenticate(String(parts[1])) else {
            throw PortunusError(.unauthenticated, "the API key is unknown or revoked")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "key"] = "\(principal.keyID)"
        return try await next(request, context)
    }
}
