import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusServer
@testable import Storage

@Suite("Travel targeting API")
struct TravelTargetingAPITests {
    @Test(
        "lists, a received API file, its flight and vetting list masked, unmasking with a justification, the vetting workflow, lookouts, rules",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_pax_d02b_bags_flight1.edi")))
    func targetingFlow() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let file = try String(contentsOf: TestEnvironment.dataset("api-pnr/paxlst/gtas_pax_d02b_bags_flight1.edi"), encoding: .utf8)
        try await fixture.application().test(.router) { client in
            let analyst = fixture.keys["analyst"]
            let officer = fixture.keys["officer"]
            let admin = fixture.keys["admin"]
            #expect(
                try await client.send(.post, "/api/v1/travel/watch-lists", key: officer, body: #"{"name":"persons","kind":"persons"}"#).status
                    == .forbidden)
            #expect(
                try await client.send(.post, "/api/v1/travel/watch-lists", key: analyst, body: #"{"name":"persons","kind":"persons"}"#).status
                    == .created)
            #expect(
                try await client.send(.post, "/api/v1/travel/watch-lists", key: analyst, body: #"{"name":"persons","kind":"persons"}"#).status
                    == .conflict)
            #expect(
                try await client.send(.post, "/api/v1/travel/watch-lists", key: analyst, body: #"{"name":"Bad Name","kind":"persons"}"#).status
                    == .unprocessableContent)
            // Bulk CSV: one good row, one bad (severity 7) reported with its line.
            let csv = "id,name,birth_date,category,severity\nW1,CHIANG XIUYUAN,1967,terrorism,3\nW2,SOMEONE ELSE,1950,fraud,7\n"
            let upload = try await client.send(.post, "/api/v1/travel/watch-lists/persons/entries", key: analyst, contentType: "text/csv", body: csv)
            #expect(upload.status == .ok && upload.json["added"] as? Int == 1 && upload.json["rejected"] as? Int == 1)
            #expect(((upload.json["problems"] as? [[String: Any]])?.first?["line"] as? Int) == 3)
            #expect(!upload.text.contains("SOMEONE"), "problems name the place, not the content")
            let entry = try await client.send(
                .post, "/api/v1/travel/watch-lists/persons/entries", key: analyst,
                body: #"{"id":"W3","name":"LISA CAPONE","birth_date":"1972-08-05","category":"fraud","severity":1}"#)
            #expect(entry.status == .created && entry.json["masked"] as? Bool == true && !entry.text.contains("CAPONE"))
            let entries = try await client.send(.get, "/api/v1/travel/watch-lists/persons/entries", key: officer)
            #expect((entries.json["entries"] as? [[String: Any]])?.count == 2 && !entries.text.contains("CHIANG"))

            let received = try await client.send(.post, "/api/v1/travel/messages", key: analyst, contentType: "application/edifact", body: file)
            #expect(received.status == .created)
            let targeting = try #require(received.json["targeting"] as? [String: Any])
            #expect(targeting["new_travellers"] as? Int == 10 && targeting["hits"] as? Int == 2)

            #expect(try await client.send(.get, "/api/v1/travel/flights", key: fixture.keys["traderA"]).status == .forbidden)
            let flights = try await client.send(.get, "/api/v1/travel/flights?date=2020-01-19", key: officer)
            let listed = try #require((flights.json["flights"] as? [[String: Any]])?.first)
            #expect(listed["travellers"] as? Int == 10 && listed["open"] as? Int == 2)
            let flightID = try #require((listed["flight"] as? [String: Any])?["id"] as? Int)
            let flight = try await client.send(.get, "/api/v1/travel/flights/\(flightID)", key: officer)
            #expect((flight.json["travellers"] as? [[String: Any]])?.count == 10)
            #expect(!flight.text.contains("JIANG") && !flight.text.contains("433419360") && !flight.text.contains("1967"), "masked")

            let vetting = try await client.send(.get, "/api/v1/travel/flights/\(flightID)/vetting", key: officer)
            let items = try #require(vetting.json["vetting"] as? [[String: Any]])
            #expect(items.count == 2)
            let top = items[0]
            #expect(
                top["severity"] as? Int == 3 && top["status"] as? String == "new"
                    && (top["next"] as? [String]) == ["cleared", "in_review", "referred"])
            let hit = try #require((top["hits"] as? [[String: Any]])?.first)
            #expect(hit["list"] as? String == "persons" && (hit["reasons"] as? [String])?.contains { $0.contains("transliteration") } == true)
            let itemID = try #require(top["id"] as? Int)
            let travellerID = try #require(top["traveller"] as? Int)

            let masked = try await client.send(.get, "/api/v1/travel/travellers/\(travellerID)", key: officer)
            #expect(masked.json["masked"] as? Bool == true && !masked.text.contains("JIANG"))
            let justification = #"{"justification":"referred for secondary inspection at JFK"}"#
            #expect(
                try await client.send(.post, "/api/v1/travel/travellers/\(travellerID)/unmask", key: officer, body: justification).status
                    == .forbidden)
            #expect(
                try await client.send(.post, "/api/v1/travel/travellers/\(travellerID)/unmask", key: admin, body: #"{"justification":"x"}"#).status
                    == .badRequest)
            let unmasked = try await client.send(.post, "/api/v1/travel/travellers/\(travellerID)/unmask", key: admin, body: justification)
            #expect(unmasked.status == .ok && unmasked.json["surname"] as? String == "JIANG")
            #expect(
                try fixture.store.targeting.unmaskJustifications(subject: "traveller:\(travellerID)").map(\.justification) == [
                    "referred for secondary inspection at JFK"
                ])

