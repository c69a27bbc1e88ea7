import Foundation
import PortunusCore
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
        let text =
            "UNA:+.? 'UNB+UNOA:4+SENDER+RECEIVER+140211:1800+REF1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++HILL?'S ROAD:CBP-A?+CE-TEST::X'UNT+3+1'UNZ+1+REF1'"
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

    @Test(
        "messy input is read with diagnostics: wrapped segments, indentation, a curly UNA terminator, trailing prose, a missing terminator, wrong counts"
    )
    func messy() {
        let wrapped = EDIFACTInterchange(Array("UNH+1+PAXLST:D:02B:UN:IATA'NAD+FL+++SMI\nTH:JOHN'\n  ATT+2++M'UNT+4+1'".utf8))
        #expect(wrapped.messages[0].segments.map(\.tag) == ["NAD", "ATT"])
        #expect(wrapped.messages[0].segments[0].value(3, 0) == "SMITH")
        #expect(wrapped.diagnostics.map(\.code) == ["segment.wrapped"])

        let curly = EDIFACTInterchange(
            Array("UNA:+.\\*\u{2019} UNB+IATA:1+1A+KRC+130527:0649+0003'UNH+1+PNRGOV:11:1:IA'MSG+:22'UNT+3+1'UNZ+1+0003'".utf8))
        #expect(curly.diagnostics.map(\.code) == ["una.terminator"])
        #expect(curly.messages.count == 1 && curly.messages[0].type == "PNRGOV" && curly.messages[0].version == "11.1")

        let broken = EDIFACTInterchange(
            Array("UNB+UNOA:4+S+R+1+X'UNH+1+PAXLST:D:02B:UN:IATA'BGM+745'UNT+9+2'UNZ+2+Y'Thank you for flying with us.".utf8))
        #expect(
            broken.diagnostics.map(\.code) == [
                "unt.count", "unt.reference", "unz.count", "unz.reference", "segment.unterminated", "segment.tag", "text.trailing",
            ])
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
        let paxlst = Samples.files("paxlst")
        let pnrgov = Samples.files("pnrgov")
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
        #expect(
            Array(trailing.diagnostics.map(\.code).suffix(4)) == ["segment.unterminated", "segment.unterminated", "segment.tag", "text.trailing"],
            "\(trailing.diagnostics)")
        #expect(trailing.messages.count == 1 && !trailing.diagnostics.contains { $0.code.hasPrefix("unz.") })
        // A PAXLST interchange appended to a PNRGOV file: both messages are read.
        let mixed = EDIFACTInterchange(
            try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr13_seat_formats_plus_paxlst.edi"))
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
        #expect(
            message.flight
                == .init(number: "UA0989", departure: "FRA", arrival: "IAD", departureTime: "2017-01-27T17:25", arrivalTime: "2017-01-28T07:10"))
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
        #expect(
            custom.passengers[0].surname == "BETTON" && custom.passengers[0].givenNames == "DAVID" && custom.passengers[0].dateOfBirth == "1954-10-16"
        )
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
        #expect(
            message.version == "11.1" && message.flight?.number == "AM498" && message.flight?.departure == "MTY" && message.flight?.arrival == "LAS")
        #expect(message.flight?.departureTime == "2013-05-23T10:39")
        let booking = try #require(message.bookings.first)
        #expect(booking.locator == "XXXYET" && booking.created == "2013-04-30T11:55" && booking.travellers == 2)
        #expect(booking.itinerary.map(\.number) == ["AM709", "AM445", "AM718"])
        #expect(message.passengers.map(\.role) == ["passenger", "infant"])
        let adult = message.passengers[0]
        let baby = message.passengers[1]
        #expect(adult.surname == "TESTSURNAMEONE" && adult.dateOfBirth == "1976-05-30" && adult.gender == "F" && adult.nationality == "CO")
        #expect(adult.documents == [.init(type: "P", number: "52263000", issuingState: "CO", expiry: "2015-10-31")])
        #expect(
            baby.givenNames == "TESTNAMETWO" && baby.dateOfBirth == "2011-08-10" && baby.gender == "F" && baby.documents.first?.number == "AO234000")
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

