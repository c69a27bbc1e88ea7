import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import Tariff

/// The US Harmonized Tariff Schedule's rate columns (USITC's JSON export, 2026 Revision 10,
/// public domain) through ``DutyExpression/init(htsRate:field:)``.
@Suite("US HTS rate strings", .offPool)
struct DutyHTSTests {
    static let path = "tariff/us_hts/hts_2026_rev_10.json"

    /// The fields of an HTS line these tests read.
    struct Line: Decodable {
        var htsno: String?
        var general: String?
        var special: String?
        var other: String?
    }

    static func lines() throws -> [Line] {
        try JSONDecoder().decode([Line].self, from: Data(contentsOf: TestEnvironment.dataset(path)))
    }

    static func line(_ lines: [Line], _ code: String) throws -> Line {
        try #require(lines.first { $0.htsno == code }, "\(code) is not in the schedule")
    }

    @Test(
        "every general rate of the schedule parses (13,666 of 13,687 non-empty strings; 21 are blank), and every special and other rate",
        .enabled(if: TestEnvironment.hasDatasets(path)))
    func everyGeneralRateParses() throws {
        let lines = try Self.lines()
        var general = 0
        var blank = 0
        var failures: [String] = []
        var forms: [String: Int] = [:]
        for line in lines {
            guard let text = line.general, !text.isEmpty else { continue }
            general += 1
            // 21 lines hold a lone space or line break: no rate (the line inherits its parent's).
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                blank += 1
                #expect(throws: PortunusError.self) { try DutyExpression(htsRate: text) }
                continue
            }
            do {
                let expression = try DutyExpression(htsRate: text, field: "/general")
                forms[Self.form(expression), default: 0] += 1
            } catch {
                failures.append("\(line.htsno ?? "") \(text.debugDescription): \(error)")
            }
        }
        #expect(general == 13_687 && blank == 21, "SOURCE.md counts 13,687 non-empty general strings; 21 are blank")
        #expect(failures.isEmpty, "\(failures.count) failed:\n\(failures.prefix(40).joined(separator: "\n"))")
        // SOURCE.md's breakdown: 5,795 Free, 6,240 plain ad valorem, 777 specific only, 399 compound.
        #expect(forms["free"] == 5_795)
        #expect(forms["ad valorem"] == 6_240)
        print("HTS general forms: \(forms.sorted { $0.key < $1.key })")

