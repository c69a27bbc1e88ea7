import Foundation
import Testing

@testable import PortunusCore
@testable import Tracking

@Suite("OsmAnd protocol")
struct OsmAndTests {
    @Test("query and form parameters: the client's fields in SI units; every timestamp form; bad fields named")
    func parameters() throws {
        let query =
            "id=356307042441013&lat=-4.0435&lon=39.6682&timestamp=1767225600&speed=10&bearing=270.5&altitude=12&accuracy=4.5&hdop=0.9&batt=85&charge=true&driverUniqueId=D%2B7"
        let report = try OsmAnd.report(OsmAnd.parameters(query))
        #expect(report.device == "356307042441013" && report.latitude == -4.0435 && report.longitude == 39.6682)
        #expect(ISO8601.format(report.time) == "2026-01-01T00:00:00Z")
        #expect(abs(report.speed! - 5.144444) < 1e-6, "10 knots in m/s")
        #expect(report.bearing == 270.5 && report.altitude == 12 && report.accuracy == 4.5 && report.hdop == 0.9)
        #expect(report.battery == 85 && report.charging == true && report.driver == "D+7" && report.valid)

        for stamp in ["1767225600000", "2026-01-01T00:00:00Z", "2026-01-01%2000:00:00", "2026-01-01+00:00:00"] {
            let parsed = try OsmAnd.report(OsmAnd.parameters("deviceid=x&location=1.5,2.5&valid=0&heading=90&timestamp=\(stamp)"))
            #expect(ISO8601.format(parsed.time) == "2026-01-01T00:00:00Z", "\(stamp)")
            #expect(parsed.latitude == 1.5 && parsed.longitude == 2.5 && !parsed.valid && parsed.bearing == 90)
        }
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try OsmAnd.report(["id": "x", "lat": "0", "lon": "0"], received: received).time == received, "no timestamp: when received")

        for (query, field) in [
            ("lat=1&lon=2", "id"), ("id=x&lat=91&lon=2", "lat"), ("id=x&lat=1", "lon"), ("id=x&lat=1&lon=2&timestamp=yesterday", "timestamp"),
            ("id=x&lat=1&lon=2&speed=fast", "speed"), ("id=x&lat=1&lon=2&valid=maybe", "valid"),
        ] {
            do {
                _ = try OsmAnd.report(OsmAnd.parameters(query))
                Issue.record("accepted \(query)")
            } catch {
                #expect(error.code == .osmandReport && error.field == field, "\(query)")
            }
        }
    }

    @Test("Traccar Client's JSON body: speed already in m/s, battery level 0 to 1")
    func json() throws {
        let body = """
            {"location": {"timestamp": "2026-01-01T00:00:00.000Z", "coords": {"latitude": -1.2921, "longitude": 36.8219, "accuracy": 5,
             "speed": 12.5, "heading": -1, "altitude": 1661}, "is_moving": true, "battery": {"level": 0.42, "is_charging": false}},
             "device_id": "48241179"}
            """
        let report = try OsmAnd.report(json: Data(body.utf8))
        #expect(report.device == "48241179" && report.latitude == -1.2921 && report.longitude == 36.8219 && report.speed == 12.5)
        #expect(report.bearing == nil, "a negative heading is unknown")
        #expect(report.altitude == 1661 && report.battery == 42 && report.charging == false)
        #expect(ISO8601.format(report.time) == "2026-01-01T00:00:00Z")
        do {
            _ = try OsmAnd.report(json: Data(#"{"device_id": "x", "location": {"coords": {"latitude": 1}}}"#.utf8))
            Issue.record("no longitude")
        } catch {
            #expect(error.field == "/location/coords/longitude")
        }
    }
}

/// Reports crafted to break what comes after parsing: each is refused with its field named,
/// or read with the unreadable value left out, never a trap.
@Suite("OsmAnd reports with absurd values")
struct OsmAndAbsurdValueTests {
    // The issue #22 probe: timestamp=1e300 was stored and trapped every later formatting.
    @Test(
        "a numeric timestamp past the year 9999 is refused as a bad timestamp",
        arguments: ["1e300", "1e20", "253402300800000", "9007199254740993000", "-1", "inf", "nan"])
    func absurdTimestamp(stamp: String) {
        #expect(throws: PortunusError.self) { try OsmAnd.report(["id": "x", "lat": "1", "lon": "2", "timestamp": stamp]) }
    }

    @Test("the last second of 9999 is still a time")
    func lastSecond() throws {
        #expect(try OsmAnd.report(["id": "x", "lat": "1", "lon": "2", "timestamp": "253402300799000"]).time.timeIntervalSince1970 == 253_402_300_799)
    }

    // Found by fuzz/OsmAndFuzz.swift: Foundation's DateFormatter trapped on this timestamp
    // (a date, then non-ASCII bytes); the space-separated form is now read by ISO8601.parse.
    @Test("a space-separated timestamp followed by non-ASCII bytes is refused without a trap")
    func dateFormatterTrap() throws {
        let body = try #require(
            Data(
                base64Encoded:
                    "qmRldmljZWlkPSt4JmxvY2F0aW9uPTQ4Ljg1LDEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAC54Jmxva2F0aW9uPTQ4NDg1LDEuMzUmdGltZXN0YW1wPTQwNTAtMDEtMDElMjAwOTowMDow2ZyalpvCh9lsb2NhdDowMGNlaWQ9eCZsb2NhdGlvbi4yODQ4PSwxLjM1JnRpbWVziHRhbXA9MjAyNS0xJmhlAAAAAGc9Mg=="
            ))
        let parameters = OsmAnd.parameters(String(decoding: body.dropFirst(), as: UTF8.self))
        #expect(throws: PortunusError.self) { try OsmAnd.report(parameters) }
        #expect(OsmAnd.time("2026-01-01 00:00:00")?.timeIntervalSince1970 == 1_767_225_600)
        #expect(OsmAnd.time("2026-01-01 00:00:0\u{065C}") == nil)
    }

    @Test("JSON numbers that overflow to infinity are left out of a Traccar Client report")
    func infiniteJSONNumbers() throws {
        let body =
            #"{"device_id": "p", "location": {"coords": {"latitude": 1, "longitude": 2, "speed": 1e400, "heading": 1e999, "altitude": -1e400, "accuracy": 1e309}, "battery": {"level": 1e400}}}"#
        let report = try OsmAnd.report(json: Data(body.utf8))
        #expect(report.speed == nil && report.bearing == nil && report.altitude == nil && report.accuracy == nil && report.battery == nil)
        #expect(throws: PortunusError.self) {
            try OsmAnd.report(json: Data(#"{"device_id": "p", "location": {"coords": {"latitude": 1e400, "longitude": 2}}}"#.utf8))
        }
    }
}
