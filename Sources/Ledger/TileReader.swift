import Foundation

/// Hash tiles as bytes, and the inner levels of a tile (the 8 levels between two tile levels).
public enum TileReader {
    /// Concatenated 32-byte hashes.
    static func data(_ hashes: [TreeHash]) -> Data {
        var data = Data(capacity: hashes.count * 32)
        for hash in hashes { hash.withBytes { data.append(contentsOf: $0) } }
        return data
    }

    /// The hashes of a tile file, which must hold exactly `tile.width` of them.
    static func hashes(in data: Data, tile: TilePath) throws(LedgerError) -> [TreeHash] {
        guard data.count == tile.width * 32 else {
            throw LedgerError(
                .truncatedTile, "the tile has \(data.count) bytes; \(tile.width * 32) expected", resource: tile.description,
                byteOffset: min(data.count, tile.width * 32))
        }
        return (0..<tile.width).map { index in TreeHash(data[(data.startIndex + index * 32)..<(data.startIndex + index * 32 + 32)])! }
    }

    /// levels[k][j] = MTH of stored hashes j·2^k ..< (j+1)·2^k of the tile, for complete ranges.
    static func innerLevels(_ hashes: [TreeHash]) -> [[TreeHash]] {
        var levels = [hashes]
        while levels.count < 8, levels[levels.count - 1].count >= 2 {
            let below = levels[levels.count - 1]
            levels.append(stride(from: 0, to: below.count - 1, by: 2).map { Merkle.nodeHash(below[$0], below[$0 + 1]) })
        }
        return levels
    }
}
