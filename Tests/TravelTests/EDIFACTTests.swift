import Foundation
import PortunusTestSupport
import Testing
@testable import Travel

enum Samples {
    static let available = TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_crew_d02b_oneline.edi", "api-pnr/pnrgov/gtas_pnr10_message.edi")

    static func files(_ folder: String) -> [URL] {
        let directory = TestEnvironment.dataset("api-pnr/" + folder)
        return ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "edi" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func read(_ path: String) throws -> EDIFACTInterchange {
        EDIFACTInterchange(try Data(contentsOf: TestEnvironment.dataset("api-pnr/" + path)))
    }
}

@Suite("UN/EDIFACT reading")
struct EDIFACTTests {
    @Test("separators from the UNA, release characters, repetitions, components and empty values")
    func tokens() {
        let text = "UNA:+.? 'UNB+UNOA:4+SENDER+RECEIVER+140211:1800+REF1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++HILL?'S ROAD:CBP-A?+CE-TEST::X'UNT+3+1'UNZ+1+REF1'"
        let interchange = EDIFACTInterchange(Array(text.utf8))
        #expect(interchange.diagnostics.isEmpty, "\(interchange.diagnostics)")
        let message = interchange.messages[0]
        #expect(message.type == "PAXLST" && message.version == "05B" && message.sender == "SENDER" && message.interchangeReference == "REF1")
        let nad = message.segments[0]
        #expect(nad.tag == "NAD")
        #expect(nad.elements == [["FL"], [""], [""], ["HILL'S ROAD", "CBP-A+CE-TEST", "", "X"]])
        #expect(nad.value(3, 1) == "CBP-A+CE-TEST" && nad.value(1) == nil)

        let custom = EDIFACTTokenizer(Array("UNA:*.? $\nUNB*UNOA:4*S*R$\nNAD*FL***BETTON:DAVID:$\n".utf8))
        #expect(custom.segments.map(\.tag) == ["UNB", "NAD"])
        #expect(custom.segments[1].elements == [["FL"], [""], [""], ["BETTON", "DAVID", ""]])
        #expect(custom.segments[1].line == 3 && custom.segments[1].byteOffset == 26)

        let repeated = EDIFACTTokenizer(Array("UNA:+.?*'FTX+AAI+++A*B*C+D'".utf8))
        #expect(repeated.segments[0].elements == [["AAI"], [""], [""], ["A"], ["D"]])
        #expect(repeated.segments[0].repeats == [3: [["B"], ["C"]]])
        // Without a UNA, `*` is data (airline free text).
        #expect(EDIFACTTokenizer(Array("FTX+AAI+++A*B'".utf8)).segments[0].value(3) == "A*B")
    }

    @Test("messy input is read with diagnostics: wrapped segments, indentation, a curly UNA terminator, trailing prose, a missing terminator, wrong counts")
    func messy() {
        let wrapped = EDIFACTInterchange(Array("UNH+1+PAXLST:D:02B:UN:IATA'NAD+FL+++SMI\nTH:JOHN'\n  ATT+2++M'UNT+4+1'".utf8))
        #expect(wrapped.messages[0].segments.map(\.tag) == ["NAD", "ATT"])
        #expect(wrapped.messages[0].segments[0].value(3, 0) == "SMITH")
        #expect(wrapped.diagnostics.map(\.code) == ["segment.wrapped"])

        let curly = EDIFACTInterchange(Array("UNA:+.\\*\u{2019} UNB+IATA:1+1A+KRC+130527:0649+0003'UNH+1+PNRGOV:11:1:IA'MSG+:22'UNT+3+1'UNZ+1+0003'".utf8))
        #expect(curly.diagnostics.map(\.code) == ["una.terminator"])
        #expect(curly.messages.count == 1 && curly.messages[0].type == "PNRGOV" && curly.messages[0].version == "11.1")

        let broken = EDIFACTInterchange(Array("UNB+UNOA:4+S+R+1+X'UNH+1+PAXLST:D:02B:UN:IATA'BGM+745'UNT+9+2'UNZ+2+Y'Thank you for flying with us.".utf8))
        #expect(broken.diagnostics.map(\.code) == ["unt.count", "unt.reference", "unz.count", "unz.reference", "segment.unterminated", "segment.tag", "text.trailing"])
        let count = broken.diagnostics.first { $0.code == "unt.count" }!
        #expect(count.segment == 4 && count.byteOffset == 54 && count.line == 1)
        #expect(broken.messages[0].segments.map(\.tag) == ["BGM"])

        let truncated = EDIFACTInterchange(Array("UNH+1+PAXLST:D:02B:UN:IATA'BGM+745'NAD+FL+++DOE:JANE".utf8))
        #expect(truncated.messages[0].segments.last?.value(3, 1) == "JANE")
        #expect(truncated.diagnostics.map(\.code) == ["unt.missing", "segment.unterminated"])
        #expect(EDIFACTInterchange(Array("".utf8)).diagnostics.map(\.code) == ["message.none"])
    }

