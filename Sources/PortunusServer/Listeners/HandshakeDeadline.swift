import NIOCore

/// Closes a Teltonika connection whose IMEI handshake has not been accepted in time; the
/// session removes it once the handshake is accepted. Without it a connection that sends
/// nothing, or a byte every few minutes, held its descriptor for the whole idle timeout.
final class HandshakeDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Its name in the pipeline, by which the session removes it.
    static let name = "teltonika-handshake-deadline"

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
