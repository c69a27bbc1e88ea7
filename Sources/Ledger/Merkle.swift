import Crypto
import Foundation

/// RFC 6962 / RFC 9162 §2.1 hashing with SHA-256: leaves are hashed with a 0x00 prefix and
/// interior nodes with 0x01, so a leaf can never pass for a node.
public enum Merkle {
    /// MTH({}) = SHA-256().
    public static let emptyRoot = TreeHash(SHA256.hash(data: Data()))

    /// SHA-256(0x00 || entry).
    public static func leafHash(_ entry: some DataProtocol) -> TreeHash {
        var hasher = SHA256()
        hasher.update(data: [UInt8(0)])
        hasher.update(data: entry)
        return TreeHash(hasher.finalize())
    }

    /// SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(1)) { hasher.update(bufferPointer: $0) }
        left.withBytes { hasher.update(bufferPointer: $0) }
        right.withBytes { hasher.update(bufferPointer: $0) }
        return TreeHash(hasher.finalize())
    }

    /// SHA-256(0x01 || left || right) over any two byte strings (the RFC's definition; the
    /// log itself only ever joins 32-byte hashes).
    public static func nodeHash(bytes left: some DataProtocol, _ right: some DataProtocol) -> TreeHash {
        var hasher = SHA256()
        hasher.update(data: [UInt8(1)])
        hasher.update(data: left)
        hasher.update(data: right)
        return TreeHash(hasher.finalize())
    }

    /// The root of a list of leaf hashes, by the RFC's recursive definition (for tests and
    /// small trees; the log computes roots from its tiles).
    public static func root(_ leaves: ArraySlice<TreeHash>) -> TreeHash {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let split = largestPowerOfTwo(below: leaves.count)
            return nodeHash(root(leaves.prefix(split)), root(leaves.dropFirst(split)))
        }
    }

    /// The largest power of two strictly smaller than `n` (n ≥ 2).
    @inline(__always)
    static func largestPowerOfTwo(below n: Int) -> Int {
        precondition(n >= 2)
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}