@Suite("Every sample, field by field", .enabled(if: Samples.available), .offPool)
struct SampleFieldTests {
    /// Per file: type, reported flight, people, the first person's surname, the first document
    /// number, bookings, the first record locator and the diagnostic codes.
    static let expected:
        [(
            file: String, type: String, flight: String?, people: Int, surname: String?, document: String?, bookings: Int, locator: String?,
            codes: Set<String>
        )] = [
            ("paxlst/edifabric_paxlst_d03b_ace_nonair.edi", "PAXLST", "", 1, "AOMAD", "P100971204141", 0, nil, ["att.gender"]),
            ("paxlst/gtas_crew_d02b_oneline.edi", "PAXLST", "UA0989", 8, "Steur", "123456789", 0, nil, ["unt.count", "unz.reference"]),
            ("paxlst/gtas_pax_d02b_bags_flight1.edi", "PAXLST", "LA532", 10, "JIANG", "433419360", 0, nil, ["unt.count"]),
            ("paxlst/gtas_pax_d02b_bags_flight2.edi", "PAXLST", "FI615", 10, "WATERFIELD", "482606407", 0, nil, ["unt.count"]),
            ("paxlst/gtas_pax_d02b_bags_flight3.edi", "PAXLST", "YY123", 10, "MCLOUGHLIN", "563056942", 0, nil, ["unt.count"]),
            (
                "paxlst/gtas_pax_d02b_custom_separators.edi", "PAXLST", "TN506", 10, "BETTON", "178556534", 0, nil,
                ["cnt.total", "segment.space", "unt.count", "unt.reference"]
            ),
            ("paxlst/gtas_pax_d02b_large_oneline.edi", "PAXLST", "UA0989", 260, "Kuchel", "12345678", 0, nil, ["encoding.invalid", "unt.count"]),
            ("paxlst/gtas_pax_d05b_indented_cnt.edi", "PAXLST", "AA124", 2, "CLARK", nil, 0, nil, []),
            (
                "paxlst/gtas_pax_d05b_multileg.edi", "PAXLST", "QQ827", 2, "BARRETT", "YY3478621G", 0, nil,
                ["segment.tag", "segment.unterminated", "text.trailing"]
            ),
            ("paxlst/smooks_paxlst_d03b_ace_release_chars.edi", "PAXLST", "", 1, "AOMAD", "P100971204141", 0, nil, ["att.gender"]),
            ("pnrgov/edifabric_pnrgov11_infant_tkne.edi", "PNRGOV", "AM498", 2, "TESTSURNAMEONE", "52263000", 1, "XXXYET", []),
            ("pnrgov/gtas_pnr10_message.edi", "PNRGOV", "DL324", 2, "SMITHJR", "123456789", 1, "MFN4TI", ["eqn.count", "unt.count"]),
            ("pnrgov/gtas_pnr10_pnr1.edi", "PNRGOV", "DL324", 2, "SMITHJR", "123456789", 1, "MFN4TI", ["eqn.count", "segment.wrapped", "unt.count"]),
            ("pnrgov/gtas_pnr10_two_pnrs.edi", "PNRGOV", "DL324", 4, "SMITHJR", "123456789", 2, "MFN4TI", ["segment.wrapped", "unt.count"]),
            ("pnrgov/gtas_pnr11_adult_and_infant.edi", "PNRGOV", "AM498", 2, "TESTSURNAMEONE", "52263000", 1, "XXXYET", []),
            ("pnrgov/gtas_pnr11_codeshare.edi", "PNRGOV", "SQ609", 2, "PARK", "JR3364288", 2, "2LS6KP", ["una.invalid", "unt.count"]),
            (
                "pnrgov/gtas_pnr11_guide_p75_lts_history.edi", "PNRGOV", "SQ609", 1, "PARK", "JR3364288", 2, "2LS6KP",
                ["segment.typographic_terminator", "segment.wrapped", "unt.count"]
            ),
            (
                "pnrgov/gtas_pnr11_guide_p76_split_lines.edi", "PNRGOV", "TZ0006", 2, "DORON", nil, 1, "35K2IO",
                ["segment.unterminated", "segment.wrapped", "unt.count"]
            ),
            (
                "pnrgov/gtas_pnr11_guide_p77_codeshare_variant.edi", "PNRGOV", "TZ0006", 1, "VANDENBERG", "548721687", 1, "W9TEND",
                ["segment.unterminated", "segment.wrapped", "time.invalid", "unt.count"]
            ),
            (
                "pnrgov/gtas_pnr11_guide_p77_history_abi_sac.edi", "PNRGOV", "TZ0006", 1, "VANDENBERG", "548721687", 1, "W9TEND",
                ["segment.unterminated", "segment.wrapped", "unt.count"]
            ),
            (
                "pnrgov/gtas_pnr11_infant_curly_una.edi", "PNRGOV", "SQ602", 2, "BELT", "509229987", 1, "3PGZOV",
                ["segment.wrapped", "una.terminator", "unt.count"]
            ),
            (
                "pnrgov/gtas_pnr11_malformed_trailing_text.edi", "PNRGOV", "TZ0006", 2, "DORON", nil, 1, "35K2IO",
                ["segment.tag", "segment.unterminated", "segment.wrapped", "text.trailing", "unt.count"]
            ),
            ("pnrgov/gtas_pnr11_no_history.edi", "PNRGOV", "LH474", 4, "JACKS", "YA0196755", 3, "3MZVP2", []),
            ("pnrgov/gtas_pnr11_split.edi", "PNRGOV", "AM498", 3, "TESTSURNAMEONE", "AO589000", 2, "ICOXXX", []),
            ("pnrgov/gtas_pnr11_three_pnrs.edi", "PNRGOV", "TZ0006", 14, "VANDENBERG", "548721687", 3, "W9TEND", ["segment.wrapped"]),
            (
                "pnrgov/gtas_pnr13_big.edi", "PNRGOV", "UA988", 7, "HOLCOMBE", "813281747", 1, "86C92D",
                ["eqn.count", "unt.count", "unt.reference", "unz.reference"]
            ),
            (
                "pnrgov/gtas_pnr13_bigbig_multi_pnr.edi", "PNRGOV", "XL1439", 86, "LAI", "191259499", 47, "BGXFR4",
                ["eqn.count", "unt.count", "unt.reference", "unz.reference"]
            ),
            (
                "pnrgov/gtas_pnr13_ctcm_phone_in_add.edi", "PNRGOV", "UA988", 1, "LOBB", nil, 1, "7C789A",
                ["unt.count", "unt.reference", "unz.reference"]
            ),
            (
                "pnrgov/gtas_pnr13_custom_separators_dangling.edi", "PNRGOV", "DL441", 1, "SERIO", "9173574", 1, "BGXFR4",
                ["unt.count", "unt.reference", "unz.reference"]
            ),
            (
                "pnrgov/gtas_pnr13_docs_doco.edi", "PNRGOV", "UA988", 1, "ACKARY", "602120901", 1, "06A9FD",
                ["unt.count", "unt.reference", "unz.reference"]
            ),
            (
                "pnrgov/gtas_pnr13_example.edi", "PNRGOV", "UA988", 5, "LOBB", "796428965", 1, "7C789A",
                ["unt.count", "unt.reference", "unz.reference"]
            ),
            ("pnrgov/gtas_pnr13_minimal_edge.edi", "PNRGOV", "UA988", 1, "LOBB", nil, 1, "7C789A", ["unt.count", "unt.reference", "unz.reference"]),
            (
                "pnrgov/gtas_pnr13_multileg.edi", "PNRGOV", "UA988", 2, "CHENNAPRAGADA", "25084013", 1, "80F4E3",
                ["eqn.count", "unt.count", "unt.reference", "unz.reference"]
            ),
            ("pnrgov/gtas_pnr13_no_msg_no_org.edi", "PNRGOV", "UA988", 1, "LOBB", nil, 1, "7C789A", ["unt.count", "unt.reference", "unz.reference"]),
            (
                "pnrgov/gtas_pnr13_pnr3.edi", "PNRGOV", "UA988", 4, "DOOLIN", "276222776", 1, "52865E",
                ["eqn.count", "unt.count", "unt.reference", "unz.reference"]
            ),
            ("pnrgov/gtas_pnr13_pnr4.edi", "PNRGOV", "UA988", 1, "RAVAL", "117557052", 1, "0995F0", ["unt.reference", "unz.reference"]),
            (
                "pnrgov/gtas_pnr13_prefixes_bags.edi", "PNRGOV", "UA988", 2, "ADONAY", "182291927", 1, "8A4E83",
                ["eqn.count", "unt.count", "unt.reference", "unz.reference"]
            ),
            (
                "pnrgov/gtas_pnr13_seat_formats_plus_paxlst.edi", "PNRGOV", "UA988", 1, "LOBB", "796428965", 1, "7C789A",
                ["unt.count", "unt.reference", "unz.reference"]
            ),
        ]

