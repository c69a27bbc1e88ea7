import Foundation
import PortunusCore
import Tracking

/// `portunus drone decode` on any file: pcap or pcapng read natively, every frame searched for
/// Remote ID on each link type, packs decoded, authentication pages joined, the result
/// encoded as JSON and its times formatted.
@_cdecl("LLVMFuzzerTestOneInput")
public func captureFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let capture = PacketCapture.read(FuzzSupport.bytes(start, count))
    if let error = capture.error { FuzzSupport.checkOffset(error.location?.byteOffset, within: count, "capture error") }
    for frame in capture.frames { FuzzSupport.checkOffset(frame.offset + frame.data.count, within: count, "frame \(frame.number)") }
    let observations = RemoteIDLink.observations(capture.frames)
    var messages: [RemoteID.Message] = []
    for observation in observations {
        _ = ISO8601.format(Date(timeIntervalSince1970: observation.timestamp))
        messages += observation.pack?.messages ?? []
    }
    FuzzSupport.encode(messages)
    FuzzSupport.encode(RemoteID.authentication(messages))
    return 0
}
