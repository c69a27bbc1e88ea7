import Foundation
import PortunusCore
import Storage

/// Writes batches on a thread of its own while the importer decodes the next ones.
///
/// On two cores, decoding CSV and inserting into SQLite take about the same time; doing them
/// side by side nearly halves an import. At most `depth` batches wait, so memory stays
/// bounded. Results come back in submission order and are handled on the importer's thread,
/// which keeps the summary, the rejects file and progress single-threaded.
final class BatchWriter<Context: Sendable>: @unchecked Sendable {
    struct Completed {
        let batch: [StoredDeclaration]
        let context: Context
        let outcomes: Result<[StoredDeclaration.Outcome], PortunusError>
    }

    private let store: PortunusStore
    private let importRun: Int64?
    private let depth: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [(batch: [StoredDeclaration], context: Context)] = []
    private var completed: [Completed] = []
    private var inFlight = 0
    private var closed = false
    private var thread: Thread?

    init(store: PortunusStore, importRun: Int64?, depth: Int = 2) {
        self.store = store
        self.importRun = importRun
        self.depth = max(1, depth)
        let thread = Thread { [unowned self] in self.work() }
        thread.name = "portunus.import.writer"
        self.thread = thread
        thread.start()
    }

    /// Queues a batch, waiting while `depth` batches are already queued.
    func submit(_ batch: [StoredDeclaration], context: Context) {
        condition.lock()
        while pending.count >= depth { condition.wait() }
        pending.append((batch, context))
        inFlight += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Results written since the last call, in order.
    func takeCompleted() -> [Completed] {
        condition.lock()
        defer { condition.unlock() }
        let results = completed
        completed.removeAll()
        return results
    }

    /// Waits until every submitted batch is written, stops the thread, and returns the rest.
    func finish() -> [Completed] {
        condition.lock()
        while inFlight > 0 { condition.wait() }
        closed = true
        condition.broadcast()
        let results = completed
        completed.removeAll()
        condition.unlock()
        return results
    }

    private func work() {
        while true {
            condition.lock()
            while pending.isEmpty && !closed { condition.wait() }
            if pending.isEmpty && closed {
                condition.unlock()
                return
            }
            let job = pending.removeFirst()
            condition.broadcast()
            condition.unlock()

            let outcomes: Result<[StoredDeclaration.Outcome], PortunusError>
            do { outcomes = .success(try store.declarations.write(job.batch, importRun: importRun)) } catch { outcomes = .failure(error) }

            condition.lock()
            completed.append(Completed(batch: job.batch, context: job.context, outcomes: outcomes))
            inFlight -= 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
