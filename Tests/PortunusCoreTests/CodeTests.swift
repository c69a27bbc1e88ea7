import Foundation
import Testing

@testable import PortunusCore

@Suite("HS codes, countries, currencies")
struct CodeTests {
    @Test("HS codes of 6, 8 or 10 digits in chapters 01–97 are accepted", arguments: ["847130", "84713000", "8471300000", "0101.21", "8471 30 00"])
    func acceptsHSCodes(_ text: String) throws {
        let code = try HSCode(text)
        #expect([6, 8, 10].contains(code.digits.count))
        #expect(code.digits.allSatisfy { $0.isNumber })
    }

    @Test(
        "HS codes of the wrong length, chapter or characters are rejected with hs_code.invalid",
        arguments: ["84713", "8471301", "847130000", "001234", "980100", "990000", "84A130", ""])
    func rejectsHSCodes(_ text: String) {
        #expect(throws: PortunusError(.invalidHSCode, "", field: "/hs_code")) { try HSCode(text) }
    }

    @Test("HS code parts: chapter, heading, subheading")
    func hsParts() throws {
        let code = try HSCode("8471300000")
        #expect(code.chapter == "84")
        #expect(code.heading == "8471")
        #expect(code.subheading == "847130")
    }

    @Test(
        "ISO 3166-1 alpha-2 codes, including user-assigned ones, are accepted",
        arguments: ["CN", "kr", "BV", "AA", "QM", "QZ", "XA", "XK", "ZZ"])
    func acceptsCountries(_ text: String) throws {
        let country = try Country(text)
        #expect(country.code == text.uppercased())
    }

    @Test("user-assigned codes say they name no real country")
    func userAssigned() throws {
        #expect(try Country("ZZ").isUserAssigned)
        #expect(try Country("XK").isUserAssigned)
        #expect(try !Country("CN").isUserAssigned)
        #expect(Country.assigned.count == 249)
    }

    @Test("anything else is rejected with country.unknown", arguments: ["UK", "EU", "QL", "A1", "CHN", "C", "", "YU"])
    func rejectsCountries(_ text: String) {
        #expect(throws: PortunusError(.unknownCountry, "", field: "/country")) { try Country(text) }
    }

    @Test("ISO 4217 currencies")
    func currencies() throws {
        #expect(try Currency("krw") == .krw)
        #expect(try Currency("HRK").code == "HRK")  // withdrawn 2023, still in older declarations
        #expect(throws: PortunusError(.unknownCurrency, "", field: "/currency")) { try Currency("EURO") }
        #expect(throws: PortunusError(.unknownCurrency, "", field: "/currency")) { try Currency("XXY") }
    }

    @Test("declaration ids are required, printable, and at most 64 characters")
    func declarationIDs() throws {
        #expect(try DeclarationID(" 97061800 ").rawValue == "97061800")
        #expect(throws: PortunusError(.missingID, "", field: "/id")) { try DeclarationID("  ") }
        #expect(throws: PortunusError(.invalidID, "", field: "/id")) { try DeclarationID("a b") }
        #expect(throws: PortunusError(.invalidID, "", field: "/id")) { try DeclarationID(String(repeating: "9", count: 65)) }
    }

    @Test("error descriptions carry code, field and location")
    func errorDescription() {
        let error = PortunusError(
            .invalidHSCode, "HS code has 5 digits", field: "/items/0/hs_code",
            location: .init(line: 7, column: 13, columnName: "HS6 Code", byteOffset: 812))
        #expect(error.description == "[hs_code.invalid] HS code has 5 digits (field /items/0/hs_code) at line 7, column 13 (HS6 Code), byte 812")
    }

    @Test("JSON decoding validates codes and reports the JSON pointer")
    func jsonDecoding() throws {
        struct Probe: Decodable { let items: [Item] }
        struct Item: Decodable {
            let hsCode: HSCode
            let origin: Country
        }
        let good = try JSONDecoder().decode(Probe.self, from: Data(#"{"items":[{"hsCode":"847130","origin":"CN"}]}"#.utf8))
        #expect(good.items[0].hsCode.digits == "847130")
        do {
            _ = try JSONDecoder().decode(Probe.self, from: Data(#"{"items":[{"hsCode":"84713","origin":"CN"}]}"#.utf8))
            Issue.record("a 5-digit HS code decoded")
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = try #require(context.underlyingError as? PortunusError)
            #expect(underlying.code == .invalidHSCode)
            #expect(underlying.field == "/items/0/hsCode")
        }
    }
}
