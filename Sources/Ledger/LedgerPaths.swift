import Foundation

/// Where a data directory keeps its ledger.
///
/// `ledger/` is exactly the C2SP static layout (`checkpoint`, `tile/…`) and nothing else, so
/// any static web server may serve it. The signing key, the writer's lock, the staging area
/// and the history of signed checkpoints sit beside it, never inside.
public struct LedgerPaths: Sendable {
    public let dataDirectory: URL
    public init(dataDirectory: URL) { self.dataDirectory = dataDirectory }

    public var log: URL { dataDirectory.appendingPathComponent("ledger") }
    public var checkpoint: URL { log.appendingPathComponent("checkpoint") }
    /// The Ed25519 signing key, owner-only (0600).
    public var key: URL { dataDirectory.appendingPathComponent("ledger.key") }
    public var lock: URL { dataDirectory.appendingPathComponent("ledger.lock") }
    var staging: URL { dataDirectory.appendingPathComponent("ledger.staging") }
    /// Every checkpoint signed, in order (for proofs at an older size).
    public var history: URL { dataDirectory.appendingPathComponent("ledger.checkpoints") }
    /// The trust policy of this log: its witnesses (with URLs, to ask them for cosignatures)
    /// and the quorum partners should require (C2SP tlog-policy).
    public var policy: URL { dataDirectory.appendingPathComponent("ledger.policy") }
    /// This instance's witness: its cosigning key (owner-only), the logs it follows
    /// (`log <vkey>` lines) and its state and evidence.
    public var witnessKey: URL { dataDirectory.appendingPathComponent("witness.key") }
    public var witnessLogs: URL { dataDirectory.appendingPathComponent("witness.logs") }
    public var witnessDirectory: URL { dataDirectory.appendingPathComponent("witness") }

    func file(_ tile: TilePath) -> String { log.path + "/" + tile.description }
}
