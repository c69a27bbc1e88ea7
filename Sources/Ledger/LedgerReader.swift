import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Proofs and entries of a log of a given size, read from its tiles.
///
/// Reads prefer a full tile to a partial one (the partial's hashes are the full tile's
/// prefix), so proofs keep working after partial tiles are deleted.
public struct LedgerReader: Sendable {
    public let source: LogSource
    let cache: TileCache

    public init(source: LogSource) {
        self.source = source
        self.cache = TileCache()
    }

    init(source: LogSource, cache: TileCache) {
        self.source = source
        self.cache = cache
    }

    /// Subtree hashes of the tree of `size` leaves, from the tiles. One proof asks for up to
    /// eight subtrees of the same tile in a row, so the last tile used is kept at hand.
    final class Hashes: SubtreeHashes {
        let reader: LedgerReader
        let size: UInt64
        private var lastTile: (level: Int, index: UInt64) = (-1, 0)
        private var lastLevels: [[TreeHash]] = []

        init(reader: LedgerReader, size: UInt64) {
            self.reader = reader
            self.size = size
        }

        func subtreeHash(level: Int, index: Int) throws -> TreeHash {
            let tileLevel = level / 8
            let height = level % 8
            let first = UInt64(index) << UInt64(height)
            let tileIndex = first / UInt64(TilePath.width)
            let stored = size >> UInt64(8 * tileLevel)
            guard first + (1 << UInt64(height)) <= stored else {
                throw LedgerError(.internalError, "subtree \(level)/\(index) is not complete at size \(size)")
            }
            if lastTile.level != tileLevel || lastTile.index != tileIndex {
                lastLevels = try reader.levels(level: tileLevel, index: tileIndex, storedAtLevel: stored)
                lastTile = (tileLevel, tileIndex)
            }
            let offset = Int(first - tileIndex * UInt64(TilePath.width)) >> height
            return lastLevels[height][offset]
        }
    }

    func levels(level: Int, index: UInt64, storedAtLevel stored: UInt64) throws(LedgerError) -> [[TreeHash]] {
        let full = TilePath(level: level, index: index)
        let fullCount = stored / UInt64(TilePath.width)
        if index < fullCount {
            return try cache.levels(full) { () throws(LedgerError) in try TileReader.hashes(in: source.tile(full), tile: full) }
        }
        let partial = TilePath(level: level, index: index, width: Int(stored % UInt64(TilePath.width)))
        return try cache.levels(partial) { () throws(LedgerError) in
            // The full tile, once written, holds the partial's hashes as its prefix.
            if let data = try source.fetch(full.description) {
                return Array(try TileReader.hashes(in: data, tile: full).prefix(partial.width))
            }
            return try TileReader.hashes(in: source.tile(partial), tile: partial)
        }
    }

    public func inclusionProof(index: UInt64, size: UInt64) throws(LedgerError) -> [TreeHash] {
        do { return try MerkleProof.inclusion(index: index, size: size, Hashes(reader: self, size: size)) } catch {
            throw Self.ledgerError(error)
        }
    }

    public func consistencyProof(from first: UInt64, to second: UInt64) throws(LedgerError) -> [TreeHash] {
        do { return try MerkleProof.consistency(from: first, to: second, Hashes(reader: self, size: second)) } catch {
            throw Self.ledgerError(error)
        }
    }

    public func root(size: UInt64) throws(LedgerError) -> TreeHash {
        do { return try MerkleProof.root(size: size, Hashes(reader: self, size: size)) } catch { throw Self.ledgerError(error) }
    }

    /// The entry at `index` of a tree of `size` leaves.
    public func entry(index: UInt64, size: UInt64) throws(LedgerError) -> Data {
        guard index < size else { throw LedgerError(.invalidArgument, "index \(index) is not below the tree size \(size)") }
        let width = UInt64(TilePath.width)
        let bundleIndex = index / width
        let full = TilePath(level: nil, index: bundleIndex)
        var data = try source.fetch(full.description)
        var tile = full
        if data == nil {
            tile = TilePath(level: nil, index: bundleIndex, width: Int(min(size - bundleIndex * width, width)))
            data = try source.tile(tile)
        }
        let entries = try EntryBundle.entries(in: data!, resource: tile.description)
        let offset = Int(index % width)
        guard offset < entries.count else {
            throw LedgerError(.bundleMismatch, "the bundle holds \(entries.count) entries", resource: tile.description)
        }
        return entries[offset]
    }

    static func ledgerError(_ error: any Error) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? ProofError { return LedgerError(error.code, error.description) }
        return LedgerError(.internalError, "\(error)")
    }
}

extension LedgerReader {
    /// Every entry of the tree of `size` leaves, read from the entry bundles and checked
    /// against `root` (a monitor's view: nothing read is trusted until the root matches).
    public func entries(size: UInt64, root: TreeHash) throws(LedgerError) -> [Data] {
        let width = UInt64(TilePath.width)
        var entries: [Data] = []
        entries.reserveCapacity(Int(size))
        var bundleIndex: UInt64 = 0
        while bundleIndex * width < size {
            let count = Int(min(size - bundleIndex * width, width))
            let full = TilePath(level: nil, index: bundleIndex)
            var data = try source.fetch(full.description)
            var tile = full
            if data == nil || count < TilePath.width {
                if count < TilePath.width {
                    tile = TilePath(level: nil, index: bundleIndex, width: count)
                    data = try source.fetch(tile.description) ?? data
                }
            }
            guard let data else { throw LedgerError(.missingTile, "an entry bundle the checkpoint needs is missing", resource: tile.description) }
            let bundle = try EntryBundle.entries(in: data, resource: tile.description)
            guard bundle.count >= count else {
                throw LedgerError(.bundleMismatch, "the bundle holds \(bundle.count) entries; \(count) expected", resource: tile.description)
            }
            entries += bundle.prefix(count)
            bundleIndex += 1
        }
        guard Merkle.root(entries.map { Merkle.leafHash($0) }[...]) == root else {
            throw LedgerError(.tileMismatch, "the entries do not give the checkpoint's root")
        }
        return entries
    }
}
