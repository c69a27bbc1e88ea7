/// Inclusion and consistency proofs: generated as RFC 6962 §2.1.1–2.1.2 define them
/// (`PATH`, `PROOF`/`SUBPROOF`), verified with RFC 9162 §2.1.3.2 and §2.1.4.2, literally.
public enum MerkleProof {
    // MARK: Generation

    /// MTH(D[lo:hi]) for a range the RFC's recursion produces (lo aligned), from stored subtrees.
    static func rangeHash(_ lo: UInt64, _ hi: UInt64, _ source: some SubtreeHashes) throws -> TreeHash {
        let width = hi - lo
        if width & (width - 1) == 0 {
            let level = width.trailingZeroBitCount
            return try source.subtreeHash(level: level, index: Int(lo >> UInt64(level)))
        }
        let split = UInt64(Merkle.largestPowerOfTwo(below: Int(width)))
        return Merkle.nodeHash(try rangeHash(lo, lo + split, source), try rangeHash(lo + split, hi, source))
    }

    /// The root of a tree of `size` leaves.
    public static func root(size: UInt64, _ source: some SubtreeHashes) throws -> TreeHash {
        size == 0 ? Merkle.emptyRoot : try rangeHash(0, size, source)
    }

    /// The audit path of leaf `index` in a tree of `size` leaves, leaf's sibling first.
    public static func inclusion(index: UInt64, size: UInt64, _ source: some SubtreeHashes) throws -> [TreeHash] {
        guard index < size else { throw ProofError.indexOutOfRange(index: index, size: size) }
        var path: [TreeHash] = []
        var lo: UInt64 = 0
        var hi = size
        // Walk down from the root, collecting the other side at each split, then reverse.
        while hi - lo > 1 {
            let split = lo + UInt64(Merkle.largestPowerOfTwo(below: Int(hi - lo)))
            if index < split {
                path.append(try rangeHash(split, hi, source))
                hi = split
            } else {
                path.append(try rangeHash(lo, split, source))
                lo = split
            }
        }
        return path.reversed()
    }

    /// The consistency proof from size `first` to size `second` (0 < first ≤ second).
    public static func consistency(from first: UInt64, to second: UInt64, _ source: some SubtreeHashes) throws -> [TreeHash] {
        guard first <= second else { throw ProofError.sizesOutOfOrder(first: first, second: second) }
        guard first > 0 else { throw ProofError.fromEmptyTree }
        if first == second { return [] }
        // SUBPROOF(m, D[lo:hi], b), unrolled: the hashes come out root-side first.
        var proof: [TreeHash] = []
        var m = first
        var lo: UInt64 = 0
        var hi = second
        var complete = true
        while m != hi - lo {
            let split = UInt64(Merkle.largestPowerOfTwo(below: Int(hi - lo)))
            if m <= split {
                proof.append(try rangeHash(lo + split, hi, source))
                hi = lo + split
            } else {
                proof.append(try rangeHash(lo, lo + split, source))
                m -= split
                lo += split
                complete = false
            }
        }
        if !complete { proof.append(try rangeHash(lo, hi, source)) }
        return proof.reversed()
    }

    // MARK: Verification

    /// RFC 9162 §2.1.3.2: does `path` prove that `leaf` is at `index` in the tree of `size`
    /// with `root`?
    public static func verifyInclusion(leaf: TreeHash, index: UInt64, size: UInt64, path: [TreeHash], root: TreeHash) throws(ProofError) {
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        var fn = index
        var sn = size - 1
        var r = leaf
        for p in path {
            guard sn != 0 else { throw .wrongLength(expected: expectedInclusionLength(index: index, size: size), got: path.count) }
            if fn & 1 == 1 || fn == sn {
                r = Merkle.nodeHash(p, r)
                if fn & 1 == 0 {
                    repeat {
                        fn >>= 1
                        sn >>= 1
                    } while fn & 1 == 0 && fn != 0
                }
            } else {
                r = Merkle.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongLength(expected: expectedInclusionLength(index: index, size: size), got: path.count) }
        guard r == root else { throw .rootMismatch }
    }

    /// RFC 9162 §2.1.4.2: does `proof` show that the tree of `second` leaves with
    /// `secondRoot` extends the tree of `first` leaves with `firstRoot`?
    public static func verifyConsistency(
        first: UInt64, second: UInt64, firstRoot: TreeHash, secondRoot: TreeHash,
        proof: [TreeHash]
    ) throws(ProofError) {
        guard first <= second else { throw .sizesOutOfOrder(first: first, second: second) }
        guard first > 0 else { throw .fromEmptyTree }
        if first == second {
            guard proof.isEmpty else { throw .wrongLength(expected: 0, got: proof.count) }
            guard firstRoot == secondRoot else { throw .rootMismatch }
            return
        }
        guard !proof.isEmpty else { throw .wrongLength(expected: expectedConsistencyLength(first, second), got: 0) }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        var fn = first - 1
        var sn = second - 1
        if fn & 1 == 1 {
            repeat {
                fn >>= 1
                sn >>= 1
            } while fn & 1 == 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw .wrongLength(expected: expectedConsistencyLength(first, second), got: proof.count) }
            if fn & 1 == 1 || fn == sn {
                fr = Merkle.nodeHash(c, fr)
                sr = Merkle.nodeHash(c, sr)
                if fn & 1 == 0 {
                    repeat {
                        fn >>= 1
                        sn >>= 1
                    } while fn & 1 == 0 && fn != 0
                }
            } else {
                sr = Merkle.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongLength(expected: expectedConsistencyLength(first, second), got: proof.count) }
        guard fr == firstRoot else { throw .oldRootMismatch }
        guard sr == secondRoot else { throw .rootMismatch }
    }

    /// Length of a correct inclusion proof (for error messages).
    static func expectedInclusionLength(index: UInt64, size: UInt64) -> Int {
        var length = 0
        var lo: UInt64 = 0
        var hi = size
        while hi - lo > 1 {
            let split = lo + UInt64(Merkle.largestPowerOfTwo(below: Int(hi - lo)))
            if index < split { hi = split } else { lo = split }
            length += 1
        }
        return length
    }

    /// Length of a correct consistency proof (for error messages).
    static func expectedConsistencyLength(_ first: UInt64, _ second: UInt64) -> Int {
        guard first > 0, first < second else { return 0 }
        var length = 0
        var m = first
        var lo: UInt64 = 0
        var hi = second
        var complete = true
        while m != hi - lo {
            let split = UInt64(Merkle.largestPowerOfTwo(below: Int(hi - lo)))
            if m <= split {
                hi = lo + split
            } else {
                m -= split
                lo += split
                complete = false
            }
            length += 1
        }
        return length + (complete ? 0 : 1)
    }
}
