import Hummingbird
import Logging
import Portunus
import PortunusCore

/// The request context of Portunus routes: Hummingbird's core storage plus the caller,
/// once the authentication middleware has identified it.
public struct PortunusRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; nil on public routes.
    public var principal: Principal?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// The caller, or 401 when the route was reached without one.
    func requirePrincipal() throws(PortunusError) -> Principal {
        guard let principal else { throw PortunusError(.unauthenticated, "an API key is required (Authorization: Bearer ptn_…)") }
        return principal
    }

    /// The caller, once it may do `operation`: routes that take a body ask this before they
    /// read it, so a caller without the role never makes the server read megabytes (the use
    /// case checks again; the access table stays the one authority).
    func requirePrincipal(for operation: Operation) throws(PortunusError) -> Principal {
        let principal = try requirePrincipal()
        try AccessPolicy.require(operation, principal)
        return principal
    }
}
