/// A ledger failure with a stable code and the exact place: the resource (a tile path, a
/// file), the byte offset in it, or the line of a note or proof.
///
/// Codes are stable and safe to match on. Ledger entries are hashes and identifiers chosen to
/// carry no personal data, and messages never quote entry contents.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: String
    public var reason: String
    /// The resource: `tile/0/x001/234`, `checkpoint`, a file path.
    public var resource: String?
    /// Byte offset within the resource.
    public var byteOffset: Int?
    /// 1-based line within a note, proof or input file.
    public var line: Int?

    public init(_ code: String, _ reason: String, resource: String? = nil, byteOffset: Int? = nil, line: Int? = nil) {
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
    static func malformedNote(_ reason: String, line: Int? = nil) -> LedgerError { .init("note.malformed", reason, line: line) }
    static func invalidKey(_ reason: String) -> LedgerError { .init("key.invalid", reason) }
    // Checkpoints, tiles, proofs.
    static func malformedCheckpoint(_ reason: String, line: Int? = nil) -> LedgerError { .init("checkpoint.malformed", reason, line: line) }
    static func malformedProof(_ reason: String, line: Int? = nil) -> LedgerError { .init("proof.malformed", reason, line: line) }
}
