import AsyncHTTPClient
import Foundation
import NIOCore
import Portunus
import PortunusCore

/// The requests Portunus makes of its own accord (alert webhooks, witnesses'
/// add-checkpoint), under a ``DestinationPolicy``.
///
/// Redirects are never followed: a receiver that answers 3xx has not taken the delivery, and
/// following would let a public URL hand the request on to a private one after every check.
/// Unless private destinations are allowed, the host is resolved here, every address it
/// resolves to is checked, and the connection goes to the checked address (AsyncHTTPClient's
/// `dnsOverride`, which keeps the name for the `Host` header, SNI and the certificate check),
/// so that a second resolution cannot answer differently (DNS rebinding). Such a pinned
/// request has a client of its own, shut down after it: deliveries are few and a pool keyed
/// by address would outlive the answer it was checked against.
public struct OutboundHTTP: Sendable {
    public let policy: DestinationPolicy

    public init(policy: DestinationPolicy) {
        self.policy = policy
    }

    /// For destinations known to be allowed (private ones allowed, or a literal public address):
    /// one pool with keep-alive, never following redirects. Lives as long as the process.
    static let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(redirectConfiguration: .disallow))

    /// POSTs `body` and returns the status and up to 64 KiB of the answer. Throws
    /// `destination.forbidden` (a PortunusError) when the destination is refused.
    public func post(_ url: String, headers: [(name: String, value: String)], body: Data, timeout: TimeAmount = .seconds(10)) async throws -> (
        status: Int, body: Data
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        guard !policy.allowPrivate else { return try await Self.execute(request, on: Self.client, timeout: timeout) }
        guard let parsed = URL(string: url), let host = DestinationPolicy.host(of: parsed) else {
            throw PortunusError(.invalidArgument, "the url has no host")
        }
        let policy = self.policy
        let addresses = try await BlockingExecutor.onOwnThread { try policy.addresses(host: host) }
        if DestinationPolicy.literal(host) != nil { return try await Self.execute(request, on: Self.client, timeout: timeout) }
        guard let address = addresses.first else { throw PortunusError(.io, "the destination's name does not resolve") }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.dnsOverride = [parsed.host ?? host: address]
        let pinned = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let answer = try await Self.execute(request, on: pinned, timeout: timeout)
            try? await pinned.shutdown()
            return answer
        } catch {
            try? await pinned.shutdown()
            throw error
        }
    }

    static func execute(_ request: HTTPClientRequest, on client: HTTPClient, timeout: TimeAmount) async throws -> (status: Int, body: Data) {
        let response = try await client.execute(request, timeout: timeout)
        let bytes = (try? await response.body.collect(upTo: 64 << 10)) ?? ByteBuffer()
        return (Int(response.status.code), Data(buffer: bytes))
    }
}
