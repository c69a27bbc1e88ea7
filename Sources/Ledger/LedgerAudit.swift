import Foundation

/// Walks a whole log as a partner would, trusting nothing but the log's verifier key: checks
/// the checkpoint's signature, recomputes every leaf hash from the entry bundles, every hash
/// tile from the level below and the root from the tiles, and — given the last checkpoint this
/// auditor saw — that the log neither went back nor rewrote what that checkpoint covered.
public enum LedgerAudit {
    public struct Report: Sendable, Hashable {
        public var checkpoint: Checkpoint
        public var bundles: Int
        public var tiles: Int
        /// The size of the last checkpoint seen before, now proved to be a prefix of this one.
        public var consistentWith: UInt64?
    }

    public static func run(source: LogSource, logKey: NoteVerifierKey, lastSeen: Checkpoint? = nil) throws(LedgerError) -> Report {
        guard let note = try source.fetch("checkpoint") else {
            throw LedgerError(.missingCheckpoint, "the log has no checkpoint", resource: "checkpoint")
        }
        let checkpoint: Checkpoint
        do { (checkpoint, _) = try Checkpoint.open(note, logKey: logKey) } catch {
            throw LedgerError(error.code, error.reason, resource: "checkpoint", line: error.line)
        }
        if let lastSeen {
            guard lastSeen.origin == checkpoint.origin else {
                throw LedgerError(.checkpointOrigin, "the log's origin changed from the one last seen", resource: "checkpoint", line: 1)
            }
            guard checkpoint.size >= lastSeen.size else {
                throw LedgerError(
                    .checkpointRollback, "the log went back from size \(lastSeen.size) to \(checkpoint.size)", resource: "checkpoint", line: 2)
            }
        }
        let size = checkpoint.size
        let width = UInt64(TilePath.width)

        // Leaf hashes from the entry bundles.
        var hashes: [TreeHash] = []
        hashes.reserveCapacity(Int(size))
        var bundles = 0
        var bundleIndex: UInt64 = 0
        while bundleIndex * width < size {
            let count = Int(min(size - bundleIndex * width, width))
            let tile = TilePath(level: nil, index: bundleIndex, width: count)
            let entries = try EntryBundle.entries(in: source.tile(tile), resource: tile.description)
            guard entries.count == count else {
                throw LedgerError(.bundleMismatch, "the bundle holds \(entries.count) entries; \(count) expected", resource: tile.description)
            }
            hashes += entries.map { Merkle.leafHash($0) }
            bundles += 1
            bundleIndex += 1
        }

        // Each level of tiles against the level below, bottom up.
        var levels: [[TreeHash]] = []
        var tiles = 0
        var level = 0
        while !hashes.isEmpty {
            var next: [TreeHash] = []
            for start in stride(from: 0, to: hashes.count, by: TilePath.width) {
                let count = min(hashes.count - start, TilePath.width)
                let tile = TilePath(level: level, index: UInt64(start / TilePath.width), width: count)
                let data = try source.tile(tile)
                guard data.count == count * 32 else {
                    throw LedgerError(
                        .truncatedTile, "the tile has \(data.count) bytes; \(count * 32) expected", resource: tile.description,
                        byteOffset: min(data.count, count * 32))
                }
                for offset in 0..<count {
                    let expected = hashes[start + offset]
                    let stored = data[(data.startIndex + offset * 32)..<(data.startIndex + offset * 32 + 32)]
                    if let differing = zip(stored.indices, stored).first(where: { expected.data[$0.0 - stored.startIndex] != $0.1 }) {
                        let what = level == 0 ? "entry \(UInt64(start + offset))" : "the tiles below"
                        throw LedgerError(
                            .tileMismatch, "hash \(offset) does not match \(what)", resource: tile.description,
                            byteOffset: differing.0 - data.startIndex)
                    }
                }
                if count == TilePath.width { next.append(Merkle.root(hashes[start..<(start + count)])) }
                tiles += 1
            }
            levels.append(hashes)
            hashes = next
            level += 1
        }

        let stored = StoredLevels(levels: levels)
        let root = (try? MerkleProof.root(size: size, stored)) ?? Merkle.emptyRoot
        guard root == checkpoint.root else {
            throw LedgerError(
                .rootMismatch, "the tiles give a different root than the checkpoint signs", resource: "checkpoint", line: 3)
        }
        if let lastSeen, lastSeen.size > 0 {
            let old = try? MerkleProof.root(size: lastSeen.size, stored)
            guard old == lastSeen.root else {
                throw LedgerError(
                    .checkpointFork, "the first \(lastSeen.size) entries no longer give the root last seen: history was rewritten",
                    resource: "checkpoint")
            }
        }
        return Report(checkpoint: checkpoint, bundles: bundles, tiles: tiles, consistentWith: lastSeen?.size)
    }

    /// Subtree hashes from every stored hash, level by level (levels[l] = tree level 8·l).
    struct StoredLevels: SubtreeHashes {
        let levels: [[TreeHash]]
        func subtreeHash(level: Int, index: Int) throws -> TreeHash {
            let tileLevel = level / 8
            let height = level % 8
            let first = index << height
            guard tileLevel < levels.count, first + (1 << height) <= levels[tileLevel].count else {
                throw LedgerError(.internalError, "subtree \(level)/\(index) is not stored")
            }
            return Merkle.root(levels[tileLevel][first..<(first + (1 << height))])
        }
    }
}
