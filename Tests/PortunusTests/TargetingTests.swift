import Foundation
import GRDB
import PortunusTestSupport
import Rules
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage
@testable import Travel

/// A PAXLST D02B passenger list written for a test: one flight, the people given.
func paxlst(
    flight: String = "UA988", from: String = "FRA", to: String = "IAD", departure: String = "1809281220", arrival: String = "1809281505",
    people: [(
        surname: String, given: String, birth: String, gender: String, nationality: String, document: (type: String, number: String, issuer: String)?
    )],
    reference: String = "1"
) -> Data {
    var segments = [
        "UNB+UNOA:4+TESTAIR:ZZ+BORDER:ZZ+180928:0900+\(reference)++PAXLST", "UNH+\(reference)+PAXLST:D:02B:UN:IATA", "BGM+745",
        "NAD+MS+++TEST", "TDT+20+\(flight)", "LOC+125+\(from)", "DTM+189:\(departure):201", "LOC+87+\(to)", "DTM+232:\(arrival):201",
    ]
    for person in people {
        segments += [
            "NAD+FL+++\(person.surname):\(person.given)", "ATT+2++\(person.gender)", "DTM+329:\(person.birth)", "NAT+2+\(person.nationality)",
        ]
        if let document = person.document { segments += ["DOC+\(document.type)+\(document.number)", "LOC+91+\(document.issuer)"] }
    }
    segments += ["CNT+42:\(people.count)", "UNT+\(segments.count + 1)+\(reference)", "UNZ+1+\(reference)"]
    return Data((segments.joined(separator: "'\n") + "'\n").utf8)
}

@Suite("Travel targeting", .offPool)
struct TargetingTests {
    let officer = Principal(keyID: "officer-1", role: .officer)
    let supervisor = Principal(keyID: "supervisor-1", role: .officer, grants: [.unmask])
    let analyst = Principal(keyID: "analyst-1", role: .analyst)

    func receive(_ data: Data, _ store: PortunusStore) throws -> TargetingService.Processed {
        let receipt = try TravelIntake(store: store).receive(data, source: "test")
        return try TargetingService(store: store).process(messageID: receipt.id)
    }

    func links(_ store: PortunusStore, traveller: Int64) throws -> [String] {
        try store.targeting.history(traveller: traveller).map(\.passenger.link.method)
    }

    @Test(
        "API passengers are linked to PNR travellers by document, by name and date of birth; others are new; history and co-travellers follow",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr13_example.edi")))
    func linkingAcrossAPIAndPNR() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let pnr = try receive(try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr13_example.edi")), store)
        #expect(pnr.newTravellers == 5 && pnr.linked == 0 && pnr.flights.count == 1)

        // The PNR's LOBB MOLLYMRS (passport GBR 796428965, born 13 Aug 1954) and BOLOGNA
        // BRANDONMR (born 16 Jun 1960) as the API list for the same flight gives them.
        let api = try receive(
            paxlst(people: [
                ("LOBB", "MOLLY:ZARA", "540813", "F", "GBR", ("P", "796 428 965", "GBR")),
                ("BOLOGNA", "BRANDON", "600616", "M", "USA", nil),
                ("BOLOGNA", "BRENDA", "600616", "F", "USA", nil),
                ("NEWMAN", "ALFRED", "710101", "M", "GBR", ("P", "123456789", "GBR")),
            ]), store)
        #expect(api.flights == pnr.flights, "the API list's flight is the PNR's flight (number, route, local departure day)")
        #expect(api.linked == 2 && api.newTravellers == 2)
        let rows = try store.targeting.passengers(flights: api.flights)
        func traveller(_ surname: String, _ source: String) throws -> Int64 {
            try #require(rows.first { $0.source == source && $0.person.surname == surname }).travellerID
        }
        let lobb = try traveller("LOBB", "pnr")
        #expect(try traveller("LOBB", "api") == lobb)
        #expect(try links(store, traveller: lobb) == ["new", "document"])
        let bologna = try traveller("BOLOGNA", "pnr")
        let apiBologna = try #require(rows.first { $0.source == "api" && $0.person.givenNames == "BRANDON" })
        #expect(apiBologna.travellerID == bologna)
        let evidence = apiBologna.link
        #expect(evidence.method == "name_and_birth_date" && evidence.reasons.contains("date of birth equal") && (evidence.nameScore ?? 0) >= 0.91)
        let brenda = try #require(rows.first { $0.person.givenNames == "BRENDA" })
        #expect(brenda.travellerID != bologna, "same surname and date of birth, another given name and gender: not the same traveller")

        // Next week LOBB flies back: her history has both flights; her PNR co-travellers are listed.
        let back = try receive(
            paxlst(
                flight: "UA989", from: "IAD", to: "FRA", departure: "1810051800", arrival: "1810060730",
                people: [("LOBB", "MOLLY", "540813", "F", "GBR", ("P", "796428965", "GBR"))], reference: "2"), store)
        #expect(back.linked == 1)
        let history = try store.targeting.history(traveller: lobb)
        #expect(Set(history.map(\.flight.number)) == ["UA988", "UA989"] && history.count == 3)
        #expect(try store.targeting.coTravellers(traveller: lobb).count == 4, "the four others of booking 7C789A")
        let stored = try #require(try store.targeting.traveller(id: lobb))
        #expect(stored.documents.map(\.number) == ["796428965"], "one document, spacing normalised")

        // The same file again links nothing twice.
        #expect(
            try receive(paxlst(people: [("LOBB", "MOLLY:ZARA", "540813", "F", "GBR", ("P", "796 428 965", "GBR"))], reference: "1"), store).linked
                <= 1)
    }

