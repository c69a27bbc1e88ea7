extension TiledLog {
    /// A reader over this log's files, sharing its tile cache.
    public var reader: LedgerReader { LedgerReader(source: .directory(paths.log), cache: tileCache) }

    /// A `tlog-proof` for entry `index` against the checkpoint of `size` (the current one by
    /// default; an older size needs its checkpoint in the history).
    public func proof(index: UInt64, size: UInt64? = nil) throws(LedgerError) -> TlogProof {
        let size = size ?? checkpoint.size
        guard size <= checkpoint.size else { throw LedgerError(.invalidArgument, "the log has \(checkpoint.size) entries, not \(size)") }
        guard let note = signedCheckpoint(size: size) else {
            throw LedgerError(.missingCheckpoint, "no checkpoint was issued at size \(size)")
        }
        return TlogProof(index: index, path: try reader.inclusionProof(index: index, size: size), checkpoint: note)
    }
}
