/// Why a proof was refused. Each case says which rule failed.
public enum ProofError: Error, Equatable, Sendable, CustomStringConvertible {
    case indexOutOfRange(index: UInt64, size: UInt64)
    case sizesOutOfOrder(first: UInt64, second: UInt64)
    /// A consistency proof from the empty tree: every tree is consistent with it, so such a
    /// proof proves nothing, and this library refuses it. (C2SP `tlog-witness` accepts
    /// `old 0` with an empty proof; the witness endpoint handles that case itself.)
    case fromEmptyTree
    case wrongLength(expected: Int, got: Int)
    case rootMismatch
    case oldRootMismatch

    /// The ledger code a refused proof carries: every case is `proof.invalid`.
    public var code: LedgerError.Code {
        switch self {
        case .indexOutOfRange, .sizesOutOfOrder, .fromEmptyTree, .wrongLength, .rootMismatch, .oldRootMismatch: .invalidProof
        }
    }

    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size): "leaf index \(index) is not below the tree size \(size)"
        case .sizesOutOfOrder(let first, let second): "old size \(first) is larger than new size \(second)"
        case .fromEmptyTree: "a consistency proof from size 0 proves nothing"
        case .wrongLength(let expected, let got): "the proof has \(got) hashes where \(expected) are needed"
        case .rootMismatch: "the proof does not lead to the expected root"
        case .oldRootMismatch: "the proof does not lead to the old root"
        }
    }
}
