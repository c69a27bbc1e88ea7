import Foundation
import Synchronization

/// Runs work that holds a thread for long — encoding texts, training a model, a WAL
/// checkpoint, a blocking socket — away from Swift's cooperative pool.
///
/// On Linux that pool has one thread per core. A CPU-bound job on it (even inside
/// `Task.detached`) takes a core's worth of the pool for as long as it runs, and on a
/// two-core machine two such jobs stop every request, tracker acknowledgement and timer the
/// process serves meanwhile. The executor's queues are serial Dispatch queues, which get
/// threads of their own when they have work.
public final class BlockingExecutor: Sendable {
    let queues: [DispatchQueue]
    let next = Atomic<Int>(0)

    /// `threads` serial queues; jobs are handed to them in turn, so at most `threads` of this
    /// executor's jobs run at once.
    public init(label: String, threads: Int) {
        queues = (0..<max(1, threads)).map { DispatchQueue(label: "\(label).\($0)") }
    }

    /// The result of `body`, run on one of the executor's threads.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let queue = queues[next.add(1, ordering: .relaxed).oldValue % queues.count]
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The result of `body`, run on a thread started for it (for rare, long jobs).
    public static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            start { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs `body(worker)` for `workers` workers at once — the caller's thread and
    /// `workers - 1` threads started for the call — and returns when all are done.
    public static func parallel(workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for worker in 1..<max(1, workers) {
            group.enter()
            start {
                body(worker)
                group.leave()
            }
        }
        body(0)
        group.wait()
    }

    /// A thread of its own, with the 8 MiB stack of a main thread.
    static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 8 << 20
        thread.start()
    }
}
