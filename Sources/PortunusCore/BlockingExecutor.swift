import Foundation
import Synchronization

/// Runs work that holds a thread for long — encoding texts, training a model, a WAL
/// checkpoint, a blocking socket, a test waiting for a child process — away from Swift's
/// cooperative pool.
///
/// On Linux that pool has one thread per core. A CPU-bound job on it (even inside
/// `Task.detached`) takes a core's worth of the pool for as long as it runs, and on a
/// two-core machine two such jobs stop every request, tracker acknowledgement and timer the
/// process serves meanwhile.
///
/// The executor keeps one queue of jobs, first in first out, and at most `threads` threads of
/// its own to run them: a thread is started when a job arrives and fewer are running, and
/// ends when the queue is empty. A job that holds its thread therefore delays only the jobs
/// that find every thread busy, never one that could run on an idle thread.
public final class BlockingExecutor: Sendable {
    public let label: String
    public let threads: Int

    struct Queue: ~Copyable {
        var jobs: [@Sendable () -> Void] = []
        var running = 0
    }
    let queue = Mutex(Queue())

    /// An executor running at most `threads` of its jobs at once.
    public init(label: String, threads: Int) {
        self.label = label
        self.threads = max(1, threads)
    }

    /// The label of the executor whose thread runs the caller; nil elsewhere (the cooperative
    /// pool, a main thread, a thread of `onOwnThread`).
    public static var current: String? { Thread.current.threadDictionary[labelKey] as? String }

    static let labelKey = "portunus.blocking-executor"

    /// Queues `job`, starting a thread for it if fewer than `threads` run.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        let startThread = queue.withLock { queue in
            queue.jobs.append(job)
            guard queue.running < threads else { return false }
            queue.running += 1
            return true
        }
        if startThread {
            Self.start(name: label) { [self] in
                Thread.current.threadDictionary[Self.labelKey] = label
                while let next = take() { next() }
            }
        }
    }

    /// The next job, or nil (and one thread fewer) when the queue is empty.
    func take() -> (@Sendable () -> Void)? {
        // The queue holds at most a few jobs per request or test in flight: removing the first
        // is cheap.
        queue.withLock { queue in
            guard !queue.jobs.isEmpty else {
                queue.running -= 1
                return nil
            }
            return queue.jobs.removeFirst()
        }
    }

    /// The result of `body`, run on one of the executor's threads.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The result of `body`, run on a thread started for it (for rare, long jobs).
    public static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            start { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The result of `body`, run on a thread started for it, with a flag raised when the
    /// calling task is cancelled. Work on another thread does not see Task cancellation: a
    /// long job (an index build, a retraining) checks the flag between its steps and stops at
    /// the next one, which is what lets SIGTERM end the process within a second or two.
    public static func onOwnThread<T: Sendable>(
        cancellation: CancellationFlag = CancellationFlag(),
        _ body: @escaping @Sendable (CancellationFlag) throws -> T
    ) async throws -> T {
        try await withTaskCancellationHandler {
            try await onOwnThread { try body(cancellation) }
        } onCancel: {
            cancellation.raise()
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
    public static func start(name: String? = nil, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 8 << 20
        if let name { thread.name = name }
        thread.start()
    }
}

/// A task that prefers the executor (`withTaskExecutorPreference`) runs its nonisolated code,
/// synchronous calls included, on the executor's threads rather than the cooperative pool,
/// and keeps its task-local values.
extension BlockingExecutor: TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        submit { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A flag that a job running outside Swift concurrency checks between its steps to stop early
/// (see ``BlockingExecutor/onOwnThread(cancellation:_:)``).
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    public var isRaised: Bool { raised.load(ordering: .acquiring) }

    public func raise() { raised.store(true, ordering: .releasing) }
}
