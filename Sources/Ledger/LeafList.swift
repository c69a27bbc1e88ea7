/// Subtree hashes computed from a list of leaf hashes (tests, small trees, recomputation).
public struct LeafList: SubtreeHashes {
    public var leaves: [TreeHash]
    public init(_ leaves: [TreeHash]) { self.leaves = leaves }

    public func subtreeHash(level: Int, index: Int) throws -> TreeHash {
        let start = index << level
        let end = start + (1 << level)
        guard end <= leaves.count else { throw ProofError.indexOutOfRange(index: UInt64(end - 1), size: UInt64(leaves.count)) }
        return Merkle.root(leaves[start..<end])
    }
}