    @Test("all 38 sample messages are read: their type, and their structure checked", .enabled(if: Samples.available))
    func samples() throws {
        let paxlst = Samples.files("paxlst"), pnrgov = Samples.files("pnrgov")
        #expect(paxlst.count == 10 && pnrgov.count == 28)
        for file in paxlst + pnrgov {
            let interchange = EDIFACTInterchange(try Data(contentsOf: file))
            let expected = file.path.contains("/paxlst/") ? "PAXLST" : "PNRGOV"
            #expect(!interchange.messages.isEmpty, "\(file.lastPathComponent): \(interchange.diagnostics)")
            #expect(interchange.messages.first?.type == expected, "\(file.lastPathComponent)")
            #expect(interchange.messages.allSatisfy { !$0.segments.isEmpty }, "\(file.lastPathComponent)")
        }
        // Specific files.
        let custom = try Samples.read("paxlst/gtas_pax_d02b_custom_separators.edi")
        #expect(custom.delimiters.element == UInt8(ascii: "*") && custom.delimiters.terminator == UInt8(ascii: "$"))
        #expect(custom.messages[0].segments.filter { $0.tag == "NAD" && $0.value(0) == "FL" }.count == 10)
        let released = try Samples.read("paxlst/smooks_paxlst_d03b_ace_release_chars.edi")
        let address = released.messages[0].segments.first { $0.tag == "NAD" }
        #expect(address?.value(3, 0) == "AOMAD" && address?.value(4, 0) == "11107 SUNSET HILL'S ROAD", "\(String(describing: address))")
        let raw = EDIFACTTokenizer(try Data(contentsOf: TestEnvironment.dataset("api-pnr/paxlst/smooks_paxlst_d03b_ace_release_chars.edi")))
        #expect(raw.segments.first { $0.tag == "UNG" }?.value(2, 0) == "CBP-A+CE-TEST")
        #expect(released.messages[0].reference == "PAXLST16" && released.diagnostics.isEmpty, "\(released.diagnostics)")
        let curly = try Samples.read("pnrgov/gtas_pnr11_infant_curly_una.edi")
        #expect(curly.diagnostics.contains { $0.code == "una.terminator" })
        let trailing = try Samples.read("pnrgov/gtas_pnr11_malformed_trailing_text.edi")
        // The UNZ lacks its terminator and prose follows a blank line: both are diagnosed, the
        // prose is not read as part of the UNZ.
        #expect(Array(trailing.diagnostics.map(\.code).suffix(4)) == ["segment.unterminated", "segment.unterminated", "segment.tag", "text.trailing"],
                "\(trailing.diagnostics)")
        #expect(trailing.messages.count == 1 && !trailing.diagnostics.contains { $0.code.hasPrefix("unz.") })
        // A PAXLST interchange appended to a PNRGOV file: both messages are read.
        let mixed = EDIFACTInterchange(try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr13_seat_formats_plus_paxlst.edi"))
            + Data(contentsOf: TestEnvironment.dataset("api-pnr/paxlst/gtas_crew_d02b_oneline.edi")))
        #expect(mixed.messages.map(\.type) == ["PNRGOV", "PAXLST"], "\(mixed.diagnostics)")
        let multileg = try Samples.read("paxlst/gtas_pax_d05b_multileg.edi")
        #expect(multileg.messages[0].version == "05B" && multileg.messages[0].segments.filter { $0.tag == "TDT" }.count == 3)
    }
}