    /// PNRGOV files: forms of payment, tickets, excess bags (EBD) and bags checked in (TBD).
    static let money: [String: (payments: Set<String>, tickets: Int, excessBags: Int, checkedBags: Int)] = [
        "pnrgov/edifabric_pnrgov11_infant_tkne.edi": ([], 0, 0, 0),
        "pnrgov/gtas_pnr10_message.edi": (["CC"], 2, 4, 0),
        "pnrgov/gtas_pnr10_pnr1.edi": (["CC"], 2, 4, 0),
        "pnrgov/gtas_pnr10_two_pnrs.edi": (["CC"], 4, 6, 0),
        "pnrgov/gtas_pnr11_adult_and_infant.edi": ([], 0, 0, 0),
        "pnrgov/gtas_pnr11_codeshare.edi": ([], 0, 0, 4),
        "pnrgov/gtas_pnr11_guide_p75_lts_history.edi": ([], 0, 0, 4),
        "pnrgov/gtas_pnr11_guide_p76_split_lines.edi": ([], 2, 0, 0),
        "pnrgov/gtas_pnr11_guide_p77_codeshare_variant.edi": (["CA"], 0, 0, 0),
        "pnrgov/gtas_pnr11_guide_p77_history_abi_sac.edi": (["CA"], 0, 0, 0),
        "pnrgov/gtas_pnr11_infant_curly_una.edi": ([], 0, 0, 3),
        "pnrgov/gtas_pnr11_malformed_trailing_text.edi": ([], 2, 0, 0),
        "pnrgov/gtas_pnr11_no_history.edi": ([], 4, 0, 0),
        "pnrgov/gtas_pnr11_split.edi": ([], 0, 0, 0),
        "pnrgov/gtas_pnr11_three_pnrs.edi": (["CA"], 0, 0, 0),
        "pnrgov/gtas_pnr13_big.edi": (["CA", "CC"], 7, 0, 22),
        "pnrgov/gtas_pnr13_bigbig_multi_pnr.edi": (["CA", "CC", "DP", "GR", "MS"], 86, 0, 0),
        "pnrgov/gtas_pnr13_ctcm_phone_in_add.edi": ([], 0, 0, 0),
        "pnrgov/gtas_pnr13_custom_separators_dangling.edi": (["MS"], 1, 0, 3),
        "pnrgov/gtas_pnr13_docs_doco.edi": (["CA"], 1, 0, 0),
        "pnrgov/gtas_pnr13_example.edi": (["CA", "CC"], 5, 0, 18),
        "pnrgov/gtas_pnr13_minimal_edge.edi": ([], 0, 0, 0),
        "pnrgov/gtas_pnr13_multileg.edi": (["CA"], 2, 0, 4),
        "pnrgov/gtas_pnr13_no_msg_no_org.edi": ([], 0, 0, 0),
        "pnrgov/gtas_pnr13_pnr3.edi": (["CC"], 4, 0, 0),
        "pnrgov/gtas_pnr13_pnr4.edi": (["CC"], 1, 0, 1),
        "pnrgov/gtas_pnr13_prefixes_bags.edi": (["CC"], 2, 0, 4),
        "pnrgov/gtas_pnr13_seat_formats_plus_paxlst.edi": ([], 0, 0, 0),
    ]

