import Foundation
import PortunusCore
import Tracking

/// A Teltonika stream as the listener reads it: the IMEI handshake, then AVL packets one
/// after the other while the buffer holds them; each record becomes a position report whose
/// time is formatted as the tracking routes show it.
@_cdecl("LLVMFuzzerTestOneInput")
public func teltonikaFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var rest = FuzzSupport.bytes(start, count)[...]
    guard let (imei, consumed) = try? Teltonika.handshake(rest) else {
        // Without a handshake the same bytes are still tried as packets.
        return packets(rest, device: "000000000000000")
    }
    rest = rest.dropFirst(consumed)
    return packets(rest, device: imei)
}

func packets(_ bytes: ArraySlice<UInt8>, device: String) -> CInt {
    var rest = bytes
    while true {
        guard case .packet(let packet, let consumed)? = try? Teltonika.packet(rest) else { break }
        guard consumed > 0, consumed <= rest.count else { fatalError("consumed \(consumed) of \(rest.count) bytes") }
        for record in packet.records {
            let report = record.report(device: device)
            _ = ISO8601.format(report.time)
        }
        _ = Teltonika.acknowledgement(records: packet.records.count)
        rest = rest.dropFirst(consumed)
    }
    return 0
}
