import Testing

@testable import Ledger

@Suite("Tile paths")
struct TilePathTests {
    @Test(
        "canonical paths read and print back",
        arguments: ["tile/0/000", "tile/0/x001/x234/067.p/8", "tile/entries/273.p/112", "tile/63/x018/x446/x744/x073/x709/x551/615"])
    func canonical(path: String) throws {
        let tile = try #require(TilePath(path))
        #expect(tile.description == path)
    }

    @Test("the largest index a path can name is UInt64.max")
    func largest() throws {
        #expect(try #require(TilePath("tile/entries/x018/x446/x744/x073/x709/x551/615")).index == UInt64.max)
    }

    // Found by fuzz/TilePathFuzz.swift: 18,446,744,073,709,551,616 passes the multiplication
    // by 1000 and overflowed in the addition of the last group, trapping the server on an
    // unauthenticated GET /ledger/tile/….
    @Test(
        "an index past UInt64.max is refused, whether the last group or an earlier one overflows",
        arguments: [
            "tile/63/x018/x446/x744/x073/x709/x551/616", "tile/0/x018/x446/x744/x073/x709/x551/999.p/3",
            "tile/entries/x999/x999/x999/x999/x999/x999/x999", "tile/0/x001/x000/x000/x000/x000/x000/x000/000",
        ])
    func overflow(path: String) {
        #expect(TilePath(path) == nil)
    }

    @Test(
        "non-canonical forms are refused",
        arguments: [
            "tile/0/1", "tile/00/000", "tile/0/001.p/256", "tile/0/001.p/0", "tile/64/000",
            "tile/0/x000/001", "tile/0/000/", "tile/entries/+01", "tile/0/٠٠٠",
        ])
    func nonCanonical(path: String) {
        #expect(TilePath(path) == nil)
    }
}