    @Test(
        "the GTAS entity-resolution fixtures: JIANG HSIUYUAN and JIANG XIUYUAN (same date of birth) are one traveller; the name variants hit a name-only list",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_pax_d02b_bags_flight1.edi")))
    func fixtureVariants() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let service = TargetingService(store: store)
        _ = try service.createList(name: "persons", kind: "persons", description: "names only", by: analyst)
        // Names only: no date of birth, no document.
        let report = try service.importCSV(
            Array("id,name,category,severity\nW1,JIANG HSIUYUAN,terrorism,3\nW2,GAYLA COOKE,fraud,2\n".utf8), list: "persons", by: analyst)
        #expect(report.added == 2 && report.rejected == 0)
        var hitsByFlight: [String: Set<String>] = [:]
        for number in 1...3 {
            let processed = try receive(try Data(contentsOf: TestEnvironment.dataset("api-pnr/paxlst/gtas_pax_d02b_bags_flight\(number).edi")), store)
            for item in try store.targeting.vettingList(flightID: processed.flights[0], status: nil, limit: 100) {
                let decoded = try #require(
                    try store.targeting.passengers(flights: processed.flights).first { $0.travellerID == item.travellerID }?.person)
                hitsByFlight["flight\(number)", default: []].insert("\(decoded.surname) \(decoded.givenNames)")
                #expect(item.hits.allSatisfy { $0.kind == "watch_list" && $0.score >= 0.91 && !$0.reasons.isEmpty })
            }
        }
        #expect(hitsByFlight["flight1"] == ["JIANG HSIUYUAN", "JOSEPH GAYLA COOKE"])
        // The API list's bags (MEA+CT, MEA+WT) are read: JIANG HSIUYUAN checked one bag of 13 kg.
        let first = try #require(try store.targeting.flights(date: "2020-01-19", airport: nil, limit: 1).first)
        let jiangPerson = try #require(
            try store.targeting.passengers(flights: [first.flight.id]).first { $0.person.givenNames == "HSIUYUAN" }?.person)
        #expect(jiangPerson.bags == 1 && jiangPerson.bagWeight == 13 && jiangPerson.weightUnit == "KGM")
        #expect(hitsByFlight["flight2"] == ["CHIANG XIUYUAN"])
        #expect(hitsByFlight["flight3"] == ["JIANG XIUYUAN", "JOSEPH GAELLA COOK"])
        // Linked: same date of birth and nationality, transliterated name; the different passports are noted.
        let flights = try store.targeting.flights(date: nil, airport: nil, limit: 10).map(\.flight.id)
        let jiang = try store.targeting.passengers(flights: flights).filter { ["XIUYUAN", "HSIUYUAN"].contains($0.person.givenNames) }
        let byDate = Dictionary(grouping: jiang) { $0.person.dateOfBirth ?? "" }
        #expect(Set(try #require(byDate["1967-06-03"]).map(\.travellerID)).count == 1)
        #expect(
            Set(try #require(byDate["1967-06-04"]).map(\.travellerID)).isDisjoint(with: try #require(byDate["1967-06-03"]).map(\.travellerID)),
            "a day apart in date of birth: screening flags it, linking does not merge it")
    }

    /// A traveller on UA0988 FRA→IAD in a round trip LHR–FRA–IAD … IAD–LHR booked the day before, paid in cash.
    static func facts() throws -> TravelFacts {
        let person = try JSONDecoder().decode(
            TravelMessage.Person.self,
            from: Data(
                """
                {"role":"passenger","surname":"DOE","given_names":"JOHN","date_of_birth":"1980-10-02","gender":"M","nationality":"GBR","residence":"GBR",
                 "embarkation":"FRA","debarkation":"IAD","documents":[{"type":"P","number":"123","issuing_state":"GBR","expiry":"2018-12-01"}],
                 "booking":"ABC123","seat":"12A","reference":"1"}
                """.utf8))
        let booking = try JSONDecoder().decode(
            TravelMessage.Booking.self,
            from: Data(
                """
                {"locator":"ABC123","created":"2018-09-27T10:20","travellers":2,
                 "itinerary":[{"number":"LH0901","departure":"LHR","arrival":"FRA","departure_time":"2018-09-28T07:00","arrival_time":"2018-09-28T09:40"},
                              {"number":"UA0988","departure":"FRA","arrival":"IAD","departure_time":"2018-09-28T12:20","arrival_time":"2018-09-28T15:05"},
                              {"number":"UA0918","departure":"IAD","arrival":"LHR","departure_time":"2018-10-05T18:00","arrival_time":"2018-10-06T06:30"}],
                 "tickets":["0161234567890"],"payments":["CA","CC"],"bags":1,
                 "agency":{"system":"1A","location":"LON","originator_type":"T","country":"GB","currency":"GBP"},"contacts":[],"seats":[],
                 "check_ins":[{"flight":"UA988","traveller":"1","sequence":"1","seat":"12A","bags":2,"bag_weight":50,"weight_unit":"LB","bag_tags":[]},
                              {"flight":"UA988","traveller":"2","sequence":"2","bags":1,"bag_weight":20,"weight_unit":"KG","bag_tags":[]}],
                 "history":[]}
                """.utf8))
        let flight = TravelMessage.Flight(
            number: "UA0988", departure: "FRA", arrival: "IAD", departureTime: "2018-09-28T12:20", arrivalTime: "2018-09-28T15:05")
        return TravelFacts(
            person: person, flight: flight, booking: booking, sources: "api+pnr", onWatchList: false, coTravellerOnWatchList: true, previousFlights: 4
        )
    }

    @Test("every travel rule field has its value, derived fields computed from the booking")
    func ruleFields() throws {
        let facts = try Self.facts()
        let expected: [String: RuleValue] = [
            "role": .text("passenger"), "gender": .text("M"), "nationality": .text("GBR"), "residence": .text("GBR"), "age": .number(37),
            "document_type": .text("P"), "document_issuer": .text("GBR"), "document_expiry_days": .number(63), "embarkation": .text("FRA"),
            "debarkation": .text("IAD"), "source": .text("api+pnr"), "flight_number": .text("UA0988"), "carrier": .text("UA"), "origin": .text("FRA"),
            "destination": .text("IAD"), "departure_hour": .number(12), "hours_booked_before_departure": .number(26), "one_way": .bool(false),
            "trip_duration_days": .number(8), "dwell_hours": .number(2.7), "transit_airports": .list(["FRA"]),
            "route_airports": .list(["LHR", "FRA", "IAD", "LHR"]), "route": .text("LHR-FRA-IAD-LHR"), "legs": .number(3), "paid_cash": .bool(true),
            "payment_types": .list(["CA", "CC"]), "bags": .number(2), "bag_weight_kg": .number(22.7), "travellers_in_booking": .number(2),
            "agency_country": .text("GB"), "tickets": .number(1), "on_watch_list": .bool(false), "co_traveller_on_watch_list": .bool(true),
            "previous_flights": .number(4),
        ]
        #expect(Set(expected.keys) == Set(TravelFacts.catalogue.fields.keys), "every field of the catalogue is checked here")
        for (field, value) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(facts.value(of: field) == value, "\(field)")
        }
        // A one-way trip has no trip duration; a booking's bags stand in when nobody checked in.
        var oneWay = facts
        oneWay.booking?.itinerary.removeLast()
        oneWay.booking?.checkIns = []
        #expect(oneWay.value(of: "one_way") == .bool(true) && oneWay.value(of: "trip_duration_days") == nil && oneWay.value(of: "bags") == .number(1))
        #expect(oneWay.value(of: "bag_weight_kg") == nil)
        // Bags as the API list gives them (MEA) when no check-in says.
        oneWay.person.bags = 3
        oneWay.person.bagWeight = 20
        oneWay.person.weightUnit = "LBR"
        #expect(oneWay.value(of: "bags") == .number(3) && oneWay.value(of: "bag_weight_kg") == .number(9.1))
    }

    @Test("travel rules: list fields (in / not_in), severity and category, reasons with the derived values")
    func travelRules() throws {
        let yaml = """
            rules:
              - id: CASH-SHORT-NOTICE
                when:
                  all:
                    - paid_cash: true
                    - hours_booked_before_departure: { below: 48 }
                    - transit_airports: { in: [FRA, IST] }
                    - route_airports: { not_in: [DXB] }
                then: { severity: high, flag: narcotics }
                reason: "Cash, booked {hours_booked_before_departure} h before departure, via {transit_airports}"
              - id: LONG-DWELL
                when: { dwell_hours: { above: 12 } }
                then: { severity: normal, flag: general }
                reason: "Dwell of {dwell_hours} h"
              - id: CO-TRAVELLER
                when: { co_traveller_on_watch_list: true }
                then: { severity: top, flag: terrorism }
                reason: "Travels with someone on a watch list"
            """
        let rules = try RuleSetLoader.load(yaml: yaml, catalogue: TravelFacts.catalogue)
        let hits = rules.evaluate(try Self.facts())
        #expect(hits.map(\.ruleID) == ["CASH-SHORT-NOTICE", "CO-TRAVELLER"])
        #expect(
            hits[0].reason == "Cash, booked 26 h before departure, via FRA" && hits[0].effect.lane == "high" && hits[0].effect.flag == "narcotics")
        #expect(throws: RuleSetError.self) {
            try RuleSetLoader.load(
                yaml: "rules:\n  - id: X\n    when: { route_airports: { below: 3 } }\n    then: { severity: high }\n    reason: x\n",
                catalogue: TravelFacts.catalogue)
        }
        #expect(throws: RuleSetError.self) {
            try RuleSetLoader.load(
                yaml: "rules:\n  - id: X\n    when: { paid_cash: true }\n    then: { lane: red }\n    reason: x\n", catalogue: TravelFacts.catalogue)
        }
    }

    /// A store with the example PNR received and LOBB's lost passport on a documents list:
    /// one vetting item.
    func vettingFixture(_ directory: URL) throws -> (PortunusStore, StoredVetting) {
        let store = try PortunusStore(dataDirectory: directory.path)
        let service = TargetingService(store: store)
        _ = try service.createList(name: "lost-stolen", kind: "documents", description: "", by: analyst)
        _ = try service.addEntry(
            list: "lost-stolen",
            Data(#"{"id":"SLTD-1","document_number":"796428965","document_country":"GBR","category":"lost-stolen","severity":2}"#.utf8), by: analyst)
        _ = try service.setRules(
            yaml: """
                rules:
                  - id: CASH
                    when: { paid_cash: true }
                    then: { severity: normal, flag: general }
                    reason: "paid in cash"
                """, by: analyst)
        let processed = try receive(try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr13_example.edi")), store)
        let items = try store.targeting.vettingList(flightID: processed.flights[0], status: nil, limit: 10)
        let item = try #require(items.first { $0.hits.contains { $0.kind == "watch_list" } })
        return (store, item)
    }

    @Test(
        "vetting: new → in review → referred → lookout → outcome; wrong transitions refused; every change audited and on the ledger",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr13_example.edi")))
    func vettingWorkflow() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let (store, item) = try vettingFixture(directory)
        #expect(item.status == .new && item.severity == 2)
        #expect(item.hits.first?.reasons == ["document number equal", "issuing state equal"])
        let vetting = VettingService(store: store)
        let trader = Principal(keyID: "trader-1", role: .trader, party: "X")
        #expect(throws: PortunusError.self) { try vetting.changeStatus(item.id, to: "in_review", note: nil, by: trader) }
        #expect(throws: PortunusError.self) { try vetting.promote(item.id, port: nil, note: nil, by: officer) }  // new: not yet
        _ = try vetting.changeStatus(item.id, to: "in_review", note: "looking", by: officer)
        do {
            _ = try vetting.changeStatus(item.id, to: "in_review", note: nil, by: officer)
            Issue.record("in review twice")
        } catch { #expect(error.code == .conflict) }
        _ = try vetting.addNote(item.id, text: "passport reported stolen in 2017", by: officer)
        let referred = try vetting.changeStatus(item.id, to: "referred", note: nil, by: officer)
        #expect(referred.status == .referred && referred.events.map(\.kind).suffix(3) == ["status", "note", "status"])
        let lookout = try vetting.promote(item.id, port: nil, note: "secondary at IAD", by: officer)
        #expect(lookout.port == "IAD" && lookout.status == .active)
        do {
            _ = try vetting.promote(item.id, port: nil, note: nil, by: officer)
            Issue.record("promoted twice")
        } catch { #expect(error.code == .conflict) }
        #expect(throws: PortunusError.self) { try vetting.recordOutcome(lookout: lookout.id, outcome: "arrested", note: nil, by: officer) }
        let closed = try vetting.recordOutcome(lookout: lookout.id, outcome: "secondary_positive", note: nil, by: officer)
        #expect(closed.status == .closed && closed.outcome == .secondaryPositive)
        do {
            _ = try vetting.recordOutcome(lookout: lookout.id, outcome: "missed", note: nil, by: officer)
            Issue.record("outcome twice")
        } catch { #expect(error.code == .conflict) }
        // Cleared, then taken back into review.
        _ = try vetting.changeStatus(item.id, to: "cleared", note: nil, by: officer)
        #expect(try vetting.changeStatus(item.id, to: "in_review", note: nil, by: officer).status == .inReview)

        let audit = try store.keys.auditEvents(keyID: officer.keyID, limit: 100).map(\.action)
        #expect(audit.filter { $0 == "travel.vetting.status" }.count == 4)
        #expect(audit.contains("travel.vetting.note") && audit.contains("travel.lookout.promote") && audit.contains("travel.lookout.outcome"))
        let ledger = try store.ledger.pendingEntries(limit: 100).filter { $0.type == AccountableEntry.Kind.vetting }
        #expect(ledger.count == 6, "four status changes, the lookout and its outcome (notes are audited, not logged)")
        let last = String(decoding: try #require(ledger.last).entry, as: UTF8.self)
        // The status, the hits, the flight and the note are committed to, not in clear: before
        // the flight lands they say whom customs will stop.
        #expect(last.contains("\"action\":\"status\"") && last.contains("vetting_commitment") && !last.contains("UA988") && !last.contains("LOBB"))
        for entry in ledger {
            let text = String(decoding: entry.entry, as: UTF8.self)
            #expect(!text.contains("referred") && !text.contains("\"hits\"") && !text.contains("\"value\""), "\(text)")
        }
        let lookoutEntry = String(decoding: ledger[2].entry, as: UTF8.self)
        #expect(lookoutEntry.contains("vetting_commitment") && !lookoutEntry.contains("secondary at IAD"), "notes go to the ledger as a commitment")
        let secrets = try #require(try store.ledger.secrets(seq: ledger[2].seq))
        let sealed = try #require(JSONValue.parse(Data(secrets.utf8)).canonical["vetting_commitment"])
        let commitment = try #require(JSONValue.parse(ledger[2].entry).canonical["vetting_commitment"]?.stringValue)
        let sealedValue = try #require(sealed["value"])
        let sealedSalt = try #require(sealed["salt"]?.stringValue)
        #expect(AccountableEntry.opens(commitment, value: sealedValue.text, salt: sealedSalt))
        #expect(sealed["value"]?["note"]?.stringValue?.contains("secondary at IAD") == true)
    }

    @Test(
        "demoting a lookout; a new hit opens a cleared item again",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr13_example.edi")))
    func demotionAndReopening() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let (store, item) = try vettingFixture(directory)
        let vetting = VettingService(store: store)
        _ = try vetting.changeStatus(item.id, to: "referred", note: nil, by: officer)
        let lookout = try vetting.promote(item.id, port: "iad", note: nil, by: officer)
        #expect(try vetting.demote(lookout: lookout.id, note: "travel cancelled", by: officer).status == .demoted)
        #expect(try vetting.promote(item.id, port: nil, note: nil, by: officer).status == .active, "a demoted lookout can be promoted again")
        _ = try vetting.changeStatus(item.id, to: "cleared", note: nil, by: officer)
        // A new list entry for the same traveller: the item comes back as new.
        let service = TargetingService(store: store)
        _ = try service.createList(name: "persons", kind: "persons", description: "", by: analyst)
        _ = try service.addEntry(
            list: "persons", Data(#"{"id":"P-1","name":"MOLLY LOBB","birth_date":"1954-08-13","category":"fraud","severity":3}"#.utf8), by: analyst)
        let result = try service.rescreen(all: true)
        #expect(result.hits == 1)
        let reopened = try #require(try store.targeting.vetting(id: item.id))
        // The document hit, the cash rule (one of the booking's payments is FOP CA) and the new entry.
        #expect(reopened.status == .new && reopened.severity == 3 && reopened.hits.map(\.kind).sorted() == ["rule", "watch_list", "watch_list"])
    }

    @Test(
        "travellers are masked; unmasking needs the grant and a justification, and is recorded with it",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr13_example.edi")))
    func maskingAndUnmasking() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let (store, item) = try vettingFixture(directory)
        let vetting = VettingService(store: store)
        let masked = try vetting.traveller(item.travellerID, by: supervisor)
        #expect(masked.masked && masked.surname == nil && masked.givenNames == nil && masked.dateOfBirth == nil)
        #expect(
            masked.documents.allSatisfy { $0.number == nil } && masked.documents.first?.issuingState == "GBR" && masked.gender == "F"
                && masked.history.count == 1)
        do {
            _ = try vetting.unmask(item.travellerID, justification: "secondary inspection at IAD, case 2018-77", by: officer)
            Issue.record("unmasked without the grant")
        } catch { #expect(error.code == .forbidden) }
        do {
            _ = try vetting.unmask(item.travellerID, justification: "because", by: supervisor)
            Issue.record("unmasked without a real justification")
        } catch { #expect(error.code == .invalidArgument) }
        #expect(try store.targeting.unmaskJustifications(subject: "traveller:\(item.travellerID)").isEmpty, "refusals record nothing")
        let shown = try vetting.unmask(item.travellerID, justification: "secondary inspection at IAD, case 2018-77", by: supervisor)
        #expect(!shown.masked && shown.surname == "LOBB" && shown.dateOfBirth == "1954-08-13" && shown.documents.first?.number == "796428965")
        let recorded = try store.targeting.unmaskJustifications(subject: "traveller:\(item.travellerID)")
        #expect(
            recorded.count == 1 && recorded[0].keyID == supervisor.keyID && recorded[0].justification == "secondary inspection at IAD, case 2018-77")
        let entry = try #require(try store.ledger.pendingEntries(limit: 100).last { $0.type == AccountableEntry.Kind.unmask })
        let text = String(decoding: entry.entry, as: UTF8.self)
        #expect(text.contains("justification_commitment") && !text.contains("case 2018-77") && !text.contains("LOBB"))
    }

    @Test(
        "retention: depersonalised after the period (rows, messages, raw bytes, travellers), deleted after the longer one; hits and vetting stay until then",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr13_example.edi")))
    func retention() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let (store, item) = try vettingFixture(directory)
        let retention = TravelRetention(store: store, depersonaliseAfterDays: 183, deleteAfterDays: 1826)
        #expect(try retention.run() == TravelRetention.Report(), "nothing is old enough yet")
        let report = try retention.run(now: Date().addingTimeInterval(200 * 86_400), batch: 2)
        #expect(report.depersonalisedPassengers == 5 && report.depersonalisedMessages == 1 && report.depersonalisedTravellers == 5)
        let traveller = try #require(try store.targeting.traveller(id: item.travellerID))
        #expect(traveller.surname == nil && traveller.dateOfBirth == nil && traveller.documents.isEmpty && traveller.depersonalisedAt != nil)
        #expect(traveller.gender == "F", "what statistics need stays")
        let (file, raw) = try #require(try store.travelFiles.travelFile(id: 1))
        #expect(raw.isEmpty && file.messages.map(\.flight?.number) == ["UA988"], "the flight stays")
        #expect(file.messages.flatMap(\.passengers).count == 5 && file.messages.flatMap(\.passengers).allSatisfy(Self.depersonalised))
        #expect(file.messages.flatMap(\.bookings).allSatisfy { $0.contacts.isEmpty && $0.tickets.isEmpty }, "contacts and tickets go")
        let rows = try store.targeting.passengers(flights: [item.flightID])
        #expect(rows.count == 5 && rows.allSatisfy { Self.depersonalised($0.person) && $0.depersonalisedAt != nil })
        #expect(rows.allSatisfy { $0.booking?.contacts.isEmpty == true && $0.booking?.locator == "7C789A" }, "contacts go; the booking stays")
        #expect(try store.targeting.vetting(id: item.id)?.hits.isEmpty == false)
        let masked = try VettingService(store: store).unmask(item.travellerID, justification: "after the period: nothing to show", by: supervisor)
        #expect(masked.surname == nil && masked.depersonalised)
        #expect(try retention.run(now: Date().addingTimeInterval(200 * 86_400)) == TravelRetention.Report(), "done once")

        let deleted = try retention.run(now: Date().addingTimeInterval(2000 * 86_400))
        #expect(deleted.deletedPassengers == 5 && deleted.deletedMessages == 1 && deleted.deletedTravellers == 5 && deleted.deletedFlights == 1)
        #expect(
            try store.targeting.traveller(id: item.travellerID) == nil && (try store.targeting.vetting(id: item.id)) == nil
                && (try store.travelFiles.travelFile(id: 1)) == nil)
        #expect(try store.keys.auditEvents(action: "travel.retention.delete").count == 1)
    }

    @Test(
        "a passenger row keeps its person, booking and link as sorted-key JSON; a column damaged by hand is a storage error naming it",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr13_example.edi")))
    func passengerColumns() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let processed = try receive(try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr13_example.edi")), store)
        let rows = try store.targeting.passengers(flights: processed.flights)
        #expect(rows.count == 5 && rows.allSatisfy { $0.booking?.locator == "7C789A" && $0.locator == "7C789A" })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func text(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let stored = try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, person_json, booking_json, link_json FROM passenger ORDER BY id").map {
                (id: $0["id"] as Int64, person: $0["person_json"] as String, booking: $0["booking_json"] as String?, link: $0["link_json"] as String)
            }
        }
        #expect(stored.map(\.id) == rows.map(\.id))
        for (row, columns) in zip(rows, stored) {
            #expect(try text(row.person) == columns.person && (try row.booking.map(text)) == columns.booking && (try text(row.link)) == columns.link)
        }

        let flight = try #require(processed.flights.first)
        try store.database.write { db in
            try db.execute(sql: "UPDATE passenger SET booking_json = '{\"locator\":7}' WHERE id = ?", arguments: [rows[0].id])
        }
        Self.expectDamaged("passenger.booking_json") { _ = try store.targeting.passengers(flights: [flight]) }
        Self.expectDamaged("passenger.booking_json") { _ = try TargetingService(store: store).manifest(flight: flight, by: officer) }
        try store.database.write { db in
            try db.execute(sql: "UPDATE passenger SET booking_json = NULL, link_json = 'not JSON' WHERE id = ?", arguments: [rows[0].id])
        }
        Self.expectDamaged("passenger.link_json") { _ = try store.targeting.history(traveller: rows[0].travellerID) }
        try store.database.write { db in try db.execute(sql: "UPDATE travel_message SET diagnostics_json = '{}'") }
        Self.expectDamaged("travel_message.diagnostics_json") { _ = try store.travelFiles.travelFile(id: rows[0].messageID) }
    }

    @Test(
        "retention erases a row it cannot read rather than stopping at it or keeping it past the deadline",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr13_example.edi")))
    func retentionOverDamagedRows() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let processed = try receive(try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr13_example.edi")), store)
        let rows = try store.targeting.passengers(flights: processed.flights)
        try store.database.write { db in
            try db.execute(sql: "UPDATE passenger SET person_json = 'not JSON', booking_json = '[' WHERE id = ?", arguments: [rows[0].id])
            try db.execute(sql: "UPDATE travel_message SET parsed_json = '{\"damaged\": true}'")
        }
        let report = try TravelRetention(store: store, depersonaliseAfterDays: 183, deleteAfterDays: 1826)
            .run(now: Date().addingTimeInterval(200 * 86_400))
        #expect(report.depersonalisedPassengers == 5 && report.depersonalisedMessages == 1)
        let after = try store.targeting.passengers(flights: processed.flights)
        #expect(after.count == 5 && after.allSatisfy { Self.depersonalised($0.person) && $0.depersonalisedAt != nil })
        let erased = try #require(after.first { $0.id == rows[0].id })
        #expect(erased.booking == nil && erased.person.role == rows[0].role)
        #expect(try store.travelFiles.travelFile(id: rows[0].messageID)?.file.messages.isEmpty == true)
    }

    static func expectDamaged(_ column: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("\(column): a damaged value was read")
        } catch let error as PortunusError {
            #expect(error.code == .storage && error.reason.hasPrefix("\(column) holds JSON"), "\(error.reason)")
        } catch {
            Issue.record("\(column): \(error)")
        }
    }

    /// No name, date of birth, or document number or expiry left.
    static func depersonalised(_ person: TravelMessage.Person) -> Bool {
        person.surname.isEmpty && person.givenNames.isEmpty && person.dateOfBirth == nil
            && person.documents.allSatisfy { $0.number == nil && $0.expiry == nil }
    }

    @Test("the travel demo: files that read cleanly, a list whose planted variants are found, the same data for the same seed")
    func travelDemo() throws {
        let directory = TestEnvironment.temporaryDirectory("targeting")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let now = try #require(ISO8601.parse("2026-06-01T00:00:00Z"))
        let demo = TravelDemo(flights: 8, seed: 3).generate(now: now)
        #expect(demo.files.map(\.data) == TravelDemo(flights: 8, seed: 3).generate(now: now).files.map(\.data))
        let service = TargetingService(store: store)
        let imported = try service.importCSV(Array(demo.watchList.utf8), list: nil, createLists: true, by: analyst)
        #expect(imported.rejected == 0 && imported.added > 300)
        _ = try service.setRules(yaml: demo.rules, by: analyst)
        var people = 0
        for (_, data) in demo.files {
            let receipt = try TravelIntake(store: store).receive(data, source: "demo")
            #expect(receipt.status == .parsed, "\(receipt.diagnostics)")
            people += receipt.passengers
            _ = try service.process(messageID: receipt.id)
        }
        #expect(people == demo.passengers)
        let planted = Set(demo.watchList.split(separator: "\n").filter { $0.hasPrefix("L") }.map { String($0.split(separator: ",")[0]) })
        let entries = try store.targeting.watchListEntries(listID: nil)
        let plantedIDs = Set(entries.filter { planted.contains($0.externalID) }.map { String($0.id) })
        let hit = Set(
            try store.targeting.vettingList(flightID: nil, status: nil, limit: 10_000).flatMap(\.hits).filter { $0.kind == "watch_list" }.map(
                \.reference))
        #expect(!plantedIDs.isEmpty && plantedIDs.isSubset(of: hit), "every listed traveller is found under another spelling")
    }
}
