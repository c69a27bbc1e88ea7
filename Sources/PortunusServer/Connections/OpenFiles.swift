import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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

/// The process's open-file limit and its shares: each connection is a file descriptor, and
/// a listener that accepts past the limit makes `accept` fail for every listener and the
/// store fail to open its files (1,100 idle tracker connections under a limit of 1,024 made
/// `/healthz` and the API time out).
public enum OpenFiles {
    /// Descriptors kept back for everything that is not a client connection: the database
    /// (its file, WAL and shared memory, for the writer and each reader), the ledger's tiles
    /// and checkpoint, outbound HTTP (webhooks, witnesses), the assistant's model files,
    /// standard streams and the event loops' own descriptors.
    public static let reserved = 256

    /// Raises the soft limit to the hard one (as Go's runtime does at start: the soft limit of
    /// 1,024 is a relic of `select`, which Portunus does not use) and returns the limit then.
    @discardableResult
    public static func raiseSoftLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }

    /// The current soft limit.
    public static var current: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return limit.rlim_cur >= rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }

    /// How many connections each listener may hold under `limit` open files: what is left
    /// after ``reserved``, two fifths each to the API and Teltonika (long-lived device
    /// connections) and one fifth to OsmAnd (a request per fix). At a limit of 1,024:
    /// 307, 307 and 153; at 20,000: 7,897, 7,897 and 3,948.
    public static func shares(limit: Int) -> (api: Int, teltonika: Int, osmand: Int) {
        let usable = max(limit - reserved, 80)
        return (usable * 2 / 5, usable * 2 / 5, usable / 5)
    }

    /// A configured limit, or the share when none is configured or it is above the share.
    static func bounded(_ configured: Int?, share: Int, listener: String, logger: Logger) -> Int {
        guard let configured else { return share }
        if configured > share {
            logger.warning(
                "connection limit above the open-file share; using the share",
                metadata: [
                    "listener": "\(listener)", "configured": "\(configured)", "share": "\(share)", "open_files": "\(current)",
                ])
            return share
        }
        return max(configured, 1)
    }
}

/// Counts connections per remote address and refuses one past the cap.
final class ConnectionsPerAddress: Sendable {
    let limit: Int?
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int?) { self.limit = limit }

    /// Takes a slot for the channel's address, released when the channel closes; false
    /// (and nothing taken) when the address is at its cap.
    func admit(_ channel: any Channel) -> Bool {
        guard let limit, let address = channel.remoteAddress?.ipAddress else { return true }
        let admitted = open.withLock { open in
            guard open[address, default: 0] < limit else { return false }
            open[address, default: 0] += 1
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in
                open.withLock { open in
                    let left = open[address, default: 1] - 1
                    open[address] = left > 0 ? left : nil
                }
            }
        }
        return admitted
    }
}

extension TimeAmount {
    /// Whole nanoseconds of a number of seconds, bounded to a day (configuration values are
    /// checked positive; this only keeps a typo from overflowing).
    init(seconds: Double) {
        self = .nanoseconds(Int64(min(max(seconds, 0.001), 86_400) * 1_000_000_000))
    }
}

/// Closes a connection whose request header block is not complete `timeout` after its first
/// byte. Hummingbird's idle timeout only counts decoded HTTP parts, so it closes a silent
/// connection but resets on nothing while a header arrives a byte at a time; this bounds
/// that case (Go's `ReadHeaderTimeout`, nginx's `client_header_timeout`).
///
/// It sits first in the pipeline and sees raw bytes; its partner ``RequestHeadSeen`` sits
/// after the HTTP decoder and says when a head has been decoded and when the request ended,
/// so that body bytes and keep-alive pauses never start the clock.
final class RequestHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let timeout: TimeAmount
    private var requestOpen = false
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !requestOpen, deadline == nil, unwrapInboundIn(data).readableBytes > 0 {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: timeout) { loopBound.value.close(promise: nil) }
        }
        context.fireChannelRead(data)
    }

    func headDecoded() {
        requestOpen = true
        deadline?.cancel()
        deadline = nil
    }

    func requestEnded() { requestOpen = false }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}

/// After the HTTP decoder: tells the channel's ``RequestHeadDeadline`` about heads and ends.
final class RequestHeadSeen: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private var partner: RequestHeadDeadline?

    func handlerAdded(context: ChannelHandlerContext) {
        partner = try? context.pipeline.syncOperations.handler(type: RequestHeadDeadline.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: partner?.headDecoded()
        case .end: partner?.requestEnded()
        case .body: break
        }
        context.fireChannelRead(data)
    }
}

/// Hummingbird's HTTP/1.1 channel with the limits Hummingbird lacks: the request-head
/// deadline and a per-address connection cap. (Its own idle timeout and connection maximum
/// are set through its configuration.)
struct BoundedHTTP1Channel: HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let http1: HTTP1Channel
    let headerTimeout: TimeAmount
    let perAddress: ConnectionsPerAddress

    var responder: Responder { http1.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard perAddress.admit(channel) else {
            logger.debug("connection refused: per-address limit", metadata: ["limit": "\(perAddress.limit ?? 0)"])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.inputClosed)
        }
        do {
            try channel.pipeline.syncOperations.addHandler(RequestHeadDeadline(timeout: headerTimeout), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with an idle timeout, a request-head deadline and a per-address cap.
    static func bounded(idleSeconds: Double, headerSeconds: Double, connectionsPerAddress: Int?) -> HTTPServerBuilder {
        let perAddress = ConnectionsPerAddress(limit: connectionsPerAddress)
        return HTTPServerBuilder { responder in
            BoundedHTTP1Channel(
                http1: HTTP1Channel(
                    responder: responder,
                    configuration: .init(
                        additionalChannelHandlers: [RequestHeadSeen()],
                        idleTimeout: TimeAmount(seconds: idleSeconds))),
                headerTimeout: TimeAmount(seconds: headerSeconds), perAddress: perAddress)
        }
    }
}