            let review = try await client.send(.post, "/api/v1/travel/vetting/\(itemID)/status", key: officer, body: #"{"status":"in_review"}"#)
            #expect(review.status == .ok && review.json["status"] as? String == "in_review")
            #expect(
                try await client.send(.post, "/api/v1/travel/vetting/\(itemID)/status", key: officer, body: #"{"status":"done"}"#).status
                    == .badRequest)
            #expect(
                try await client.send(.post, "/api/v1/travel/vetting/\(itemID)/status", key: officer, body: #"{"status":"new"}"#).status == .conflict)
            #expect(
                try await client.send(.post, "/api/v1/travel/vetting/\(itemID)/status", key: officer, body: #"{"status":"in_review"}"#).status
                    == .conflict)
            #expect(
                try await client.send(.post, "/api/v1/travel/vetting/\(itemID)/notes", key: officer, body: #"{"text":"second passport"}"#).status
                    == .created)
            let lookout = try await client.send(.post, "/api/v1/travel/vetting/\(itemID)/lookout", key: officer, body: "{}")
            #expect(lookout.status == .created && lookout.json["port"] as? String == "JFK")
            let lookoutID = try #require(lookout.json["id"] as? Int)
            let port = try await client.send(.get, "/api/v1/travel/lookouts?port=JFK&status=active", key: officer)
            #expect((port.json["lookouts"] as? [[String: Any]])?.count == 1)
            let outcome = try await client.send(
                .post, "/api/v1/travel/lookouts/\(lookoutID)/outcome", key: officer, body: #"{"outcome":"refused_entry"}"#)
            #expect(outcome.status == .ok && outcome.json["status"] as? String == "closed")
            #expect(try await client.send(.post, "/api/v1/travel/lookouts/\(lookoutID)/demote", key: officer, body: "{}").status == .conflict)
            let item = try await client.send(.get, "/api/v1/travel/vetting/\(itemID)", key: officer)
            #expect((item.json["events"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["hit", "status", "note", "lookout", "outcome"])
            let hits = try await client.send(.get, "/api/v1/travel/hits?flight=\(flightID)", key: officer)
            #expect((hits.json["hits"] as? [[String: Any]])?.count == 2)

            // Rules: a bad set is refused with its line; a good one re-screens and hits.
            let bad = try await client.send(
                .put, "/api/v1/travel/rules", key: analyst, contentType: "application/yaml",
                body: "rules:\n  - id: X\n    when: { no_such_field: 1 }\n    then: { severity: high }\n    reason: x\n")
            #expect(bad.status == .unprocessableContent && bad.text.contains("rules.unknown_field"))
            let rules =
                "rules:\n  - id: HEAVY-BAGS\n    when: { bags: { at_least: 3 } }\n    then: { severity: normal, flag: general }\n    reason: \"{bags} bags\"\n"
            let installed = try await client.send(.put, "/api/v1/travel/rules", key: analyst, contentType: "application/yaml", body: rules)
            #expect(installed.status == .created && installed.json["version"] as? Int == 1)
            #expect(try await client.send(.get, "/api/v1/travel/rules", key: officer).text == rules)
        }
    }
}
