import Crypto
import Foundation

/// A SHA-256 Merkle tree hash, 32 bytes held inline (no heap allocation per hash).
public struct TreeHash: Hashable, Sendable, CustomStringConvertible {
    public var bytes: SIMD32<UInt8>

    public init(bytes: SIMD32<UInt8>) { self.bytes = bytes }

    /// Exactly 32 bytes, or nil.
    public init?<Bytes: Collection>(_ data: Bytes) where Bytes.Element == UInt8 {
        guard data.count == 32 else { return nil }
        var bytes = SIMD32<UInt8>()
        for (index, byte) in data.enumerated() { bytes[index] = byte }
        self.bytes = bytes
    }

    /// Standard base64 of exactly 32 bytes, or nil.
    public init?(base64: some StringProtocol) {
        guard let data = Data(base64Encoded: String(base64)) else { return nil }
        self.init(data)
    }

    init(_ digest: SHA256.Digest) {
        var bytes = SIMD32<UInt8>()
        digest.withUnsafeBytes { raw in
            withUnsafeMutableBytes(of: &bytes) { $0.copyMemory(from: raw) }
        }
        self.bytes = bytes
    }

    public var data: Data { withUnsafeBytes(of: bytes) { Data($0) } }
    public var base64: String { data.base64EncodedString() }
    public var hex: String { data.map { String(format: "%02x", $0) }.joined() }
    public var description: String { hex }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(of: bytes, body)
    }
}
