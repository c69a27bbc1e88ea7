import Foundation
import Testing

@testable import PortunusCore

@Suite("The door's limits and total formatters")
struct InputLimitsTests {
    let now = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z

    @Test(
        "times before 1970, more than a day ahead, infinite or NaN are refused with time.implausible at the field",
        arguments: [
            -1, 1_796_083_200 + 86_401, 1e300, Double.infinity, -Double.infinity, Double.nan,
        ] as [Double])
    func implausibleTimes(_ seconds: Double) {
        #expect(throws: PortunusError(.implausibleTime, "", field: "/0/time")) {
            try InputLimits().time(Date(timeIntervalSince1970: seconds), now: now, field: "/0/time")
        }
    }

    @Test("the epoch, the present and a day ahead are accepted; the window is configurable")
    func plausibleTimes() throws {
        for seconds in [0, 1_796_083_200, 1_796_083_200 + 86_400] as [Double] {
            #expect(InputLimits().accepts(Date(timeIntervalSince1970: seconds), now: now))
        }
        #expect(!InputLimits(futureSkew: 60).accepts(Date(timeIntervalSince1970: 1_796_083_200 + 61), now: now))
    }

    @Test(
        "identifiers are letters, digits and - _ . : up to 64 bytes",
        arguments: [
            ("DM-0100.01:a_b", true), ("", false), ("a/b", false), ("a b", false), ("é", false), ("a%2F", false),
            (String(repeating: "x", count: 64), true),
            (String(repeating: "x", count: 65), false), ("../etc", false), ("a\u{0}", false),
        ])
    func identifiers(_ text: String, _ valid: Bool) {
        #expect(InputLimits.isIdentifier(text) == valid)
    }

    @Test("Int(saturating:) clamps huge, infinite and NaN values instead of trapping")
    func saturating() {
        #expect(Int(saturating: 1e300) == .max && Int(saturating: -1e300) == .min)
        #expect(Int(saturating: .infinity) == .max && Int(saturating: .nan) == 0)
        #expect(Int(saturating: 42.9) == 42 && Int(saturating: -42.9) == -42)
        #expect(Int64(saturating: 9.3e18) == .max)
    }

    @Test(
        "ISO 8601 formatting is total: far, infinite and NaN times are clamped, not trapped",
        arguments: [
            (1e300, "9999-12-31T23:59:59Z"), (Double.infinity, "9999-12-31T23:59:59Z"), (-1e300, "0000-01-01T00:00:00Z"),
            (Double.nan, "1970-01-01T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"), (-62_167_219_200, "0000-01-01T00:00:00Z"),
        ] as [(Double, String)])
    func totalFormat(_ seconds: Double, _ expected: String) {
        #expect(ISO8601.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("calendar days of absurd instants do not trap")
    func civilDays() {
        _ = DocumentDates.civil(Date(timeIntervalSince1970: 1e300))
        _ = DocumentDates.civil(Date(timeIntervalSince1970: .nan))
        _ = ISO8601.civilFromDays(.max)
        _ = ISO8601.civilFromDays(.min)
    }

    @Test("a declaration's identifiers, times, item count, amounts, masses and rates are checked at the door")
    func declarationLimits() throws {
        var declaration = try sampleDeclaration()
        declaration.office = "SEA/01"
        declaration.parties.importer = String(repeating: "I", count: 65)
        declaration.parties.seller = "a b"
        declaration.procedure.importType = "1;1"
        declaration.lodgedAt = Date(timeIntervalSince1970: 1e300)
        declaration.timeline.released = Date(timeIntervalSince1970: -5)
        declaration.items[0].customsValue = Money(FixedDecimal("922337203685477")!, .usd)
        declaration.items[0].netMass = FixedDecimal("1000000001")!
        declaration.items[0].dutyRate = FixedDecimal("10001")!
        let errors = declaration.validate(now: now).errors
        let expected: [(PortunusError.Code, String)] = [
            (.invalidIdentifier, "/office"), (.invalidIdentifier, "/parties/importer"), (.invalidIdentifier, "/parties/seller"),
            (.invalidIdentifier, "/procedure/import_type"), (.implausibleTime, "/lodged_at"), (.implausibleTime, "/timeline/released"),
            (.tooLarge, "/items/0/customs_value/amount"), (.tooLarge, "/items/0/net_mass"), (.tooLarge, "/items/0/duty_rate"),
        ]
        for (code, field) in expected {
            #expect(errors.contains { $0.code == code && $0.field == field }, "\(code) at \(field)")
        }
        #expect(errors.count == expected.count)
        func withItems(_ count: Int) throws -> Declaration {
            var declaration = try sampleDeclaration()
            declaration.items = (1...count).map { sequence in
                var item = declaration.items[0]
                item.sequence = sequence
                return item
            }
            return declaration
        }
        #expect(try withItems(1000).validate(now: now).errors.map(\.code) == [.tooManyItems])
        #expect(try withItems(999).validate(now: now).isValid)
    }

    @Test("declaration ids with a slash, a space or a percent sign are refused", arguments: ["A/B", "A B", "A%2FB", "A?B", "A#B"])
    func declarationIDs(_ text: String) {
        #expect(throws: PortunusError(.invalidID, "", field: "/id")) { try DeclarationID(text) }
    }
}
