import Foundation
import PortunusCore
import Travel

/// Any bytes through the EDIFACT tokenizer, the interchange structure and both parsers
/// (PAXLST, PNRGOV; with an airport table, so UTC conversion runs too), then encoded as the
/// JSON `portunus travel parse` prints. A diagnostic pointing outside the input is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func edifactFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzSupport.data(start, count)
    let messages = TravelReader.read(data, today: Date(timeIntervalSince1970: 1_796_000_000), airports: FuzzAirports.table)
    for diagnostic in messages.flatMap(\.diagnostics) {
        FuzzSupport.checkOffset(diagnostic.byteOffset, within: count, "EDIFACT diagnostic \(diagnostic.code)")
    }
    FuzzSupport.encode(messages)
    return 0
}

enum FuzzAirports {
    static let table = try? AirportTimeZones(zones: [
        "FRA": "Europe/Berlin", "IAD": "America/New_York", "LHR": "Europe/London",
        "JFK": "America/New_York", "SIN": "Asia/Singapore", "ICN": "Asia/Seoul",
    ])
}
