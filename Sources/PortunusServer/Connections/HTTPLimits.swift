/// Limits of an HTTP listener (the API; the OsmAnd listener takes its own from ``TrackerLimits``).
///
/// Without them 20 connections that never finished their headers stayed open for good, and
/// enough of them used up the process's file descriptors.
public struct HTTPLimits: Sendable, Hashable {
    /// Seconds a connection may stay open with no request in progress (keep-alive), and a
    /// request body may pause between two reads.
    public var idleSeconds: Double = 60
    /// Seconds from the first byte of a request to the end of its header block
    /// (slowloris: headers sent a byte at a time).
    public var headerSeconds: Double = 10
    /// Connections open at once; further ones wait in the listen backlog. nil: a share of
    /// the open-file limit (``OpenFiles``).
    public var connections: Int?
    /// Connections open at once from one address; more are closed at once. nil: none, since
    /// behind a reverse proxy every client has the proxy's address.
    public var connectionsPerAddress: Int?

    public init() {}
}
