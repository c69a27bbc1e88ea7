import Foundation
import Testing
@testable import PortunusCore
@testable import Tracking

@Suite("OsmAnd protocol")
struct OsmAndTests {
    @Test("query and form parameters: the client's fields in SI units; every timestamp form; bad fields named")
    func parameters() throws {
        let query = "id=356307042441013&lat=-4.0435&lon=39.6682&timestamp=1767225600&speed=10&bearing=270.5&altitude=12&accuracy=4.5&hdop=0.9&batt=85&charge=true&driverUniqueId=D%2B7"
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

        for (query, field) in [("lat=1&lon=2", "id"), ("id=x&lat=91&lon=2", "lat"), ("id=x&lat=1", "lon"), ("id=x&lat=1&lon=2&timestamp=yesterday", "timestamp"),
                               ("id=x&lat=1&lon=2&speed=fast", "speed"), ("id=x&lat=1&lon=2&valid=maybe", "valid")] {
            do { _ = try OsmAnd.report(OsmAnd.parameters(query)); Issue.record("accepted \(query)") } catch {
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
        do { _ = try OsmAnd.report(json: Data(#"{"device_id": "x", "location": {"coords": {"latitude": 1}}}"#.utf8)); Issue.record("no longitude") } catch {
            #expect(error.field == "/location/coords/longitude")
        }
    }
}
