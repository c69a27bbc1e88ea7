import Foundation
import PortunusTestSupport
import Synchronization
import Testing

@testable import PortunusCore

@Suite("Blocking work off the cooperative pool")
struct BlockingExecutorTests {
    final class Counter: Sendable { let value = Atomic<Int>(0) }

    /// Jobs that hold their threads — more of them than the machine has cores, so more than
    /// Swift's cooperative pool has threads — all run at once: each has a thread of its own.
    @Test(
        "more held jobs than cores all run at once; results and errors come back; parallel runs every worker once",
        .timeLimit(.minutes(5)))
    func blocking() async throws {
        let held = 2 * ProcessInfo.processInfo.activeProcessorCount + 1
        let release = DispatchSemaphore(value: 0)
        let started = Counter()
        let executor = BlockingExecutor(label: "test.blocking", threads: held)
        let jobs = (0..<held).map { index in
            Task {
                try await executor.run {
                    started.value.add(1, ordering: .relaxed)
                    release.wait()
                    return index
                }
            }
        }
        let owned = Task {
            try await BlockingExecutor.onOwnThread {
                started.value.add(1, ordering: .relaxed)
                release.wait()
                return -1
            }
        }
        // On the cooperative pool they could not all be holding a thread at the same time.
        var polls = 0
        while started.value.load(ordering: .relaxed) < held + 1, polls < 2_400 {
            try await Task.sleep(for: .milliseconds(50))
            polls += 1
        }
        #expect(started.value.load(ordering: .relaxed) == held + 1)
        for _ in 0...held { release.signal() }
        var results: [Int] = []
        for job in jobs { results.append(try await job.value) }
        #expect(results == Array(0..<held))
        #expect(try await owned.value == -1)

        await #expect(throws: PortunusError.self) {
            try await executor.run { () throws(PortunusError) -> Int in throw PortunusError(.io, "refused") }
        }

        let seen = Mutex<[Int]>([])
        BlockingExecutor.parallel(workers: 4) { worker in seen.withLock { $0.append(worker) } }
        #expect(seen.withLock { $0.sorted() } == [0, 1, 2, 3])
    }

    /// One queue for all the executor's threads: a job holding its thread delays none that
    /// finds another thread free, and no more than `threads` jobs ever run at once.
    @Test("a held job delays no job that finds a thread free; at most `threads` jobs run at once", .timeLimit(.minutes(5)))
    func sharedQueue() async throws {
        let executor = BlockingExecutor(label: "test.queue", threads: 3)
        let release = DispatchSemaphore(value: 0)
        let held = Task {
            try await executor.run {
                release.wait()
                return -1
            }
        }
        for index in 0..<50 {
            #expect(try await executor.run { index } == index)
        }
        release.signal()
        #expect(try await held.value == -1)

        let running = Counter()
        let peak = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await executor.run {
                        let now = running.value.add(1, ordering: .relaxed).newValue
                        peak.value.max(now, ordering: .relaxed)
                        usleep(2_000)
                        running.value.subtract(1, ordering: .relaxed)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.value.load(ordering: .relaxed) <= 3)
        #expect(peak.value.load(ordering: .relaxed) >= 2)
    }

    /// A synchronous test under `.offPool` runs on the executor's thread, not the pool's, and
    /// what it records still belongs to it.
    @Test("a synchronous test under the offPool trait runs on a thread of its own and still records its issues", .offPool)
    func offPoolTrait() {
        #expect(BlockingExecutor.current == "portunus.test")
        withKnownIssue("recorded from the executor's thread") {
            #expect(Bool(false))
        }
    }

    /// A task that prefers the executor runs there and comes back with its result.
    @Test("a task preferring the executor runs its synchronous calls on the executor's threads")
    func preference() async {
        let executor = BlockingExecutor(label: "test.preference", threads: 2)
        let label = await withTaskExecutorPreference(executor) { BlockingExecutor.current }
        #expect(label == "test.preference")
        #expect(BlockingExecutor.current == nil)
    }
}
