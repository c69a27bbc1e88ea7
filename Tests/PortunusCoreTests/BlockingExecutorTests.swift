import Foundation
import Synchronization
import Testing
@testable import PortunusCore

@Suite("Blocking work off the cooperative pool")
struct BlockingExecutorTests {
    /// Jobs that hold their threads — more of them than the machine has cores — leave Swift's
    /// cooperative pool free: an ordinary task still runs while they all wait.
    @Test("held threads leave the cooperative pool free; results and errors come back; parallel runs every worker once",
          .timeLimit(.minutes(1)))
    func blocking() async throws {
        let held = 2 * ProcessInfo.processInfo.activeProcessorCount + 1
        let release = DispatchSemaphore(value: 0)
        let executor = BlockingExecutor(label: "test.blocking", threads: held)
        let jobs = (0..<held).map { index in
            Task { try await executor.run { release.wait(); return index } }
        }
        let owned = Task { try await BlockingExecutor.onOwnThread { release.wait(); return -1 } }
        // Each job has its queue's thread by now or soon; the pool answers regardless.
        try await Task.sleep(for: .milliseconds(200))
        let pool = await Task { 6 * 7 }.value
        #expect(pool == 42)
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
