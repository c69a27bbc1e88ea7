import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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

extension NoteSigner {
    /// Writes the key in its text form to a new file, owner-only (0600) from the first byte;
    /// refuses to overwrite.
    public func writeKeyFile(_ path: String) throws(LedgerError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LedgerError(.io, "cannot create the key file (errno \(errno))", resource: path) }
        let text = skey + "\n"
        let written = text.withCString { Glibc.write(descriptor, $0, strlen($0)) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.utf8.count, synced == 0 else { throw LedgerError(.io, "cannot write the key file", resource: path) }
        try DurableFiles.syncDirectory((path as NSString).deletingLastPathComponent)
    }
}
