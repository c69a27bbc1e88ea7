import Synchronization

/// Tiles already read, with their inner levels. Tiles never change once written (a partial
/// tile of width W is always the same W hashes), so entries never go stale; the cache is
/// cleared when it grows past its bound.
final class TileCache: Sendable {
    private let tiles = Mutex<[TilePath: [[TreeHash]]]>([:])
    let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func levels(_ tile: TilePath, load: () throws(LedgerError) -> [TreeHash]) throws(LedgerError) -> [[TreeHash]] {
        if let cached = tiles.withLock({ $0[tile] }) { return cached }
        let levels = TileReader.innerLevels(try load())
        tiles.withLock {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[tile] = levels
        }
        return levels
    }
}