@Suite("PAXLST", .enabled(if: Samples.available))
struct PAXLSTTests {
    static let today = ISO8601DateFormatter().date(from: "2026-11-29T00:00:00Z")!

    func parse(_ path: String) throws -> TravelMessage {
        let interchange = try Samples.read("paxlst/" + path)
        var message = PAXLSTParser.parse(interchange.messages[0], today: Self.today)
        message.diagnostics = interchange.diagnostics + message.diagnostics
        return message
    }

    @Test("a crew list: flight, names, dates with two-digit years, documents")
    func crew() throws {
        let message = try parse("gtas_crew_d02b_oneline.edi")
        #expect(message.version == "02B")
        #expect(message.flight == .init(number: "UA0989", departure: "FRA", arrival: "IAD", departureTime: "2017-01-27T17:25", arrivalTime: "2017-01-28T07:10"))
        #expect(message.passengers.count == 8 && message.passengers.allSatisfy { $0.role == "crew" })
        let first = message.passengers[0]
        #expect(first.surname == "Steur" && first.givenNames == "Andrea Pat" && first.gender == "F" && first.dateOfBirth == "1978-07-06")
        #expect(first.nationality == "GBR" && first.residence == "GBR" && first.embarkation == "FRA" && first.debarkation == "IAD")
        #expect(first.documents == [.init(type: "P", number: "123456789", issuingState: "GBR", expiry: "2061-02-18")])
    }

    @Test("passenger lists: custom separators, multi-leg routing, bags fixtures, release characters")
    func passengers() throws {
        let custom = try parse("gtas_pax_d02b_custom_separators.edi")
        #expect(custom.passengers.count == 10 && custom.passengers.allSatisfy { $0.booking == "QXGYLO" && $0.role == "passenger" })
        #expect(custom.passengers[0].surname == "BETTON" && custom.passengers[0].givenNames == "DAVID" && custom.passengers[0].dateOfBirth == "1954-10-16")
        #expect(custom.flight?.number == "TN506" && custom.flight?.departure == "BRE" && custom.flight?.arrival == "YEU")

        let multileg = try parse("gtas_pax_d05b_multileg.edi")
        #expect(multileg.legs.map(\.number) == ["QQ877", "QQ827", "QQ827"])
        #expect(multileg.legs[0].departure == "MIA" && multileg.legs[0].arrival == "IAD")
        #expect(multileg.flight?.departure == "JFK" && multileg.flight?.arrival == "CDG", "the leg reported to the receiving state")
        #expect(multileg.passengers.first?.surname == "BARRETT" && multileg.passengers.first?.givenNames == "TODD")

        let flight3 = try parse("gtas_pax_d02b_bags_flight3.edi")
        let jiang = try #require(flight3.passengers.first { $0.surname == "JIANG" })
        #expect(jiang.givenNames == "XIUYUAN" && jiang.dateOfBirth == "1967-06-03", "a date written with a leading space")

        let released = try parse("smooks_paxlst_d03b_ace_release_chars.edi")
        #expect(released.passengers.first?.surname == "AOMAD" && released.passengers.first?.dateOfBirth == "1935-09-19")
        #expect(released.passengers.first?.documents.map(\.type) == ["5K", "39"])

        for file in Samples.files("paxlst") {
            let message = try parse(file.lastPathComponent)
            #expect(!message.passengers.isEmpty, "\(file.lastPathComponent)")
            #expect(message.passengers.allSatisfy { !$0.surname.isEmpty }, "\(file.lastPathComponent)")
        }
    }

