import HummingbirdCore
import NIOCore

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
