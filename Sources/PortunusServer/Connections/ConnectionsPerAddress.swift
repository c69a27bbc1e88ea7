import NIOCore
import Synchronization

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
