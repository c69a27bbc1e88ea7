/// A ledger failure with a stable code and the exact place: the resource (a tile path, a
/// file), the byte offset in it, or the line of a note or proof.
///
/// Codes are stable and safe to match on. Ledger entries are hashes and identifiers chosen to
/// carry no personal data, and messages never quote entry contents.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A ledger error code: a closed list (``allCases``), so an application can map every one
    /// (Portunus registers each under the same string). Compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `tile.missing`.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Notes and keys.
        public static let malformedNote = Code("note.malformed")
        public static let invalidSignature = Code("note.invalid_signature")
        public static let unverifiedNote = Code("note.unverified")
        public static let invalidKey = Code("key.invalid")
        // Checkpoints.
        public static let malformedCheckpoint = Code("checkpoint.malformed")
        public static let unsignedCheckpoint = Code("checkpoint.unsigned")
        public static let checkpointOrigin = Code("checkpoint.origin")
        public static let missingCheckpoint = Code("checkpoint.missing")
        public static let checkpointMismatch = Code("checkpoint.mismatch")
        public static let checkpointRollback = Code("checkpoint.rollback")
        public static let checkpointFork = Code("checkpoint.fork")
        public static let rootMismatch = Code("checkpoint.root_mismatch")
        // Proofs.
        public static let malformedProof = Code("proof.malformed")
        public static let invalidProof = Code("proof.invalid")
        public static let witnessCosignatureMissing = Code("proof.witness_missing")
        // Tiles and entry bundles.
        public static let missingTile = Code("tile.missing")
        public static let truncatedTile = Code("tile.truncated")
        public static let tileMismatch = Code("tile.mismatch")
        public static let invalidBundle = Code("bundle.invalid")
        public static let truncatedBundle = Code("bundle.truncated")
        public static let bundleMismatch = Code("bundle.mismatch")
        public static let entryTooLarge = Code("entry.too_large")
        // The log's files and process.
        public static let ledgerExists = Code("ledger.exists")
        public static let ledgerMissing = Code("ledger.missing")
        public static let busy = Code("ledger.busy")
        public static let failed = Code("ledger.failed")
        public static let internalError = Code("ledger.internal")
        public static let io = Code("io.failed")
        public static let invalidArgument = Code("argument.invalid")
        // Trust policies and certificates.
        public static let invalidPolicy = Code("policy.invalid")
        public static let missingPolicy = Code("policy.missing")
        public static let quorum = Code("policy.quorum")
        public static let unknownLog = Code("policy.unknown_log")
        public static let certificateMismatch = Code("certificate.mismatch")
        public static let certificateIssuer = Code("certificate.issuer")
        // Witnesses.
        public static let invalidWitnessLogs = Code("witness.logs_invalid")
        public static let witnessExists = Code("witness.exists")
        public static let witnessMissing = Code("witness.missing")
        public static let witnessURL = Code("witness.url")
        public static let witnessUnreachable = Code("witness.unreachable")
        public static let witnessRefused = Code("witness.refused")
        public static let witnessBadReply = Code("witness.bad_reply")
        public static let witnessBadCosignature = Code("witness.bad_cosignature")
        public static let witnessAhead = Code("witness.ahead")
        public static let witnessConflict = Code("witness.conflict")

        /// Every code a `LedgerError` can carry.
        public static let allCases: [Code] = [
            .malformedNote, .invalidSignature, .unverifiedNote, .invalidKey,
            .malformedCheckpoint, .unsignedCheckpoint, .checkpointOrigin, .missingCheckpoint, .checkpointMismatch, .checkpointRollback,
            .checkpointFork, .rootMismatch,
            .malformedProof, .invalidProof, .witnessCosignatureMissing,
            .missingTile, .truncatedTile, .tileMismatch, .invalidBundle, .truncatedBundle, .bundleMismatch, .entryTooLarge,
            .ledgerExists, .ledgerMissing, .busy, .failed, .internalError, .io, .invalidArgument,
            .invalidPolicy, .missingPolicy, .quorum, .unknownLog, .certificateMismatch, .certificateIssuer,
            .invalidWitnessLogs, .witnessExists, .witnessMissing, .witnessURL, .witnessUnreachable, .witnessRefused, .witnessBadReply,
            .witnessBadCosignature, .witnessAhead, .witnessConflict,
        ]
    }

    public var code: Code
    public var reason: String
    /// The resource: `tile/0/x001/234`, `checkpoint`, a file path.
    public var resource: String?
    /// Byte offset within the resource.
    public var byteOffset: Int?
    /// 1-based line within a note, proof or input file.
    public var line: Int?

    public init(_ code: Code, _ reason: String, resource: String? = nil, byteOffset: Int? = nil, line: Int? = nil) {
        self.code = code
        self.reason = reason
        self.resource = resource
        self.byteOffset = byteOffset
        self.line = line
    }

    public var description: String {
        var place: [String] = []
        if let resource { place.append(resource) }
        if let line { place.append("line \(line)") }
        if let byteOffset { place.append("byte \(byteOffset)") }
        return "\(code): \(reason)" + (place.isEmpty ? "" : " (\(place.joined(separator: ", ")))")
    }

    // Notes and keys.
    static func malformedNote(_ reason: String, line: Int? = nil) -> LedgerError { .init(.malformedNote, reason, line: line) }
    static func invalidKey(_ reason: String) -> LedgerError { .init(.invalidKey, reason) }
    // Checkpoints, tiles, proofs.
    static func malformedCheckpoint(_ reason: String, line: Int? = nil) -> LedgerError { .init(.malformedCheckpoint, reason, line: line) }
    static func malformedProof(_ reason: String, line: Int? = nil) -> LedgerError { .init(.malformedProof, reason, line: line) }
}