    @Test("each of the 38 files: type, flight, people, names, documents, bookings and the diagnostics a reader expects")
    func everyFile() throws {
        #expect(Set(Self.expected.map(\.file)).count == 38)
        #expect(
            Set(Self.expected.map(\.file))
                == Set(
                    (Samples.files("paxlst") + Samples.files("pnrgov")).map {
                        $0.deletingLastPathComponent().lastPathComponent + "/" + $0.lastPathComponent
                    }))
        for row in Self.expected {
            let messages = TravelReader.read(try Data(contentsOf: TestEnvironment.dataset("api-pnr/" + row.file)), today: PAXLSTTests.today)
            let message = try #require(messages.first, "\(row.file)")
            let people = messages.flatMap(\.passengers)
            #expect(messages.count == 1, "\(row.file)")
            #expect(message.type == row.type, "\(row.file)")
            #expect(message.flight?.number == row.flight, "\(row.file)")
            #expect(people.count == row.people, "\(row.file)")
            #expect(people.first?.surname == row.surname, "\(row.file)")
            #expect(people.lazy.flatMap(\.documents).compactMap(\.number).first == row.document, "\(row.file)")
            #expect(message.bookings.count == row.bookings, "\(row.file)")
            #expect(message.bookings.first?.locator == row.locator, "\(row.file)")
            #expect(Set(message.diagnostics.map(\.code)) == row.codes, "\(row.file): \(message.diagnostics)")
            if let money = Self.money[row.file] {
                let bookings = message.bookings
                #expect(Set(bookings.flatMap(\.payments)) == money.payments, "\(row.file)")
                #expect(bookings.reduce(0) { $0 + $1.tickets.count } == money.tickets, "\(row.file)")
                #expect(bookings.reduce(0) { $0 + ($1.bags ?? 0) } == money.excessBags, "\(row.file)")
                #expect(bookings.flatMap(\.checkIns).reduce(0) { $0 + ($1.bags ?? 0) } == money.checkedBags, "\(row.file)")
            } else {
                #expect(row.type == "PAXLST", "\(row.file) has its payments and bags checked")
            }
            // Nothing a reader needs is blank: every person has a surname and a known role.
            #expect(people.allSatisfy { !$0.surname.isEmpty && ["passenger", "crew", "infant"].contains($0.role) }, "\(row.file)")
        }
    }
}

