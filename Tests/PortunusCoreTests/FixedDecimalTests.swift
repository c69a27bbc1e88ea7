import Testing

@testable import PortunusCore

@Suite("Exact decimals")
struct FixedDecimalTests {
    @Test(
        "parses plain, signed, fractional and exponent forms",
        arguments: [
            ("0", 0), ("5.2", 52_000), ("-3", -30_000), ("+7.25", 72_500), ("372254.4", 3_722_544_000),
            ("1e3", 10_000_000), ("2.5E-2", 250), (" 12.5 ", 125_000), (".5", 5_000), ("5.", 50_000),
        ] as [(String, Int64)])
    func parses(_ text: String, _ scaled: Int64) throws {
        #expect(try #require(FixedDecimal(text)).scaledValue == scaled)
    }

    @Test(
        "float noise beyond four fraction digits is rounded half away from zero",
        arguments: [
            ("5353.0200000000004", 53_530_200), ("0.00005", 1), ("0.00004999", 0), ("-0.00005", -1),
            ("372254.40000000002", 3_722_544_000), ("1.23456789012345678901", 12_346),
        ] as [(String, Int64)])
    func rounds(_ text: String, _ scaled: Int64) throws {
        #expect(try #require(FixedDecimal(text)).scaledValue == scaled)
    }

    @Test("rejects what is not a number or does not fit", arguments: ["", "abc", "1.2.3", "1e", "--1", "12a", "1e30", "99999999999999999999"])
    func rejects(_ text: String) {
        #expect(FixedDecimal(text) == nil)
    }

    @Test("prints the shortest exact form")
    func prints() {
        #expect(FixedDecimal(scaledValue: 52_000).description == "5.2")
        #expect(FixedDecimal(scaledValue: -1).description == "-0.0001")
        #expect(FixedDecimal(scaledValue: 3_722_544_000).description == "372254.4")
        #expect(FixedDecimal(7).description == "7")
    }
}
