import NIOCore
import NIOHTTPTypes

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