    @Test("two-digit years: a birth date is the latest not in the future; an expiry lies within 50 years of today")
    func years() {
        #expect(TravelDates.birth("251129", today: Self.today) == "2025-11-29")
        #expect(TravelDates.birth("261130", today: Self.today) == "1926-11-30")
        #expect(TravelDates.birth("19541016", today: Self.today) == "1954-10-16")
        #expect(TravelDates.expiry("760101", today: Self.today) == "2076-01-01")
        #expect(TravelDates.expiry("770101", today: Self.today) == "1977-01-01")
        #expect(TravelDates.expiry("991301", today: Self.today) == nil)
    }
}

@Suite("PNRGOV", .enabled(if: Samples.available))
struct PNRGOVTests {
    func parse(_ path: String) throws -> [TravelMessage] {
        TravelReader.read(try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/" + path)), today: PAXLSTTests.today)
    }

    @Test("an adult with an infant: booking, itinerary, DOCS matched to each, the infant's FI gender and role")
    func infant() throws {
        let message = try #require(try parse("gtas_pnr11_adult_and_infant.edi").first)
        #expect(message.version == "11.1" && message.flight?.number == "AM498" && message.flight?.departure == "MTY" && message.flight?.arrival == "LAS")
        #expect(message.flight?.departureTime == "2013-05-23T10:39")
        let booking = try #require(message.bookings.first)
        #expect(booking.locator == "XXXYET" && booking.created == "2013-04-30T11:55" && booking.travellers == 2)
        #expect(booking.itinerary.map(\.number) == ["AM709", "AM445", "AM718"])
        #expect(message.passengers.map(\.role) == ["passenger", "infant"])
        let adult = message.passengers[0], baby = message.passengers[1]
        #expect(adult.surname == "TESTSURNAMEONE" && adult.dateOfBirth == "1976-05-30" && adult.gender == "F" && adult.nationality == "CO")
        #expect(adult.documents == [.init(type: "P", number: "52263000", issuingState: "CO", expiry: "2015-10-31")])
        #expect(baby.givenNames == "TESTNAMETWO" && baby.dateOfBirth == "2011-08-10" && baby.gender == "F" && baby.documents.first?.number == "AO234000")
        // The EdiFabric copy of the same message, laid out differently, reads the same.
        let copy = try #require(try parse("edifabric_pnrgov11_infant_tkne.edi").first)
        #expect(copy.passengers == message.passengers && copy.bookings == message.bookings)
    }

    @Test("several bookings, tickets, cash and card payments, bags, a curly UNA, a split PNR; every sample reads")
    func bookings() throws {
        let three = try #require(try parse("gtas_pnr11_three_pnrs.edi").first)
        #expect(three.bookings.map(\.locator) == ["W9TEND", "D1RGHI", "GBFKSK"])
        #expect(three.bookings[0].payments == ["CA"] && three.passengers.count == 14)
        let dye = try #require(three.passengers.first { $0.surname == "DYE" && $0.givenNames.hasPrefix("KAYLA") })
        #expect(dye.dateOfBirth == "1993-04-07" && dye.documents.first?.number == "345678901")
        let ten = try #require(try parse("gtas_pnr10_message.edi").first)
        #expect(ten.bookings.first?.tickets == ["0062120234533", "0062120234534"] && ten.bookings.first?.payments == ["CC", "CC"])
        #expect(ten.bookings.first?.bags == 4)
        let jones = try #require(ten.passengers.first { $0.surname == "JONES" })
        #expect(jones.documents.isEmpty && jones.dateOfBirth == "1964-07-12", "a DOCS without document number or type still gives the birth date")
        let curly = try #require(try parse("gtas_pnr11_infant_curly_una.edi").first)
        #expect(curly.diagnostics.first?.code == "una.terminator")
        #expect(curly.passengers.map(\.givenNames) == ["ISABELLE MRS", "SOPHY"], "a split PNR lists its travellers once")
        #expect(curly.passengers[0].documents.map(\.number) == ["509229987"] && curly.passengers[1].documents.map(\.number) == ["512731999"])
        for file in Samples.files("pnrgov") {
            let messages = TravelReader.read(try Data(contentsOf: file), today: PAXLSTTests.today)
            #expect(messages.contains { $0.type == "PNRGOV" && !$0.bookings.isEmpty }, "\(file.lastPathComponent)")
        }
    }
}
