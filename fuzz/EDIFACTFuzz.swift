import Foundation

/// libFuzzer entry point (`make fuzz`): any bytes through the tokenizer, the interchange
/// structure and both parsers (with an airport table, so UTC conversion runs too), then
/// encoded as the JSON `portunus travel parse` prints. A crash, a trap (overflow, bounds) or an
/// AddressSanitizer report is a finding; so is a diagnostic pointing outside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func edifactFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let messages = TravelReader.read(data, today: Date(timeIntervalSince1970: 1_796_000_000), airports: FuzzAirports.table)
    for diagnostic in messages.flatMap(\.diagnostics) where diagnostic.byteOffset < 0 || diagnostic.byteOffset > count {
        fatalError("diagnostic \(diagnostic.code) points outside the input")
    }
    _ = try? JSONEncoder().encode(messages)
    return 0
}

enum FuzzAirports {
    static let table = try? AirportTimeZones(zones: ["FRA": "Europe/Berlin", "IAD": "America/New_York", "LHR": "Europe/London",
                                                     "JFK": "America/New_York", "SIN": "Asia/Singapore", "ICN": "Asia/Seoul"])
}
