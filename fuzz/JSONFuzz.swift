import Foundation
import PortunusCore

/// JSON bodies: the strict parser (whole document and in place, as NDJSON lines are read),
/// then the declaration decoder the lodgement routes use (compiled in from
/// Sources/Portunus/Lodgement: it needs PortunusCore only), and the decoded declaration
/// encoded back as the API answers it, times formatted.
@_cdecl("LLVMFuzzerTestOneInput")
public func jsonFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzSupport.data(start, count)
    let whole = Result { () throws(PortunusError) in try JSONParser.parse(data) }
    let inPlace = data.withUnsafeBytes { raw in Result { () throws(PortunusError) in try JSONParser.parse(bytes: raw) } }
    switch (whole, inPlace) {
    case (.success(let a), .success(let b)): if a != b { fatalError("the two entry points read different values") }
    case (.failure(let error), .failure): FuzzSupport.checkOffset(error.location?.byteOffset, within: count, "JSON error")
    default: fatalError("one entry point accepted what the other refused")
    }
    switch DeclarationJSON.decode(data) {
    case .success(let (declaration, warnings)):
        _ = try? DeclarationJSON.encoder().encode(declaration)
        _ = warnings.map(\.description)
    case .failure(let failure):
        _ = failure.problems.map(\.description)
    }
    return 0
}
