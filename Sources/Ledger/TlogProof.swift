import Foundation

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
