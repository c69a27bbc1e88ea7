import Foundation
import PortunusCore
import Tracking

/// Remote ID message packs and single messages straight from bytes (what a capture frame's
/// service data carries), without the capture and link layers in front.
@_cdecl("LLVMFuzzerTestOneInput")
public func remoteIDFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzSupport.bytes(start, count)
    guard let pack = try? RemoteID.pack(bytes[...]) else { return 0 }
    FuzzSupport.encode(pack.messages)
    FuzzSupport.encode(RemoteID.authentication(pack.messages))
    return 0
}
