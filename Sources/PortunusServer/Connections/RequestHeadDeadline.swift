import NIOCore

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
