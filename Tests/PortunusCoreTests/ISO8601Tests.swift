import Foundation
import Testing

@testable import PortunusCore

@Suite("ISO 8601 dates")
struct ISO8601Tests {
    @Test("calendar dates are midnight UTC")
    func calendarDate() throws {
        let date = try #require(ISO8601.parse("2020-01-01"))
        #expect(date.timeIntervalSince1970 == 1_577_836_800)
        #expect(ISO8601.format(date) == "2020-01-01T00:00:00Z")
    }

    @Test("date-times honour their zone designator")
    func dateTimes() throws {
        let utc = try #require(ISO8601.parse("2021-06-30T23:59:59Z"))
        let seoul = try #require(ISO8601.parse("2021-07-01T08:59:59+09:00"))
        #expect(utc == seoul)
        let fractional = try #require(ISO8601.parse("2021-06-30T23:59:59.5Z"))
        #expect(fractional.timeIntervalSince(utc) == 0.5)
    }

    @Test(
        "impossible or incomplete dates are rejected",
        arguments: [
            "2021-02-29", "2020-13-01", "2020-00-10", "2020-1-1", "20200101", "2020-01-01T10:00", "2020-01-01T25:00:00Z", "01/02/2020", "",
        ])
    func rejects(_ text: String) {
        #expect(ISO8601.parse(text) == nil)
    }

    @Test("leap days and far dates round-trip")
    func roundTrip() throws {
        for text in ["2024-02-29T12:30:05Z", "1999-12-31T23:59:59Z", "2100-03-01T00:00:00Z", "1970-01-01T00:00:00Z"] {
            #expect(ISO8601.format(try #require(ISO8601.parse(text))) == text)
        }
    }
}
