import Foundation

/// GET /ledger/tile/… as the route builds the resource: any text after `tile/` parsed, and an
/// accepted path must print back to exactly the text it was read from.
@_cdecl("LLVMFuzzerTestOneInput")
public func tilePathFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: FuzzSupport.data(start, count), as: UTF8.self)
    for resource in [text, "tile/" + text] {
        guard let tile = TilePath(resource) else { continue }
        if tile.description != resource { fatalError("a tile path read back differently") }
        _ = TilePath.tiles(forSize: tile.index)
    }
    return 0
}