        var special = (strings: 0, parsed: 0, rates: 0, ratesParsed: 0)
        var other = (strings: 0, parsed: 0)
        var specialFailures: [String] = []
        var otherFailures: [String] = []
        for line in lines {
            if let text = line.special, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                special.strings += 1
                var all = true
                for (rate, _) in DutyExpression.htsSpecialRates(text) {
                    special.rates += 1
                    do {
                        _ = try DutyExpression(htsRate: rate, field: "/special")
                        special.ratesParsed += 1
                    } catch {
                        all = false
                        specialFailures.append("\(line.htsno ?? "") \(rate.debugDescription): \(error)")
                    }
                }
                if all { special.parsed += 1 }
            }
            if let text = line.other, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                other.strings += 1
                do {
                    _ = try DutyExpression(htsRate: text, field: "/other")
                    other.parsed += 1
                } catch {
                    otherFailures.append("\(line.htsno ?? "") \(text.debugDescription): \(error)")
                }
            }
        }
        print("HTS special: \(special.parsed) of \(special.strings) strings parse entirely (\(special.ratesParsed) of \(special.rates) rates)")
        print("HTS other: \(other.parsed) of \(other.strings) strings parse")
        #expect(specialFailures.isEmpty, "\(specialFailures.prefix(20).joined(separator: "\n"))")
        #expect(otherFailures.isEmpty, "\(otherFailures.prefix(20).joined(separator: "\n"))")
    }

    /// Each amount below was computed by hand from the rate SOURCE.md quotes for the line, on a
    /// base chosen for it; the test reads the rate from the schedule, so a changed file fails here.
    @Test(
        "hand-checked lines: the rates of SOURCE.md's table evaluate to the amounts worked out by hand",
        .enabled(if: TestEnvironment.hasDatasets(path)))
    func handCheckedLines() throws {
        let lines = try Self.lines()
        func duty(
            _ code: String, _ column: KeyPath<Line, String?>, _ expected: String, value: String, kg: String? = nil, litres: String? = nil,
            hectolitres: String? = nil, applicable: String? = nil
        ) throws -> Money {
            let text = try #require(try Self.line(lines, code)[keyPath: column])
            #expect(text.trimmingCharacters(in: .whitespaces) == expected, "\(code) reads \(text.debugDescription)")
            var base = DutyBase(currency: .usd, customsValue: try #require(ExactDecimal(value)))
            if let kg { base.setQuantity(try #require(ExactDecimal(kg)), .kilogram) }
            if let litres { base.setQuantity(try #require(ExactDecimal(litres)), .litre) }
            if let hectolitres { base.setQuantity(try #require(ExactDecimal(hectolitres)), .hectolitre) }
            if let applicable { base.setReferencedDuty(try #require(ExactDecimal(applicable)), for: .applicableSubheading) }
            return try DutyExpression(htsRate: text).amount(base)
        }
        func usd(_ text: String) -> Money { Money(FixedDecimal(text)!, .usd) }

        // Live horses, free: nothing on $50,000.
        #expect(try duty("0101.21.00", \.general, "Free", value: "50000") == usd("0"))
        // Beef: 4.4 ¢ × 1,000 kg = $44.00; column 2: 13.2 ¢ × 1,000 kg = $132.00.
        #expect(try duty("0201.10.05", \.general, "4.4¢/kg", value: "9000", kg: "1000") == usd("44.00"))
        #expect(try duty("0201.10.05", \.other, "13.2¢/kg", value: "9000", kg: "1000") == usd("132.00"))
        // Sugar confectionery: 5.6 % × $2,500 = $140.00; from Japan (special, JP) 2.8 % = $70.00.
        #expect(try duty("1704.90.35", \.general, "5.6%", value: "2500") == usd("140.00"))
        let special = try #require(try Self.line(lines, "1704.90.35").special)
        let japan = try #require(DutyExpression.htsSpecialRates(special).first { $0.programmes.contains("JP") })
        #expect(japan.rate == "2.8%")
        var base = DutyBase(currency: .usd, customsValue: 2500)
        #expect(try DutyExpression(htsRate: japan.rate).amount(base) == usd("70.00"))
        // Beer: free in column 1; column 2 13.2 ¢ × 500 l = $66.00, and the same from 5 hl.
        #expect(try duty("2203.00.00", \.general, "Free", value: "800", litres: "500") == usd("0"))
        #expect(try duty("2203.00.00", \.other, "13.2¢/liter", value: "800", litres: "500") == usd("66.00"))
        #expect(try duty("2203.00.00", \.other, "13.2¢/liter", value: "800", hectolitres: "5") == usd("66.00"))
        // Cigars under 15 ¢ each: $1.89 × 10 kg + 4.7 % × $1,000 = 18.90 + 47.00 = $65.90;
        // column 2: $9.92 × 10 + 25 % × 1,000 = 99.20 + 250.00 = $349.20.
        #expect(try duty("2402.10.30", \.general, "$1.89/kg + 4.7%", value: "1000", kg: "10") == usd("65.90"))
        #expect(try duty("2402.10.30", \.other, "$9.92/kg + 25%", value: "1000", kg: "10") == usd("349.20"))
        // Cotton T-shirts: 16.5 % × $1,234.56 = 203.7024 → $203.70; column 2: 90 % = 1,111.104 → $1,111.10.
        #expect(try duty("6109.10.00", \.general, "16.5%", value: "1234.56") == usd("203.70"))
        #expect(try duty("6109.10.00", \.other, "90%", value: "1234.56") == usd("1111.10"))
        // Unglazed tiles: 10 % × $333.25 = 33.325 → $33.33 (half up; half-even would give 33.32).
        #expect(try duty("6907.21.10", \.general, "10%", value: "333.25") == usd("33.33"))
        // Tomatoes: 3.9 ¢ × 1,234.5 kg = 48.1455 → $48.15.
        #expect(try duty("0702.00.20", \.general, "3.9¢/kg", value: "700", kg: "1234.5") == usd("48.15"))
        // The T-shirts' endnote sends them to 9903.88.15: 16.5 % × $1,000 = $165.00 for the
        // applicable subheading, + 7.5 % × $1,000 = $75.00, $240.00 in all.
        #expect(
            try duty("9903.88.15", \.general, "The duty provided in the applicable subheading + 7.5%", value: "1000", applicable: "165")
                == usd("240.00"))
        // A derivative steel article at $1,000 whose own subheading charges $29.00: + 25 % = $279.00.
        #expect(
            try duty("9903.82.20", \.general, "The duty provided in the applicable subheading + a duty of 25%", value: "1000", applicable: "29")
                == usd("279.00"))
        // Without the applicable subheading's duty, the chapter 99 line refuses, naming it.
        base = DutyBase(currency: .usd, customsValue: 1000)
        #expect(throws: PortunusError(.missingDutyInput, "", field: "/referenced_duties")) {
            try DutyExpression(htsRate: "The duty provided in the applicable subheading + 7.5%").evaluate(base)
        }
    }

    /// A coarse name for an expression's shape, for SOURCE.md's breakdown.
    static func form(_ expression: DutyExpression) -> String {
        switch expression {
        case .free: "free"
        case .adValorem(_, nil): "ad valorem"
        case .specific(_, _, _, let unit) where unit.qualifier == nil: "specific"
        case .sum(let terms) where terms.count == 2: "compound"
        default: "other"
        }
    }
}
