import HummingbirdCore
import Logging
import NIOCore

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
