import Foundation

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
