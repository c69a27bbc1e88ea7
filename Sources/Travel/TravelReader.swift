import Foundation

/// Reads every message of an input, whatever its type: PAXLST through ``PAXLSTParser``,
/// PNRGOV through ``PNRGOVParser``; other types come back with their header and a diagnostic.
/// With an airport table, every flight's times are also given in UTC with the airports' zones.
public enum TravelReader {
    public static func read(_ data: Data, today: Date = Date(), airports: AirportTimeZones? = nil) -> [TravelMessage] {
        let interchange = EDIFACTInterchange(data)
        if interchange.messages.isEmpty {
            return [TravelMessage(type: "", version: "", flight: nil, legs: [], bookings: [], passengers: [], diagnostics: interchange.diagnostics)]
        }
        return interchange.messages.enumerated().map { index, message in
            var parsed: TravelMessage
            switch message.type {
            case "PAXLST":
                parsed = PAXLSTParser.parse(message, today: today)
            case "PNRGOV":
                parsed = PNRGOVParser.parse(message, today: today)
            default:
                parsed = TravelMessage(
                    type: message.type, version: message.version, flight: nil, legs: [], bookings: [], passengers: [],
                    diagnostics: [
                        EDIFACTDiagnostic(
                            code: "message.unsupported", severity: .warning, message: "\(message.type) messages are not read yet",
                            segment: nil, byteOffset: message.byteRange.lowerBound, line: message.segments.first?.line ?? 1)
                    ])
            }
            // The interchange's diagnostics go with the message they fall in (the first takes
            // those before any message, the last those after).
            let own = interchange.diagnostics.filter { diagnostic in
                let start = index == 0 ? Int.min : message.byteRange.lowerBound
                let end = index == interchange.messages.count - 1 ? Int.max : interchange.messages[index + 1].byteRange.lowerBound
                return diagnostic.byteOffset >= start && diagnostic.byteOffset < end
            }
            parsed.diagnostics = own + parsed.diagnostics
            if let airports { parsed.resolveTimes(airports) }
            return parsed
        }
    }
}
