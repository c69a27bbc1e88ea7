import Foundation
import IdentityDocuments
import PortunusCore

/// POST /api/v1/documents/mrz with a text body: lines as the route splits them, read (with
/// its repairs), and the result encoded as the route answers it.
@_cdecl("LLVMFuzzerTestOneInput")
public func mrzFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: FuzzSupport.data(start, count), as: UTF8.self)
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    guard let mrz = try? MRZReader.read(lines, today: Date(timeIntervalSince1970: 1_796_000_000)) else { return 0 }
    FuzzSupport.encode(mrz)
    return 0
}
