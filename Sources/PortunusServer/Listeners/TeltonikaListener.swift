import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import Portunus
import PortunusCore
import ServiceLifecycle
import Synchronization
import Tracking

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
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: idle), CloseOnIdle(),
                        HandshakeDeadline(timeout: handshake),
                    ])
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        await onListening(server.channel.localAddress?.port ?? port)
        logger.info("teltonika listener", metadata: ["port": "\(server.channel.localAddress?.port ?? port)", "connections": "\(maximum)"])
        let open = InFlightCounter()
        let refusals = RefusalLog(listener: "teltonika", logger: logger)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        guard open.count.add(1, ordering: .relaxed).newValue <= maximum else {
                            open.count.subtract(1, ordering: .relaxed)
                            refusals.note("limit reached", limit: maximum)
                            try? await connection.channel.close()
                            continue
                        }
                        guard perAddress.admit(connection.channel) else {
                            open.count.subtract(1, ordering: .relaxed)
                            refusals.note("per-address limit reached", limit: limits.connectionsPerAddress ?? 0)
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
                        if let deadline = try? await connection.channel.pipeline.handler(type: HandshakeDeadline.self).get() {
                            try? await connection.channel.pipeline.removeHandler(deadline).get()
                        }
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

/// One Teltonika connection's state: the bytes not yet consumed and the device once its
/// handshake is accepted.
struct TeltonikaSession {
    var buffer: [UInt8] = []
    var imei: String?

    struct Step {
        var replies: [[UInt8]] = []
        var close = false
    }

    /// Consumes every whole frame in the buffer.
    mutating func advance(tracking: TrackingService, logger: Logger) async -> Step {
        var step = Step()
        while !buffer.isEmpty {
            guard let device = imei else {
                do {
                    guard let handshake = try Teltonika.handshake(buffer[...]) else { return step }
                    buffer.removeFirst(handshake.consumed)
                    guard tracking.knows(device: handshake.imei) else {
                        Self.keep(
                            tracking: tracking, logger: logger, device: handshake.imei, code: PortunusError.Code.unknownDevice.rawValue, offset: 0,
                            detail: "the device is on no tracked movement", raw: [])
                        step.replies.append([0x00])
                        step.close = true
                        return step
                    }
                    imei = handshake.imei
                    step.replies.append([0x01])
                    continue
                } catch {
                    fail(error, device: nil, tracking: tracking, logger: logger, step: &step)
                    return step
                }
            }
            do {
                guard case .packet(let packet, let consumed) = try Teltonika.packet(buffer[...]) else { return step }
                buffer.removeFirst(consumed)
                let reports = packet.records.map { $0.report(device: device) }
                do {
                    let intake = try await tracking.report(reports, source: "teltonika")
                    // A record the door refuses (a clock years off, a non-finite number) would be
                    // refused again on every retry: it is kept as a refusal and acknowledged with
                    // the stored ones, so the device drops it instead of resending the packet forever.
                    for problem in intake.rejected {
                        Self.keep(
                            tracking: tracking, logger: logger, device: device, code: problem.code, offset: nil,
                            detail: "record \(problem.index): \(problem.detail)", raw: [])
                    }
                    step.replies.append(Teltonika.acknowledgement(records: intake.accepted + intake.rejected.count))
                } catch {
                    // Not stored: no acknowledgement, so the device keeps the records and retries.
                    logger.error("teltonika records not stored", metadata: ["code": "\(error.code)"])
                    step.close = true
                    return step
                }
            } catch {
                fail(error, device: device, tracking: tracking, logger: logger, step: &step)
                if step.close { return step }
            }
        }
        return step
    }

    /// A frame refused: kept, logged; a bad CRC skips the frame (0 records acknowledged), any
    /// other error closes the connection.
    mutating func fail(_ error: PortunusError, device: String?, tracking: TrackingService, logger: Logger, step: inout Step) {
        let offset = error.location?.byteOffset
        if error.code == .teltonikaCRC, buffer.count >= 8 {
            let length = buffer[4..<8].reduce(0) { $0 << 8 | Int($1) }
            let frame = min(buffer.count, 12 + length)
            Self.keep(
                tracking: tracking, logger: logger, device: device, code: error.code.rawValue, offset: offset, detail: error.reason,
                raw: Array(buffer[..<frame]))
            buffer.removeFirst(frame)
            step.replies.append(Teltonika.acknowledgement(records: 0))
            return
        }
        Self.keep(
            tracking: tracking, logger: logger, device: device, code: error.code.rawValue, offset: offset, detail: error.reason,
            raw: Array(buffer.prefix(12 + Teltonika.maximumDataLength)))
        buffer.removeAll()
        step.close = true
    }

    /// Keeps a refused frame as the tracking service bounds it (its first bytes, a budget
    /// per minute) and logs it within the log budget.
    static func keep(tracking: TrackingService, logger: Logger, device: String?, code: String, offset: Int?, detail: String, raw: [UInt8]) {
        tracking.keepRefused(source: "teltonika", device: device, code: code, byteOffset: offset, detail: detail, raw: Data(raw), logger: logger)
    }
}

/// Closes a Teltonika connection whose IMEI handshake has not been accepted in time; the
/// session removes it once the handshake is accepted. Without it a connection that sends
/// nothing, or a byte every few minutes, held its descriptor for the whole idle timeout.
final class HandshakeDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) { loopBound.value.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}

