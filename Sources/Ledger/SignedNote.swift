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

/// A verifier key: `<name>+<8 hex key ID>+base64(type || public key)`.
///
/// Types understood: 0x01 Ed25519 over the note text (`signed-note`), and 0x04 Ed25519
/// `cosignature/v1` over `cosignature/v1\ntime <t>\n` and the checkpoint text
/// (`tlog-cosignature`). The key ID must be the one the spec derives from name, type and key.
public struct NoteVerifierKey: Sendable, Hashable, CustomStringConvertible {
    public static let ed25519: UInt8 = 0x01
    public static let cosignatureV1: UInt8 = 0x04

    public let name: String
    public let keyID: UInt32
    public let type: UInt8
    public let publicKey: Data

    public init(name: String, type: UInt8, publicKey: Data) throws(LedgerError) {
        guard SignedNote.isValidKeyName(name) else { throw .invalidKey("invalid key name") }
        guard type == Self.ed25519 || type == Self.cosignatureV1 else { throw .invalidKey("unknown signature type \(type)") }
        guard publicKey.count == 32 else { throw .invalidKey("an Ed25519 public key has 32 bytes, not \(publicKey.count)") }
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, type: type, publicKey: publicKey)
    }

    /// Parses the text form; the written key ID must match the derived one.
    public init(vkey: String) throws(LedgerError) {
        let parts = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .invalidKey("a verifier key is <name>+<key ID>+<key>") }
        guard parts[1].count == 8, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }), let written = UInt32(parts[1], radix: 16) else {
            throw .invalidKey("the key ID is not 8 lowercase hexadecimal digits")
        }
        guard let raw = Data(base64Encoded: String(parts[2])), raw.count >= 1 else { throw .invalidKey("the key is not base64") }
        try self.init(name: String(parts[0]), type: raw[raw.startIndex], publicKey: Data(raw.dropFirst()))
        guard keyID == written else { throw .invalidKey("the key ID does not match the key") }
    }

    /// SHA-256(name || 0x0A || type || public key)[:4], big-endian.
    static func keyID(name: String, type: UInt8, publicKey: Data) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Data(name.utf8) + [0x0A, type])
        hasher.update(data: publicKey)
        return hasher.finalize().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    public var vkey: String {
        "\(name)+\(String(format: "%08x", keyID))+\((Data([type]) + publicKey).base64EncodedString())"
    }

    public var description: String { vkey }

    /// Checks one signature's bytes (after the key ID) over the note text.
    public func verify(text: String, signature: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        switch type {
        case Self.ed25519:
            return signature.count == 64 && key.isValidSignature(signature, for: Data(text.utf8))
        case Self.cosignatureV1:
            guard signature.count == 72 else { return false }
            let timestamp = signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard timestamp <= UInt64(Int64.max) else { return false }
            return key.isValidSignature(signature.dropFirst(8), for: Data(Cosignature.message(text: text, timestamp: timestamp).utf8))
        default:
            return false
        }
    }
}

/// An Ed25519 signing key for notes (type 0x01) or cosignatures (type 0x04).
///
/// Stored in Go x/mod's text form, `PRIVATE+KEY+<name>+<key ID>+base64(type || seed)`, which
/// Go's `note.NewSigner` reads too.
public struct NoteSigner: Sendable {
    public let verifierKey: NoteVerifierKey
    let privateKey: Curve25519.Signing.PrivateKey

    public var name: String { verifierKey.name }

    public init(name: String, seed: Data, type: UInt8 = NoteVerifierKey.ed25519) throws(LedgerError) {
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed) } catch { throw .invalidKey("an Ed25519 seed has 32 bytes") }
        privateKey = key
        verifierKey = try NoteVerifierKey(name: name, type: type, publicKey: key.publicKey.rawRepresentation)
    }

    /// A new random key.
    public static func generate(name: String, type: UInt8 = NoteVerifierKey.ed25519) throws(LedgerError) -> NoteSigner {
        try NoteSigner(name: name, seed: Curve25519.Signing.PrivateKey().rawRepresentation, type: type)
    }

    public init(skey: String) throws(LedgerError) {
        let trimmed = skey.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .invalidKey("a signing key is PRIVATE+KEY+<name>+<key ID>+<seed>")
        }
        guard let raw = Data(base64Encoded: String(parts[4])), raw.count == 33 else {
            throw .invalidKey("the seed is not base64 of a type and 32 bytes")
        }
        try self.init(name: String(parts[2]), seed: Data(raw.dropFirst()), type: raw[raw.startIndex])
        guard String(format: "%08x", verifierKey.keyID) == parts[3] else { throw .invalidKey("the key ID does not match the key") }
    }

    public var skey: String {
        "PRIVATE+KEY+\(name)+\(String(format: "%08x", verifierKey.keyID))+\((Data([verifierKey.type]) + privateKey.rawRepresentation).base64EncodedString())"
    }

    /// Signs a note text (ending in a newline) with type 0x01.
    public func sign(_ text: String) throws(LedgerError) -> SignedNote.Signature {
        guard verifierKey.type == NoteVerifierKey.ed25519 else { throw .invalidKey("a cosigning key signs with cosign(_:timestamp:)") }
        guard text.hasSuffix("\n") else { throw .malformedNote("the text must end with a newline") }
        let signature: Data
        do { signature = try privateKey.signature(for: Data(text.utf8)) } catch { throw .invalidKey("signing failed") }
        return .init(name: name, keyID: verifierKey.keyID, bytes: signature)
    }

    /// Cosigns a checkpoint text with type 0x04 (`cosignature/v1`) at a POSIX time.
    public func cosign(_ text: String, timestamp: UInt64) throws(LedgerError) -> SignedNote.Signature {
        guard verifierKey.type == NoteVerifierKey.cosignatureV1 else { throw .invalidKey("not a cosigning key") }
        guard timestamp <= UInt64(Int64.max) else { throw .invalidKey("timestamp out of range") }
        let signature: Data
        do { signature = try privateKey.signature(for: Data(Cosignature.message(text: text, timestamp: timestamp).utf8)) } catch {
            throw .invalidKey("signing failed")
        }
        var bytes = Data()
        withUnsafeBytes(of: timestamp.bigEndian) { bytes.append(contentsOf: $0) }
        return .init(name: name, keyID: verifierKey.keyID, bytes: bytes + signature)
    }
}

/// C2SP `tlog-cosignature` v1.0.1, Ed25519 (`cosignature/v1`).
public enum Cosignature {
    /// `cosignature/v1\ntime <t>\n` followed by the checkpoint text.
    public static func message(text: String, timestamp: UInt64) -> String {
        "cosignature/v1\ntime \(timestamp)\n" + text
    }

    /// The timestamp a `cosignature/v1` signature carries.
    public static func timestamp(of signature: SignedNote.Signature) -> UInt64? {
        guard signature.bytes.count == 72 else { return nil }
        return signature.bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
