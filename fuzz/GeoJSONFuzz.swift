import Foundation
import PortunusCore
import Tracking

/// GeoJSON as zones and corridors arrive: read (antimeridian splitting included), then what
/// the zone routes do next: bounding boxes, the written form, and the written form read back.
@_cdecl("LLVMFuzzerTestOneInput")
public func geoJSONFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let document = try? GeoJSON.read(FuzzSupport.data(start, count)) else { return 0 }
    for feature in document.features {
        _ = feature.geometry?.boundingBox
        _ = feature.number("buffer_m")
    }
    let written = GeoJSON.write(document.features)
    guard (try? GeoJSON.read(written)) != nil else { fatalError("GeoJSON.write produced a document GeoJSON.read refuses") }
    return 0
}