@Suite("PNRGOV beyond names", .enabled(if: Samples.available))
struct PNRGOVDetailTests {
    func first(_ path: String, airports: AirportTimeZones? = nil) throws -> TravelMessage {
        try #require(
            TravelReader.read(
                try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/" + path)), today: PAXLSTTests.today,
                airports: airports
            ).first)
    }

    @Test("agency, contacts (addresses, phones, CTCE e-mail, payers), last change and ticketing dates, sender")
    func contacts() throws {
        let message = try first("gtas_pnr13_example.edi")
        #expect(message.sender == "UA")
        let booking = try #require(message.bookings.first)
        #expect(
            booking.agency
                == .init(
                    system: "DL", location: "IAD", agencyNumber: "70379193", agentLocation: "LON", originatorType: "A",
                    country: "GB", currency: "GBP"))
        #expect(booking.contacts.first == .init(kind: "address", value: "8095 KIRBY AVENUE, RIO DE JANEIRO, BR", source: "ADD"))
        #expect(booking.contacts.contains(.init(kind: "phone", value: "226608671236", source: "ADD")))
        #expect(booking.contacts.contains(.init(kind: "email", value: "MOLLY_LOBB@GMAIL.COM", source: "IFT")), "// is @ and .. is _ in CTCE")
        #expect(booking.contacts.contains { $0.kind == "payer" && $0.value.hasPrefix("MOLLY LOBB 99 GANDER AVENUE") })
        #expect(booking.lastChanged == "2018-09-27T12:26" && booking.ticketed == "2018-09-28T11:20")
        #expect(booking.payments == ["CC", "CC", "CC", "CA", "CC"])
        // A phone given as free text in an ADD (CTC M).
        let phone = try first("gtas_pnr13_ctcm_phone_in_add.edi")
        #expect(phone.bookings[0].contacts.contains(.init(kind: "phone", value: "EK CTC M 5432109876", source: "ADD")))
    }

    @Test("itinerary with aircraft and status; seats from SSR SEAT and check-in; check-in time, bags, weight and tags")
    func seatsAndCheckIn() throws {
        let message = try first("gtas_pnr13_example.edi")
        let booking = try #require(message.bookings.first)
        #expect(booking.itinerary.map(\.number) == ["ET834", "ET706", "UA988"])
        #expect(booking.itinerary[0].aircraft == "777" && booking.itinerary[0].bookingClass == "B")
        #expect(booking.seats.filter { $0.flight == "UA988" }.map(\.seat) == ["22C", "21H", "1A", "24H", "33J"])
        #expect(message.passengers.map(\.seat) == ["22C", "21H", "1A", "24H", "33J"], "each traveller's seat on the reported flight")
        let lobb = try #require(booking.checkIns.first)
        #expect(lobb.flight == "ET834" && lobb.traveller == "1" && lobb.sequence == "253" && lobb.cabin == "Y" && lobb.time == "2018-09-27T13:33")
        #expect(lobb.bags == 1 && lobb.bagWeight == 46 && lobb.weightUnit == "LB" && lobb.bagTags == ["ET0847"])
        let habte = try #require(booking.checkIns.first { $0.traveller == "5" })
        #expect(habte.bags == 4 && habte.bagTags == ["ET0853", "ET0854", "ET0855", "ET0856"])
        #expect(booking.checkIns.filter { $0.flight == "UA988" }.map(\.seat) == ["22C"])
    }

    @Test("codeshares: marketing and operating carriers from TVL and TRA; an impossible time is diagnosed and dropped")
    func codeshares() throws {
        let variant = try first("gtas_pnr11_guide_p77_codeshare_variant.edi")
        let legs = try #require(variant.bookings.first?.itinerary)
        #expect(
            legs[0].number == "SQ5678" && legs[0].marketingCarrier == "SQ" && legs[0].operatingCarrier == "SK" && legs[0].operatingNumber == "SK1524")
        #expect(legs[1].number == "DL8976" && legs[1].operatingCarrier == "KL" && legs[1].operatingNumber == "KL972")
        #expect(legs[2].operatingCarrier == "TZ" && legs[2].status == "HK")
        let impossible = try #require(legs.first { $0.number == "TZ0002" })
        #expect(impossible.arrivalTime == "2013-05-31", "4321 is no time of day: the date stays, the time goes")
        #expect(variant.diagnostics.contains { $0.code == "time.invalid" })
        let codeshare = try first("gtas_pnr11_codeshare.edi")
        #expect(codeshare.bookings[0].itinerary[0].marketingCarrier == "KE" && codeshare.bookings[0].itinerary[0].operatingCarrier == "SQ")
    }

    @Test("history: ABI items with time, originator, action, text and flight, not mistaken for the booking's present; LTS lines")
    func history() throws {
        let message = try first("gtas_pnr11_guide_p77_history_abi_sac.edi")
        let booking = try #require(message.bookings.first)
        #expect(booking.itinerary.map(\.number) == ["TZ0006", "TZ0005"], "TVLs inside history items are not itinerary")
        #expect(booking.history.count >= 5)
        #expect(booking.history[0] == .init(source: "ABI", time: "2013-05-23T18:13", by: "TZ", action: "X", text: "XF MC 0 VANDENBERG KEVIN 20 00"))
        #expect(
            booking.history[1].flight == "TZ0006" && booking.history[1].action == "X"
                && booking.history[1].text?.hasPrefix("F 28MAY13 SIN OOL") == true)
        #expect(booking.history.contains { $0.action == "A" && $0.time == "2013-05-23T21:24" && $0.text == "P CA 1 173 63 SGD" })
        let lts = try first("gtas_pnr11_guide_p75_lts_history.edi")
        #expect(lts.bookings[0].history.first == .init(source: "LTS", text: "0/O/NM/PARK/SEJOONMR"))
        // The SSR DOCS ended by a typographic apostrophe no longer swallows the next segment.
        #expect(lts.diagnostics.contains { $0.code == "segment.typographic_terminator" })
        #expect(lts.bookings[0].itinerary.first?.number == "KE609")
    }

    @Test("visas from SSR DOCO join the traveller's documents")
    func visas() throws {
        let message = try first("gtas_pnr13_docs_doco.edi")
        #expect(message.passengers[0].documents.map(\.type) == ["P", "V"])
        #expect(message.passengers[0].documents[1] == .init(type: "V", number: "8675309", issuingState: "LI", expiry: nil))
    }

    @Test(
        "times in UTC with the airports' zones, from the airportsdata table; local time derives back",
        .enabled(if: TestEnvironment.airportTable != nil))
    func utc() throws {
        let airports = try AirportTimeZones.load(path: try #require(TestEnvironment.airportTable).path)
        #expect(airports.zones.count > 5_000)
        let message = try first("gtas_pnr13_example.edi", airports: airports)
        let flight = try #require(message.flight)
        // Frankfurt in September is UTC+2; Washington Dulles UTC−4.
        #expect(flight.departureTime == "2018-09-28T12:20" && flight.departureUTC == "2018-09-28T10:20Z" && flight.departureZone == "Europe/Berlin")
        #expect(flight.arrivalTime == "2018-09-28T15:05" && flight.arrivalUTC == "2018-09-28T19:05Z" && flight.arrivalZone == "America/New_York")
        #expect(airports.local(utc: "2018-09-28T19:05Z", airport: "IAD") == "2018-09-28T15:05")
        let leg = try #require(message.bookings.first?.itinerary.first)
        #expect(leg.departureUTC == "2018-09-27T12:20Z" && leg.arrivalUTC == "2018-09-27T18:20Z", "Windhoek UTC+2, Addis Ababa UTC+3")
        // Winter: Frankfurt is UTC+1.
        #expect(airports.utc(local: "2025-01-15T08:00", airport: "FRA") == "2025-01-15T07:00Z")
        let paxlst = try #require(
            TravelReader.read(
                try Data(contentsOf: TestEnvironment.dataset("api-pnr/paxlst/gtas_crew_d02b_oneline.edi")),
                today: PAXLSTTests.today, airports: airports
            ).first)
        #expect(paxlst.flight?.departureUTC == "2017-01-27T16:25Z" && paxlst.flight?.arrivalUTC == "2017-01-28T12:10Z")
        // An airport the table lacks keeps local time and is diagnosed.
        let small = try AirportTimeZones(zones: ["FRA": "Europe/Berlin"])
        let partial = try first("gtas_pnr13_example.edi", airports: small)
        #expect(partial.flight?.departureUTC == "2018-09-28T10:20Z" && partial.flight?.arrivalUTC == nil)
        #expect(partial.diagnostics.contains { $0.code == "airport.zone_unknown" && $0.message.contains("IAD") })
        #expect(throws: PortunusError.self) { try AirportTimeZones(zones: ["XXX": "Mars/Olympus"]) }
    }
}