/// Log lines about refused connections, at most one per `interval` per listener with the
/// count of those not logged: a flood of connections must not become a flood of log lines.
final class RefusalLog: Sendable {
    let listener: String
    let logger: Logger
    let interval: Double
    private let state = Mutex<(loggedAt: Double, suppressed: Int)>((-.infinity, 0))

    init(listener: String, logger: Logger, interval: Double = 10) {
        self.listener = listener
        self.logger = logger
        self.interval = interval
    }

    func note(_ reason: String, limit: Int) {
        let now = Date().timeIntervalSince1970
        let suppressed: Int? = state.withLock { state in
            guard now - state.loggedAt >= interval else {
                state.suppressed += 1
                return nil
            }
            defer { state = (now, 0) }
            return state.suppressed
        }
        guard let suppressed else { return }
        logger.warning("\(listener) connection refused: \(reason)", metadata: ["limit": "\(limit)", "suppressed": "\(suppressed)"])
    }
}

/// Closes a connection when the idle-state handler says it has been silent too long.
final class CloseOnIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }
}

/// The OsmAnd protocol on its own port, as Traccar serves it: `GET` or `POST /` with the
/// position as query or form parameters, or Traccar Client's JSON body. 200 when stored;
/// 400 with the error code and the parameter at fault otherwise (an unknown device too, as
/// Traccar answers). Refused requests are kept, with their query and body.
public enum OsmAndListener {
    public static func application(
        host: String, port: Int, tracking: TrackingService, limits: TrackerLimits = TrackerLimits(), logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        let maximum = OpenFiles.bounded(
            limits.connections, share: OpenFiles.shares(limit: OpenFiles.current).osmand, listener: "osmand", logger: logger)
        router.add(middleware: InFlightLimit(limit: maximum))
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            await receive(request, tracking: tracking, limit: limits.bodyBytes, logger: logger)
        }
        router.get("/", use: handler)
        router.post("/", use: handler)
        return Application(
            router: router,
            server: .bounded(
                idleSeconds: limits.idleSeconds, headerSeconds: limits.headerSeconds, connectionsPerAddress: limits.connectionsPerAddress),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "Portunus-OsmAnd", backlog: 1024,
                availableConnectionsDelegate: MaximumAvailableConnections(maximum, logger: logger)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    static func receive(_ request: Request, tracking: TrackingService, limit: Int, logger: Logger) async -> Response {
        let query = request.uri.query ?? ""
        var body = Data()
        do {
            body = try await request.data(.positionRequest(maximumBytes: limit))
        } catch {
            return refuse(error, query: query, body: Data(), tracking: tracking, logger: logger, status: .contentTooLarge)
        }
        do {
            let report: PositionReport
            let contentType = request.headers[.contentType] ?? ""
            if contentType.hasPrefix("application/json") {
                report = try OsmAnd.report(json: body)
            } else {
                var parameters = OsmAnd.parameters(query)
                if contentType.hasPrefix("application/x-www-form-urlencoded") {
                    parameters.merge(OsmAnd.parameters(String(decoding: body, as: UTF8.self))) { _, form in form }
                }
                report = try OsmAnd.report(parameters)
            }
            let intake = try await tracking.report([report], source: "osmand")
            if let problem = intake.rejected.first {
                return refuse(
                    PortunusError(PortunusError.Code(problem.code), problem.detail, field: problem.field), query: query, body: body,
                    tracking: tracking,
                    logger: logger, device: report.device)
            }
            return Response(status: .ok)
        } catch  where error.code == .storage {
            logger.error("osmand position not stored", metadata: ["code": "\(error.code)"])
            return Response(status: .serviceUnavailable)
        } catch {
            return refuse(error, query: query, body: body, tracking: tracking, logger: logger)
        }
    }

    static func refuse(
        _ error: PortunusError, query: String, body: Data, tracking: TrackingService, logger: Logger, device: String? = nil,
        status: HTTPResponse.Status = .badRequest
    ) -> Response {
        tracking.keepRefused(
            source: "osmand", device: device, code: error.code.rawValue, byteOffset: nil, detail: error.reason,
            raw: Data(query.utf8) + Data([0x0A]) + body, logger: logger)
        let text = "\(error.code.rawValue)\(error.field.map { " (\($0))" } ?? ""): \(error.reason)\n"
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

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

final class InFlightCounter: Sendable {
    let count = Atomic<Int>(0)
}

/// The alert rules' clock: late arrivals and silent devices, every interval; each tick is
/// also the alert streams' heartbeat.
struct TrackingClockWorker: Service {
    let tracking: TrackingService
    let interval: Double
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) {
            do throws(PortunusError) {
                let alerts = try await tracking.tick()
                if !alerts.isEmpty { logger.info("tracking clock", metadata: ["alerts": "\(alerts.count)"]) }
                // Refused input past its retention period goes with the clock's tick.
                let purged = try tracking.purgeRefused()
                if purged > 0 { logger.info("tracking clock: refused input purged", metadata: ["rows": "\(purged)"]) }
            } catch {
                logger.warning("tracking clock failed", metadata: ["code": "\(error.code)"])
            }
            tracking.broadcast.heartbeat()
        }
    }
}

/// Posts each alert to the webhooks that take it, from the outbox the alert's transaction
/// wrote: signed (`Portunus-Signature`), retried with exponential backoff (5 s, 10 s, 20 s …
/// capped at an hour) up to `attempts` times, then marked failed. A restart resumes where
/// it stopped; a receiver may see an alert twice and recognises it by `id`.
public struct WebhookDeliveryWorker: Service {
    let deliveries: WebhookDeliveries
    let attempts: Int
    let baseDelay: Double
    let outbound: OutboundHTTP
    let logger: Logger

