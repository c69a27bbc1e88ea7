/// Where proofs read the hashes of complete subtrees: 2^level leaves from leaf index·2^level.
/// A tiled log answers from its tiles; tests answer from a list of leaves.
public protocol SubtreeHashes {
    func subtreeHash(level: Int, index: Int) throws -> TreeHash
}
