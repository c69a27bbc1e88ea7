import Portunus

/// Limits of the tracker listeners.
///
/// Each connection holds a file descriptor until it closes: these bound how many a stranger
/// can hold and for how long (1,100 idle connections under the usual 1,024 open files made
/// `/healthz` and the API time out), and how much of what they send is kept.
public struct TrackerLimits: Sendable, Hashable {
    /// Open connections per listener at once (Teltonika: more are closed on accept; OsmAnd:
    /// more wait in the backlog). nil: a share of the open-file limit (``OpenFiles``), which
    /// also caps a configured value.
    public var connections: Int?
    /// Open connections from one address; more are closed on accept. Trackers on a mobile
    /// network may share a carrier NAT's address, hence a generous default.
    public var connectionsPerAddress: Int? = 256
    /// A connection that sends nothing for this long is closed (Teltonika: between frames;
    /// OsmAnd: between requests).
    public var idleSeconds: Double = 600
    /// Teltonika: a connection whose IMEI handshake has not been accepted this long after it
    /// opened is closed (the handshake is the device's first 17 bytes).
    public var handshakeSeconds: Double = 10
    /// OsmAnd: seconds from a request's first byte to the end of its header block.
    public var headerSeconds: Double = 10
    /// Largest OsmAnd request body.
    public var bodyBytes = 64 * 1024
    /// How much of the refused input is kept and logged.
    public var rejects = RejectPolicy()

    public init() {}
}
