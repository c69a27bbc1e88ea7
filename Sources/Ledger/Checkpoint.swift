import Foundation

/// C2SP `tlog-checkpoint` v1.0.0: the signed note text `<origin>\n<size>\n<base64 root>\n`,
/// optionally followed by non-empty extension lines.
public struct Checkpoint: Sendable, Hashable {
    public var origin: String
    public var size: UInt64
    public var root: TreeHash
    public var extensions: [String]

    public init(origin: String, size: UInt64, root: TreeHash, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text.
    public var text: String {
        ([origin, String(size), root.base64] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses a checkpoint's note text (not its signatures).
    public init(text: String) throws(LedgerError) {
        guard text.hasSuffix("\n") else { throw .malformedCheckpoint("the text does not end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { throw .malformedCheckpoint("a checkpoint has at least three lines") }
        guard !lines[0].isEmpty else { throw .malformedCheckpoint("empty origin", line: 1) }
        let sizeLine = lines[1]
        guard !sizeLine.isEmpty, sizeLine.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), sizeLine == "0" || !sizeLine.hasPrefix("0"),
            let size = UInt64(sizeLine)
        else {
            throw .malformedCheckpoint("the tree size is not a decimal number without leading zeroes", line: 2)
        }
        guard let root = TreeHash(base64: lines[2]), root.base64 == lines[2] else {
            throw .malformedCheckpoint("the root is not base64 of 32 bytes", line: 3)
        }
        for (offset, line) in lines.dropFirst(3).enumerated() where line.isEmpty {
            throw .malformedCheckpoint("empty extension line", line: 4 + offset)
        }
        self.init(origin: lines[0], size: size, root: root, extensions: Array(lines.dropFirst(3)))
    }

    /// Opens a signed checkpoint: the note must carry a valid signature by the log's key,
    /// whose name must be the origin (other signatures — cosignatures, unknown keys — are
    /// checked only when their keys are given).
    public static func open(_ note: Data, logKey: NoteVerifierKey, otherKeys: [NoteVerifierKey] = []) throws(LedgerError)
        -> (checkpoint: Checkpoint, note: SignedNote.Opened)
    {
        let signed = try SignedNote.parse(note)
        let opened = try signed.open(with: [logKey] + otherKeys)
        guard opened.verified.contains(where: { $0.name == logKey.name && $0.keyID == logKey.keyID }) else {
            throw LedgerError(.unsignedCheckpoint, "the checkpoint carries no valid signature of the log key \(logKey.name)")
        }
        let checkpoint = try Checkpoint(text: signed.text)
        guard checkpoint.origin == logKey.name else {
            throw LedgerError(.checkpointOrigin, "the checkpoint's origin is not the log key's name \(logKey.name)", line: 1)
        }
        return (checkpoint, opened)
    }
}

/// C2SP `tlog-proof` (c2sp.org/tlog-proof@v1): a self-contained offline proof that an entry
/// is in a log — the leaf index, the inclusion proof and the signed checkpoint.
public struct TlogProof: Sendable, Hashable {
    public static let header = "c2sp.org/tlog-proof@v1"

    public var extra: Data?
    public var index: UInt64
    public var path: [TreeHash]
    /// The checkpoint note, verbatim, with its signatures.
    public var checkpoint: String

    public init(extra: Data? = nil, index: UInt64, path: [TreeHash], checkpoint: String) {
        self.extra = extra
        self.index = index
        self.path = path
        self.checkpoint = checkpoint
    }

    public var text: String {
        var lines = [Self.header]
        if let extra { lines.append("extra " + extra.base64EncodedString()) }
        lines.append("index \(index)")
        lines += path.map(\.base64)
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpoint
    }

    public init(text: String) throws(LedgerError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first == Substring(Self.header) else { throw .malformedProof("the first line is not \(Self.header)", line: 1) }
        lines = lines.dropFirst()
        var number = 2
        if let line = lines.first, line.hasPrefix("extra ") {
            guard let data = Data(base64Encoded: String(line.dropFirst(6))) else { throw .malformedProof("extra is not base64", line: number) }
            extra = data
            lines = lines.dropFirst()
            number += 1
        }
        guard let indexLine = lines.first, indexLine.hasPrefix("index "), let index = UInt64(indexLine.dropFirst(6)),
            String(index) == indexLine.dropFirst(6)
        else {
            throw .malformedProof("expected index <decimal>", line: number)
        }
        self.index = index
        lines = lines.dropFirst()
        number += 1
        var path: [TreeHash] = []
        while let line = lines.first, !line.isEmpty {
            guard path.count < 63, let hash = TreeHash(base64: line), hash.base64 == line else {
                throw .malformedProof("a proof line is not base64 of a 32-byte hash", line: number)
            }
            path.append(hash)
            lines = lines.dropFirst()
            number += 1
        }
        guard lines.first == "" else { throw .malformedProof("no blank line before the checkpoint", line: number) }
        self.path = path
        self.checkpoint = lines.dropFirst().joined(separator: "\n")
        guard !checkpoint.isEmpty else { throw .malformedProof("no checkpoint", line: number + 1) }
    }

    /// Verifies the proof offline for an entry: the checkpoint's log signature, then the
    /// inclusion of the entry's leaf hash. Returns the checkpoint it was proved against.
    @discardableResult
    public func verify(entry: Data, logKey: NoteVerifierKey, otherKeys: [NoteVerifierKey] = []) throws(LedgerError) -> Checkpoint {
        let (checkpoint, _) = try Checkpoint.open(Data(self.checkpoint.utf8), logKey: logKey, otherKeys: otherKeys)
        do {
            try MerkleProof.verifyInclusion(leaf: Merkle.leafHash(entry), index: index, size: checkpoint.size, path: path, root: checkpoint.root)
        } catch {
            throw LedgerError(.invalidProof, "the entry is not proved at index \(index) in the tree of size \(checkpoint.size): \(error)")
        }
        return checkpoint
    }
}
