import Foundation

/// The one writer of a log: gathers appends into batches (up to `maximumBatch` entries, or
/// whatever arrived within `maximumDelay` of the first), writes each batch on its own thread,
/// and answers every append with its index once the batch's checkpoint is durable.
///
/// ```swift
/// let sequencer = LedgerSequencer(log: try TiledLog(dataDirectory: dataDirectory))
/// let index = try await sequencer.append(Data(#"{"type":"aeo.suspended",…}"#.utf8))
/// ```
public actor LedgerSequencer {
    public struct Configuration: Sendable {
        public var maximumBatch = 256
        public var maximumDelay: Duration = .milliseconds(250)
        public init() {}
    }

    public nonisolated let log: TiledLog
    public nonisolated let configuration: Configuration
    private let queue = DispatchQueue(label: "portunus.ledger.sequencer")
    private var pending: [Data] = []
    private var waiters: [CheckedContinuation<UInt64, any Error>] = []
    private var timer: Task<Void, Never>?

    public init(log: TiledLog, configuration: Configuration = .init()) {
        self.log = log
        self.configuration = configuration
    }

    /// Appends one entry; returns its index once it is in a durable, signed checkpoint.
    public func append(_ entry: Data) async throws -> UInt64 {
        guard entry.count <= EntryBundle.maximumEntrySize else {
            throw LedgerError(.entryTooLarge, "the entry has \(entry.count) bytes; at most \(EntryBundle.maximumEntrySize)")
        }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append(entry)
            waiters.append(continuation)
            if pending.count >= configuration.maximumBatch {
                flush()
            } else if timer == nil {
                let delay = configuration.maximumDelay
                timer = Task { [weak self] in
                    try? await Task.sleep(for: delay)
                    guard !Task.isCancelled else { return }
                    await self?.flush()
                }
            }
        }
    }

    /// Appends entries in the order given, as one batch after whatever is pending; returns
    /// the index of the first once the batch's checkpoint is durable.
    public func append(contentsOf entries: [Data]) async throws -> UInt64 {
        flush()
        let log = self.log
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do { continuation.resume(returning: try log.append(entries)) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Hands what is pending to the writer thread as one batch.
    private func flush() {
        timer?.cancel()
        timer = nil
        guard !pending.isEmpty else { return }
        let entries = pending
        let waiters = self.waiters
        pending = []
        self.waiters = []
        let log = self.log
        queue.async {
            do {
                let first = try log.append(entries)
                for (offset, waiter) in waiters.enumerated() { waiter.resume(returning: first + UInt64(offset)) }
            } catch {
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
    }

    /// Adds witness cosignatures to a checkpoint this log issued, on the writer's thread (so
    /// that it never races an append).
    @discardableResult
    public func addCosignatures(_ cosignatures: [SignedNote.Signature], to text: String) async throws -> String {
        let log = self.log
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do { continuation.resume(returning: try log.addCosignatures(cosignatures, to: text)) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Waits until every batch handed to the writer so far is written (or failed).
    public func drain() async {
        flush()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { continuation.resume() }
        }
    }
}
