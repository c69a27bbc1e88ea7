import AsyncHTTPClient
import Foundation
import Ledger
import Logging
import NIOCore
import Portunus
import PortunusCore
import Synchronization

/// The ledger parts of a running server, from what the data directory holds:
///
/// - `ledger.key` (made by `portunus ledger init`): this process becomes the log's one
///   writer; accountable entries in the store's outbox are appended as they come.
/// - `ledger.policy` (a C2SP tlog-policy): witnesses with a URL are asked to cosign each new
///   checkpoint; the cosigned checkpoint is published. Re-read when the file changes.
/// - `witness.key` and `witness.logs` (`portunus ledger witness init|follow`): this instance
///   witnesses the listed partner logs at `POST /ledger/witness/add-checkpoint`. Re-read
///   when the file changes.
public final class LedgerRuntime: Sendable {
    public let paths: LedgerPaths
    public let sequencer: LedgerSequencer?
    public let publisher: LedgerPublisher?
    public let witness: LedgerWitness?
    let logger: Logger
    /// Where witnesses may be asked (their URLs come from a partner's policy).
    let outbound: OutboundHTTP
    private let policyState = Mutex<(modified: Date?, collector: WitnessCollector?, policy: TlogPolicy?)>((nil, nil, nil))
    private let witnessLogsModified = Mutex<Date?>(nil)

    public var log: TiledLog? { sequencer?.log }

    /// Opens what the data directory has; a directory without a ledger gives a runtime that
    /// only serves what exists (entries wait in the outbox).
    public init(dataDirectory: String, outbox: LedgerOutbox, logger: Logger, destinations: DestinationPolicy = DestinationPolicy())
        throws(LedgerError)
    {
        paths = LedgerPaths(dataDirectory: URL(fileURLWithPath: dataDirectory))
        self.logger = logger
        outbound = OutboundHTTP(policy: destinations)
        if FileManager.default.fileExists(atPath: paths.key.path) {
            let sequencer = LedgerSequencer(log: try TiledLog(dataDirectory: paths.dataDirectory))
            self.sequencer = sequencer
            publisher = outbox.publisher(sequencer)
        } else {
            sequencer = nil
            publisher = nil
        }
        if let text = try? String(contentsOf: paths.witnessKey, encoding: .utf8) {
            witness = try LedgerWitness(signer: NoteSigner(skey: text), logs: [], directory: paths.witnessDirectory)
        } else {
            witness = nil
        }
        reloadWitnessLogs()
        reloadPolicy()
    }

    static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    /// Follows the logs in `witness.logs` when the file changed.
    func reloadWitnessLogs() {
        guard let witness else { return }
        let modified = Self.modified(paths.witnessLogs)
        guard witnessLogsModified.withLock({ $0 != modified }) else { return }
        witnessLogsModified.withLock { $0 = modified }
        let text = (try? String(contentsOf: paths.witnessLogs, encoding: .utf8)) ?? ""
        do {
            witness.follow(try LedgerWitness.logList(text))
            logger.info("witness follows logs", metadata: ["count": "\(witness.logs.count)"])
        } catch {
            logger.error("witness.logs is invalid; keeping the previous list", metadata: ["error": "\(error)"])
        }
    }

    /// Reads `ledger.policy` when it changed; witnesses with a URL are asked to cosign.
    func reloadPolicy() {
        guard let log else { return }
        let modified = Self.modified(paths.policy)
        // Read again only when the file changed: an invalid policy is reported once, not every round.
        guard policyState.withLock({ $0.modified != modified }) else { return }
        guard let text = try? String(contentsOf: paths.policy, encoding: .utf8) else {
            policyState.withLock { $0 = (modified, nil, nil) }
            return
        }
        do {
            let policy = try TlogPolicy(text: text)
            // A witness whose URL is a refused destination is not asked (its cosignatures
            // may still arrive otherwise); delivery checks the resolved address again.
            var witnesses = policy.witnesses
            for index in witnesses.indices {
                guard let url = witnesses[index].url else { continue }
                do { try outbound.policy.check(url: url, field: "/witness/\(witnesses[index].name)") } catch {
                    logger.error(
                        "ledger.policy: a witness URL is not an allowed destination; it is not asked",
                        metadata: [
                            "witness": "\(witnesses[index].name)", "code": "\(error.code)", "reason": "\(error.reason)",
                        ])
                    witnesses[index].url = nil
                }
            }
            let collector = WitnessCollector(witnesses: witnesses, reader: log.reader, transport: Self.transport(outbound))
            policyState.withLock { $0 = (modified, collector, policy) }
            logger.info("ledger policy loaded", metadata: ["witnesses": "\(collector.witnesses.count)"])
        } catch {
            policyState.withLock { $0.modified = modified }
            logger.error("ledger.policy is invalid; witnesses are not asked", metadata: ["error": "\(error)"])
        }
    }

    public var policy: TlogPolicy? { policyState.withLock { $0.policy } }
    var collector: WitnessCollector? { policyState.withLock { $0.collector } }

    /// `add-checkpoint` over HTTP under the destination policy, following no redirects.
    public static func transport(_ outbound: OutboundHTTP) -> WitnessCollector.Transport {
        { url, body in
            try await outbound.post(url.absoluteString, headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")], body: body)
        }
    }

    /// Appends what the outbox holds; returns how many entries went in.
    @discardableResult
    public func publish() async throws -> Int {
        guard let publisher else { return 0 }
        return try await publisher.publishPending()
    }

    /// One cosigning round for the current checkpoint: asks the policy's witnesses and
    /// publishes the checkpoint with their cosignatures. Returns the witnesses that failed.
    @discardableResult
    public func cosign() async throws -> [String: String] {
        reloadPolicy()
        guard let log, let sequencer, let collector else { return [:] }
        let note = log.signedCheckpoint
        let text = log.checkpoint.text
        let outcome = await collector.cosign(note)
        if !outcome.signatures.isEmpty {
            try await sequencer.addCosignatures(outcome.signatures, to: text)
        }
        return outcome.failures
    }
}
