import Crypto
import Foundation

/// C2SP `signed-note` v1.0.0: text ending in a newline, a blank line, then signature lines
/// `— <key name> base64(key ID || signature)`.
///
/// Parsing follows golang.org/x/mod `sumdb/note` (the reference): valid UTF-8, no control
/// characters but newline, the split at the last blank line, at most 100 signatures, key names
/// without spaces or `+`. Verification follows the spec: signatures from unknown keys (name or
/// ID unknown) are kept as unverified and ignored; a known key whose signature fails rejects
/// the whole note; a note with no verified signature is rejected.
public struct SignedNote: Sendable, Hashable {
    /// The signed text, with its final newline.
    public var text: String
    public var signatures: [Signature]

    public struct Signature: Sendable, Hashable {
        public var name: String
        public var keyID: UInt32
        /// The bytes after the key ID (for Ed25519 the 64-byte signature; for a
        /// `cosignature/v1` the 8-byte timestamp and the signature).
        public var bytes: Data

        public init(name: String, keyID: UInt32, bytes: Data) {
            self.name = name
            self.keyID = keyID
            self.bytes = bytes
        }

        /// `— <name> <base64>` and a newline.
        public var line: String {
            var raw = Data()
            withUnsafeBytes(of: keyID.bigEndian) { raw.append(contentsOf: $0) }
            raw.append(bytes)
            return "— \(name) \(raw.base64EncodedString())\n"
        }
    }

    public static let maximumSignatures = 100

    public init(text: String, signatures: [Signature] = []) {
        self.text = text
        self.signatures = signatures
    }

    /// The note as sent: text, blank line, signature lines.
    public var formatted: String { text + "\n" + signatures.map(\.line).joined() }

    /// Parses a note without verifying it.
    public static func parse(_ data: Data) throws(LedgerError) -> SignedNote {
        guard let message = String(data: data, encoding: .utf8) else { throw .malformedNote("not valid UTF-8") }
        return try parse(message)
    }

    public static func parse(_ message: String) throws(LedgerError) -> SignedNote {
        var line = 1
        for scalar in message.unicodeScalars {
            if scalar == "\n" {
                line += 1
                continue
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                throw .malformedNote("control character U+\(String(format: "%04X", scalar.value))", line: line)
            }
        }
        let bytes = Array(message.utf8)
        // The last "\n\n": the text ends with the first newline, signatures follow the second.
        var split: Int? = nil
        if bytes.count >= 2 {
            for index in stride(from: bytes.count - 2, through: 0, by: -1) where bytes[index] == 0x0A && bytes[index + 1] == 0x0A {
                split = index
                break
            }
        }
        guard let split else { throw .malformedNote("no blank line before the signatures") }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let signatureBytes = bytes[(split + 2)...]
        guard !signatureBytes.isEmpty else { throw .malformedNote("no signature lines") }
        guard signatureBytes.last == 0x0A else { throw .malformedNote("the last signature line has no final newline") }
        let textLines = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        var signatures: [Signature] = []
        for (offset, rawLine) in signatureBytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let lineNumber = textLines + 2 + offset
            guard signatures.count < maximumSignatures else {
                throw .malformedNote("more than \(maximumSignatures) signatures", line: lineNumber)
            }
            let line = String(decoding: rawLine, as: UTF8.self)
            guard line.hasPrefix("— ") else { throw .malformedNote("a line after the blank line is not a signature", line: lineNumber) }
            let rest = line.dropFirst(2)
            guard let space = rest.firstIndex(of: " ") else { throw .malformedNote("signature line without a signature", line: lineNumber) }
            let name = String(rest[..<space])
            let encoded = rest[rest.index(after: space)...]
            guard isValidKeyName(name) else { throw .malformedNote("invalid key name", line: lineNumber) }
            guard let raw = Data(base64Encoded: String(encoded)), raw.count >= 5 else {
                throw .malformedNote("signature is not base64 of a key ID and a signature", line: lineNumber)
            }
            let keyID = raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            signatures.append(Signature(name: name, keyID: keyID, bytes: Data(raw.dropFirst(4))))
        }
        return SignedNote(text: text, signatures: signatures)
    }

    /// Key names: non-empty, no Unicode white space, no `+`.
    public static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("+") && !name.unicodeScalars.contains { $0.properties.isWhitespace }
    }

    /// The result of opening a note: which signatures verified, which came from unknown keys.
    public struct Opened: Sendable, Hashable {
        public var text: String
        public var verified: [Signature]
        public var unverified: [Signature]
    }

    /// Verifies the note against the known keys (see the type's rules).
    public func open(with keys: [NoteVerifierKey]) throws(LedgerError) -> Opened {
        var verified: [Signature] = []
        var unverified: [Signature] = []
        var seen = Set<Signature>()
        for signature in signatures where seen.insert(signature).inserted {
            let matching = keys.filter { $0.name == signature.name && $0.keyID == signature.keyID }
            guard !matching.isEmpty else {
                unverified.append(signature)
                continue
            }
            guard matching.contains(where: { $0.verify(text: text, signature: signature.bytes) }) else {
                throw LedgerError(.invalidSignature, "invalid signature for key \(signature.name)+\(String(format: "%08x", signature.keyID))")
            }
            verified.append(signature)
        }
        guard !verified.isEmpty else { throw LedgerError(.unverifiedNote, "note has no verifiable signatures") }
        return Opened(text: text, verified: verified, unverified: unverified)
    }
}
