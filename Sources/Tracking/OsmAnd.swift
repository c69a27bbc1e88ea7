import Foundation
import PortunusCore

/// The OsmAnd protocol as Traccar defines and its client apps speak it: one position per
/// HTTP request, as query parameters or a form body (`id` or `deviceid`, `lat` and `lon` or
/// `location=lat,lon`, `timestamp` as seconds or milliseconds since 1970, ISO 8601 or
/// `yyyy-MM-dd HH:mm:ss` UTC, `speed` in knots, `bearing` or `heading`, `altitude`,
/// `accuracy`, `hdop`, `batt`, `charge`, `valid`, `driverUniqueId`), or the JSON body of
/// Traccar Client 9 (`device_id`, `location.timestamp`, `location.coords` with speed in m/s,
/// `location.battery.level` from 0 to 1).
public enum OsmAnd {
    public static let knot = 1852.0 / 3600

    /// A report from query or form parameters; a missing or bad parameter names itself.
    public static func report(_ parameters: [String: String], received: Date = Date()) throws(PortunusError) -> PositionReport {
        func fail(_ field: String, _ reason: String) -> PortunusError { PortunusError(.osmandReport, reason, field: field) }
        guard let device = (parameters["id"] ?? parameters["deviceid"]).flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw fail("id", "a report names its device (id or deviceid)")
        }
        guard device.count <= 64 else { throw fail("id", "a device id is at most 64 characters") }
        var latitude = parameters["lat"].flatMap(Double.init)
        var longitude = parameters["lon"].flatMap(Double.init)
        if latitude == nil || longitude == nil, let location = parameters["location"] {
            let parts = location.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 2 { (latitude, longitude) = (parts[0], parts[1]) }
        }
        guard let latitude, (-90...90).contains(latitude) else { throw fail("lat", "lat is degrees from -90 to 90") }
        guard let longitude, (-180...180).contains(longitude) else { throw fail("lon", "lon is degrees from -180 to 180") }
        var report = PositionReport(device: device, time: received, latitude: latitude, longitude: longitude)
        if let stamp = parameters["timestamp"] {
            guard let time = time(stamp) else {
                throw fail("timestamp", "timestamp is seconds or milliseconds since 1970, ISO 8601, or yyyy-MM-dd HH:mm:ss")
            }
            report.time = time
        }
        func number(_ name: String) throws(PortunusError) -> Double? {
            guard let text = parameters[name] else { return nil }
            guard let value = Double(text), value.isFinite else { throw fail(name, "\(name) is a number") }
            return value
        }
        func flag(_ name: String) throws(PortunusError) -> Bool? {
            switch parameters[name]?.lowercased() {
            case nil: return nil
            case "true", "1": return true
            case "false", "0": return false
            default: throw fail(name, "\(name) is true, false, 1 or 0")
            }
        }
        report.valid = try flag("valid") ?? true
        report.speed = try number("speed").map { $0 * knot }
        let heading = try number("heading")
        report.bearing = try number("bearing") ?? heading
        report.altitude = try number("altitude")
        report.accuracy = try number("accuracy")
        report.hdop = try number("hdop")
        report.battery = try number("batt")
        report.charging = try flag("charge")
        report.driver = parameters["driverUniqueId"]
        return report
    }

    /// Query or form parameters (`application/x-www-form-urlencoded`): `+` is a space,
    /// percent escapes decoded; the first of a repeated name wins.
    public static func parameters(_ encoded: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String { String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            let name = decode(parts[0])
            if result[name] == nil { result[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return result
    }

    /// The last second ISO 8601's four-digit years can write (9999-12-31T23:59:59Z). A number
    /// past it (`timestamp=1e300` of the issue #22 probe) is no time at all: refused here, so
    /// that no formatter ever meets it; whether a time is plausible is the door's question.
    static let latestTime = 253_402_300_799.0

    /// Seconds (below 2^31) or milliseconds since 1970, ISO 8601, or `yyyy-MM-dd HH:mm:ss` UTC.
    static func time(_ text: String) -> Date? {
        if let number = Double(text) {
            guard number.isFinite, number >= 0 else { return nil }
            let seconds = number < 2_147_483_648 ? number : number / 1000
            return seconds <= latestTime ? Date(timeIntervalSince1970: seconds) : nil
        }
        if let date = ISO8601.parse(text) { return date }
        // `yyyy-MM-dd HH:mm:ss` is ISO 8601's date and time with a space, in UTC: read by the
        // same strict reader with the zone made explicit. Foundation's DateFormatter is not
        // used: on Linux it traps on some malformed texts (found by fuzz/OsmAndFuzz.swift:
        // `4050-01-01 09:00:0` followed by non-ASCII bytes).
        let utf8 = text.utf8
        guard utf8.count == 19, utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return ISO8601.parse(text + "Z")
    }

    /// A report from Traccar Client's JSON body.
    public static func report(json data: Data, received: Date = Date()) throws(PortunusError) -> PositionReport {
        guard case .object(let root) = try JSONValue.parse(data) else { throw PortunusError(.osmandReport, "a JSON object", field: "/") }
        guard case .string(let device)? = root["device_id"], !device.isEmpty else {
            throw PortunusError(.osmandReport, "device_id names the device", field: "/device_id")
        }
        guard case .object(let location)? = root["location"], case .object(let coords)? = location["coords"] else {
            throw PortunusError(.osmandReport, "location.coords holds the fix", field: "/location/coords")
        }
        // JSON numbers such as 1e400 read as infinity: a number that is not finite is left out.
        func number(_ object: [String: JSONValue], _ name: String) -> Double? {
            if case .number(let text)? = object[name], let value = Double(text), value.isFinite { return value }
            return nil
        }
        guard let latitude = number(coords, "latitude"), (-90...90).contains(latitude) else {
            throw PortunusError(.osmandReport, "latitude is degrees from -90 to 90", field: "/location/coords/latitude")
        }
        guard let longitude = number(coords, "longitude"), (-180...180).contains(longitude) else {
            throw PortunusError(.osmandReport, "longitude is degrees from -180 to 180", field: "/location/coords/longitude")
        }
        var report = PositionReport(device: device, time: received, latitude: latitude, longitude: longitude)
        if case .string(let stamp)? = location["timestamp"] {
            guard let time = ISO8601.parse(stamp) else { throw PortunusError(.osmandReport, "timestamp is ISO 8601", field: "/location/timestamp") }
            report.time = time
        }
        report.speed = number(coords, "speed").flatMap { $0 < 0 ? nil : $0 }
        report.bearing = number(coords, "heading").flatMap { $0 < 0 ? nil : $0 }
        report.altitude = number(coords, "altitude")
        report.accuracy = number(coords, "accuracy")
        if case .object(let battery)? = location["battery"] {
            report.battery = number(battery, "level").map { $0 * 100 }
            if case .bool(let charging)? = battery["is_charging"] { report.charging = charging }
        }
        return report
    }
}
