import Logging
import NIOCore
import NIOPosix
import Portunus
import ServiceLifecycle
import Synchronization

/// Teltonika Codec 8 / 8 Extended over TCP, as the trackers speak it: the IMEI handshake
/// (answered 0x01 when the device is on a tracked movement, 0x00 otherwise), then AVL
/// packets, each acknowledged with the number of records stored, after they are stored.
///
/// A packet with a bad CRC is kept in `tracking_reject`, logged with its byte offset and
/// acknowledged with 0 records, so the device sends it again; a frame that cannot be
/// delimited (a bad preamble, a length over 64 KiB, an unknown codec) is kept the same way
/// and its connection closed, since nothing after it can be trusted. Every connection has
/// its own task: one device's garbage never touches another's stream.
public struct TeltonikaListener: Service {
    let host: String
    let port: Int
    let tracking: TrackingService
    let limits: TrackerLimits
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    public init(
        host: String, port: Int, tracking: TrackingService, limits: TrackerLimits = TrackerLimits(), logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.tracking = tracking
        self.limits = limits
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let idle = TimeAmount(seconds: limits.idleSeconds)
        let handshake = TimeAmount(seconds: limits.handshakeSeconds)
        let maximum = OpenFiles.bounded(
            limits.connections, share: OpenFiles.shares(limit: OpenFiles.current).teltonika, listener: "teltonika", logger: logger)
        let perAddress = ConnectionsPerAddress(limit: limits.connectionsPerAddress)
        let refusals = RefusalLog(listener: "teltonika", logger: logger)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The per-address cap is kept here, on the event loop, as the connection is
                    // accepted: a connection past it is closed at once even while the tasks that
                    // serve connections wait for a thread.
                    guard perAddress.admit(channel) else {
                        refusals.note("per-address limit reached", limit: limits.connectionsPerAddress ?? 0)
                        channel.close(promise: nil)
                        return Accepted.refused
                    }
                    try channel.pipeline.syncOperations.addHandlers([IdleStateHandler(readTimeout: idle), CloseOnIdle()])
                    try channel.pipeline.syncOperations.addHandler(HandshakeDeadline(timeout: handshake), name: HandshakeDeadline.name)
                    return Accepted.serve(try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel))
                }
            }
        await onListening(server.channel.localAddress?.port ?? port)
        logger.info("teltonika listener", metadata: ["port": "\(server.channel.localAddress?.port ?? port)", "connections": "\(maximum)"])
        let open = InFlightCounter()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await accepted in connections {
                        // Refused past the per-address cap (and closed) as it was accepted.
                        guard case .serve(let connection) = accepted else { continue }
                        guard open.count.add(1, ordering: .relaxed).newValue <= maximum else {
                            open.count.subtract(1, ordering: .relaxed)
                            refusals.note("limit reached", limit: maximum)
                            try? await connection.channel.close()
                            continue
                        }
                        group.addTask {
                            defer { open.count.subtract(1, ordering: .relaxed) }
                            await serve(connection)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// A connection as the event loop accepted it: to serve, or refused past the per-address cap.
    enum Accepted: Sendable {
        case serve(NIOAsyncChannel<ByteBuffer, ByteBuffer>)
        case refused
    }

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var session = TeltonikaSession()
                var greeted = false
                for try await chunk in inbound {
                    session.buffer.append(contentsOf: chunk.readableBytesView)
                    let step = await session.advance(tracking: tracking, logger: logger)
                    if !greeted, session.imei != nil {
                        greeted = true
                        // By name: the handler itself is the event loop's and does not cross to this task.
                        try? await connection.channel.pipeline.removeHandler(name: HandshakeDeadline.name).get()
                    }
                    for reply in step.replies { try await outbound.write(ByteBuffer(bytes: reply)) }
                    if step.close { return }
                }
                if !session.buffer.isEmpty {
                    TeltonikaSession.keep(
                        tracking: tracking, logger: logger, device: session.imei, code: "teltonika.truncated", offset: session.buffer.count,
                        detail: "the connection closed inside a frame", raw: session.buffer)
                }
            }
        } catch {
            logger.debug("teltonika connection ended", metadata: ["error": "\(type(of: error))"])
        }
    }
}