    /// `destinations`: where webhooks may point; checked again at each delivery on the
    /// addresses the name resolves to then (a delivery to a refused one fails with
    /// `destination.forbidden` and is retried like any failure, in case DNS changes back).
    public init(
        deliveries: WebhookDeliveries, attempts: Int = 10, baseDelay: Double = 5, destinations: DestinationPolicy = DestinationPolicy(),
        logger: Logger
    ) {
        self.deliveries = deliveries
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.outbound = OutboundHTTP(policy: destinations)
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                for delivery in try deliveries.due(now: Date().timeIntervalSince1970, limit: 100) { await deliver(delivery) }
            } catch {
                logger.warning("webhook deliveries unreadable", metadata: ["code": "\(error.code)"])
            }
            // Until the next retry is due, looking for new alerts' deliveries every second.
            let next = (try? deliveries.nextDue()) ?? nil
            let wait = min(max((next ?? .infinity) - Date().timeIntervalSince1970, 0.05), 1)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(wait)) }
        }
    }

    func deliver(_ delivery: WebhookDeliveries.Delivery) async {
        let body = delivery.body
        let headers = [
            (name: "Content-Type", value: "application/json"),
            (
                name: "Portunus-Signature",
                value: TrackingService.webhookSignature(body, secret: delivery.secret, timestamp: Int(Date().timeIntervalSince1970))
            ),
            (name: "Portunus-Delivery", value: String(delivery.id)),
        ]
        var status: Int?
        var failure: String?
        do {
            status = try await outbound.post(delivery.url, headers: headers, body: body).status
        } catch let error as PortunusError {
            failure = error.code.rawValue
        } catch {
            failure = String(describing: type(of: error))
        }
        let delivered = status.map { (200..<300).contains($0) } ?? false
        let tried = delivery.attempts + 1
        let retryAt = delivered || tried >= attempts ? nil : Date().timeIntervalSince1970 + min(baseDelay * pow(2, Double(tried - 1)), 3600)
        if !delivered {
            logger.warning(
                "webhook delivery failed",
                metadata: [
                    "webhook": "\(delivery.webhook)", "alert": "\(delivery.alert)",
                    "status": "\(status.map(String.init) ?? failure ?? "-")", "attempt": "\(tried)",
                ])
        }
        do {
            try deliveries.record(delivery.id, delivered: delivered, status: status, error: failure, retryAt: retryAt)
        } catch {
            logger.error("webhook attempt not recorded", metadata: ["code": "\(error.code)"])
        }
    }
}
