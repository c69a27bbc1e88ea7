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

extension Checkpoint {
    /// Origins are key names: non-empty, no white space, no `+`.
    public static func isValidOrigin(_ origin: String) -> Bool { SignedNote.isValidKeyName(origin) }
}
