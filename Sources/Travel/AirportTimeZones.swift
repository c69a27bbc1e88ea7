import Foundation
import PortunusCore

/// The IANA time zone of each airport, by IATA code, so that the local times airline messages
/// carry can be stored in UTC and shown again as the airport's local time.
///
/// Read from a CSV with a header naming at least `iata` and `tz` columns — the layout of the
/// `airportsdata` package's `airports.csv` (MIT licence, about 7,900 airports with IATA codes),
/// which `scripts/bootstrap` installs and `portunus travel airports` copies into the data
/// directory. An administration may supply its own table in the same layout.
public struct AirportTimeZones: Sendable {
    /// IATA code → IANA zone name.
    public let zones: [String: String]
    /// A Gregorian calendar in each zone, by zone name, made once.
    private let calendars: [String: Calendar]

    public init(zones: [String: String]) throws(PortunusError) {
        var calendars: [String: Calendar] = [:]
        for name in Set(zones.values) {
            guard let zone = TimeZone(identifier: name) else {
                throw PortunusError(.invalidArgument, "unknown time zone \(name) in the airport table")
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            calendars[name] = calendar
        }
        self.zones = zones
        self.calendars = calendars
    }

    /// Reads the table; rows without an IATA code are skipped. A malformed row is an error
    /// with its line, since a wrong zone would silently shift every time at that airport.
    public static func load(path: String) throws(PortunusError) -> AirportTimeZones {
        let reader = try CSVReader(path: path)
        guard try reader.readRecord() else { throw PortunusError(.invalidArgument, "the airport table \(path) is empty") }
        let header = try (0..<reader.record.count).map { index throws(PortunusError) in try reader.record.string(at: index) }
        guard let iataColumn = header.firstIndex(of: "iata"), let zoneColumn = header.firstIndex(of: "tz") else {
            throw PortunusError(.missingColumn, "the airport table \(path) has no iata and tz columns", location: .init(line: 1))
        }
        var zones: [String: String] = [:]
        while try reader.readRecord() {
            let record = reader.record
            guard record.count > max(iataColumn, zoneColumn) else {
                throw PortunusError(
                    .fieldCount, "the airport table \(path) has a short row", location: .init(line: record.line, byteOffset: record.byteOffset))
            }
            let iata = try record.string(at: iataColumn)
            let zone = try record.string(at: zoneColumn)
            guard !iata.isEmpty, !zone.isEmpty else { continue }
            zones[iata] = zone
        }
        return try AirportTimeZones(zones: zones)
    }

    /// The table named by `PORTUNUS_AIRPORTS`, else `<data-dir>/reference/airports.csv`, or nil
    /// when there is none (times then stay local, as sent).
    public static func standard(dataDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PortunusError)
        -> AirportTimeZones?
    {
        let candidates = [environment["PORTUNUS_AIRPORTS"], dataDirectory.map { $0 + "/reference/airports.csv" }].compactMap { $0 }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        return try load(path: path)
    }

    public func zone(_ airport: String) -> String? { zones[airport] }

    /// A local time at the airport (`YYYY-MM-DDTHH:MM`) as UTC (`YYYY-MM-DDTHH:MMZ`). A date
    /// without a time, or an airport not in the table, has no UTC instant.
    public func utc(local: String, airport: String) -> String? {
        guard let name = zones[airport], let calendar = calendars[name] else { return nil }
        let bytes = Array(local.utf8)
        guard bytes.count == 16, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]), let day = Self.number(bytes[8..<10]),
            let hour = Self.number(bytes[11..<13]), let minute = Self.number(bytes[14..<16])
        else { return nil }
        guard let instant = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) else { return nil }
        let utc = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return String(format: "%04d-%02d-%02dT%02d:%02dZ", utc.year ?? 0, utc.month ?? 0, utc.day ?? 0, utc.hour ?? 0, utc.minute ?? 0)
    }

    /// A UTC instant (`YYYY-MM-DDTHH:MMZ`) as local time at the airport (`YYYY-MM-DDTHH:MM`).
    public func local(utc: String, airport: String) -> String? {
        guard let name = zones[airport], let calendar = calendars[name] else { return nil }
        let bytes = Array(utc.utf8)
        guard bytes.count == 17, let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]), let day = Self.number(bytes[8..<10]),
            let hour = Self.number(bytes[11..<13]), let minute = Self.number(bytes[14..<16]),
            let instant = Calendar.utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
        else { return nil }
        let local = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return String(format: "%04d-%02d-%02dT%02d:%02d", local.year ?? 0, local.month ?? 0, local.day ?? 0, local.hour ?? 0, local.minute ?? 0)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return value
    }
}

extension TravelMessage {
    /// Adds UTC instants and airport zones to every flight of the message, diagnosing an
    /// airport the table does not know (once per airport).
    public mutating func resolveTimes(_ airports: AirportTimeZones) {
        var unknown: Set<String> = []
        func resolve(_ flight: inout Flight) {
            for (airport, isDeparture) in [(flight.departure, true), (flight.arrival, false)] {
                guard let airport else { continue }
                guard let zone = airports.zone(airport) else {
                    unknown.insert(airport)
                    continue
                }
                if isDeparture {
                    flight.departureZone = zone
                    flight.departureUTC = flight.departureTime.flatMap { airports.utc(local: $0, airport: airport) }
                } else {
                    flight.arrivalZone = zone
                    flight.arrivalUTC = flight.arrivalTime.flatMap { airports.utc(local: $0, airport: airport) }
                }
            }
        }
        if flight != nil { resolve(&flight!) }
        for index in legs.indices { resolve(&legs[index]) }
        for booking in bookings.indices {
            for leg in bookings[booking].itinerary.indices { resolve(&bookings[booking].itinerary[leg]) }
        }
        for airport in unknown.sorted() {
            diagnostics.append(
                EDIFACTDiagnostic(
                    code: "airport.zone_unknown", severity: .warning,
                    message: "airport \(airport) is not in the time-zone table; its times stay local",
                    segment: nil, byteOffset: 0, line: 1))
        }
    }
}
