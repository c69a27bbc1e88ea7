import Crypto
import Foundation

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
