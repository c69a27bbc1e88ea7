import Foundation
import Synchronization
import Testing
@testable import PortunusCore

@Suite("Blocking work off the cooperative pool")
struct BlockingExecutorTests {
    final class Counter: Sendable { let value = Atomic<Int>(0) }

    /// Jobs that hold their threads — more of them than the machine has cores, so more than
    /// Swift's cooperative pool has threads — all run at once: each has a thread of its own.
    @Test("more held jobs than cores all run at once; results and errors come back; parallel runs every worker once",
          .timeLimit(.minutes(5)))
    func blocking() async throws {
        let held = 2 * ProcessInfo.processInfo.activeProcessorCount + 1
        let release = DispatchSemaphore(value: 0)
        let started = Counter()
        let executor = BlockingExecutor(label: "test.blocking", threads: held)
        let jobs = (0..<held).map { index in
            Task { try await executor.run { started.value.add(1, ordering: .relaxed); release.wait(); return index } }
        }
        let owned = Task { try await BlockingExecutor.onOwnThread { started.value.add(1, ordering: .relaxed); release.wait(); return -1 } }
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
}
