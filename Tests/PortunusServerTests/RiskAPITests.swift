import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

@Suite("Risk decisions over HTTP")
struct RiskAPITests {
    @Test("rule sets are validated with line, rule and field, stored by key, activated; a day is assessed; officers reroute and record outcomes")
    func flow() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            for index in 0..<30 {
                let lodged = try await client.send(
                    .post, "/api/v1/declarations", key: fixture.keys["admin"],
                    body: declarationJSON(
                        id: "R-\(index)", lodgedAt: "2025-03-01T\(String(format: "%02d", 8 + index % 10)):00:00Z",
                        hsCode: index % 10 == 0 ? "930200" : "847130"))
                #expect(lodged.status == .created)
            }
            let bad = "rules:\n  - id: A\n    when: { colour: red }\n    then: { flag: x }\n    reason: r\n"
            let refused = try await client.send(
                .post, "/api/v1/rule-sets/validate", key: fixture.keys["analyst"], contentType: "application/yaml", body: bad)
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.text.contains("rules.unknown_field") && refused.text.contains("\"line\":3") && refused.text.contains("rule A")
                    && refused.text.contains("/fields/colour"), "\(refused.text)")
            let rules = "rules:\n  - id: ARMS\n    when: { hs_chapter: \"93\" }\n    then: { lane: red }\n    reason: Arms are always examined\n"
            #expect(
                try await client.send(
                    .post, "/api/v1/rule-sets?activate=true", key: fixture.keys["officer"], contentType: "application/yaml",
                    body: rules
                ).status == .forbidden)
            let stored = try await client.send(
                .post, "/api/v1/rule-sets?activate=true&note=arms", key: fixture.keys["analyst"],
                contentType: "application/yaml", body: rules)
            #expect(stored.status == .created, "\(stored.text)")
            let versions = try await client.send(.get, "/api/v1/rule-sets", key: fixture.keys["analyst"])
            #expect(versions.text.contains("\"active\":true") && versions.text.contains("\"note\":\"arms\""))

            // No model yet: lanes come from rules and the budget alone.
            let assessed = try await client.send(
                .post, "/api/v1/assessments?day=2025-03-01&budget_count=5&exploration=20&seed=3", key: fixture.keys["analyst"])
            #expect(assessed.status == .ok, "\(assessed.text)")
            #expect(assessed.text.contains("\"assessed\":30") && assessed.text.contains("\"byRule\":3"), "\(assessed.text)")
            #expect(try await client.send(.post, "/api/v1/assessments?day=2025-03-01&colour=red", key: fixture.keys["analyst"]).status == .badRequest)

            let red = try await client.send(.get, "/api/v1/worklist?office=SEA01&lane=red", key: fixture.keys["officer"])
            #expect(red.status == .ok)
            #expect(red.text.contains("\"forced_by\":\"ARMS\"") && red.text.contains("Arms are always examined"))
            let arms = try await client.send(.get, "/api/v1/declarations/R-0/assessment", key: fixture.keys["officer"])
            #expect(arms.text.contains("\"lane\":\"red\"") && arms.text.contains("\"selection\":\"rule\""), "\(arms.text)")
            #expect(try await client.send(.get, "/api/v1/declarations/R-0/assessment", key: fixture.keys["traderA"]).status == .forbidden)

            let rerouted = try await client.send(
                .post, "/api/v1/declarations/R-0/reroute", key: fixture.keys["officer"],
                body: #"{"lane":"yellow","reason":"documents already verified at origin"}"#)
            #expect(rerouted.status == .ok)
            #expect(
                rerouted.text.contains("\"lane\":\"yellow\"") && rerouted.text.contains("\"assessed_lane\":\"red\"")
                    && rerouted.text.contains("documents already verified at origin"))
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations/R-0/reroute", key: fixture.keys["officer"],
                    body: #"{"lane":"yellow","reason":"  "}"#
                ).status == .unprocessableContent)
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations/R-0/reroute", key: fixture.keys["analyst"],
                    body: #"{"lane":"green","reason":"x"}"#
                ).status == .forbidden)

            let outcome = try await client.send(
                .post, "/api/v1/declarations/R-0/outcome", key: fixture.keys["officer"],
                body: #"{"result":"irregularity","fraud":true}"#)
            #expect(outcome.status == .noContent)
            #expect(try fixture.store.declarations.declaration(id: DeclarationID(unchecked: "R-0"))?.outcome?.fraud == true)
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations/R-0/outcome", key: fixture.keys["officer"],
                    body: #"{"result":"maybe","fraud":true}"#
                ).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/models", key: fixture.keys["analyst"]).text == #"{"models":[]}"#)
        }
    }
}

@Suite("Assessment at lodgement")
struct OnlineAssessmentTests {
    @Test("lodged declarations come back assessed; the day's inspections stay within budget; each online decision re-derives")
    func online() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let rules = "rules:\n  - id: ARMS\n    when: { hs_chapter: \"93\" }\n    then: { lane: red }\n    reason: Arms are always examined\n"
        let version = try fixture.store.decisions.insertRuleSet(yaml: rules, by: "analyst")
        try fixture.store.decisions.activateRuleSet(version: version, by: "analyst")
        try await fixture.application().test(.router) { client in
            let single = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"],
                body: declarationJSON(id: "O-ARMS", hsCode: "930200"))
            #expect(single.status == .created)
            #expect(single.text.contains("\"lane\":\"red\"") && single.text.contains("Arms are always examined"), "\(single.text)")
            let body = (0..<200).map {
                declarationJSON(id: "O-\($0)", lodgedAt: "2025-03-01T10:\(String(format: "%02d", $0 % 60)):00Z")
                    .replacingOccurrences(of: "\n", with: "")
            }.joined(separator: "\n")
            let batch = try await client.send(
                .post, "/api/v1/declarations?explain=none", key: fixture.keys["admin"],
                contentType: "application/x-ndjson", body: body)
            #expect(batch.status == .ok)
            let results = (batch.json["results"] as? [[String: Any]]) ?? []
            #expect(results.count == 200 && results.allSatisfy { ($0["assessment"] as? [String: Any])?["lane"] != nil })
            #expect(results.allSatisfy { ($0["assessment"] as? [String: Any])?["explanation"] == nil })
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations?explain=maybe", key: fixture.keys["admin"],
                    body: declarationJSON(id: "O-X")
                ).status == .badRequest)
        }
        // 201 declarations of SEA01 on 2025-03-01: at most ⌈201 × 10 %⌉ inspections.
        let counters = try fixture.store.decisions.dayCounters(office: "SEA01", day: "2025-03-01")
        #expect(counters.assessed == 201)
        #expect(counters.inspected <= 21)
        for id in ["O-ARMS", "O-0", "O-57", "O-199"] {
            let stored = try #require(try fixture.store.decisions.decision(declarationID: id))
            #expect(stored.rederivedOnlineLane() == stored.assessment.lane, "\(id)")
        }
    }
}

@Suite("Travel files over HTTP")
struct TravelAPITests {
    @Test("an API file is received (201), again (200), refused to officers (403)")
    func receive() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let file = "UNH+1+PAXLST:D:02B:UN:IATA'BGM+745'TDT+20+XY123'LOC+125+FRA'LOC+87+IAD'NAD+FL+++DOE:JANE'ATT+2++F'DTM+329:800101'UNT+9+1'"
        try await fixture.application().test(.router) { client in
            let first = try await client.send(
                .post, "/api/v1/travel/messages", key: fixture.keys["analyst"], contentType: "application/edifact", body: file)
            #expect(first.status == .created)
            #expect(first.json["passengers"] as? Int == 1 && first.json["status"] as? String == "parsed", "\(first.text)")
            #expect(!first.text.contains("DOE"), "the receipt carries counts and diagnostics, not the travellers")
            let again = try await client.send(
                .post, "/api/v1/travel/messages", key: fixture.keys["analyst"], contentType: "application/edifact", body: file)
            #expect(again.status == .ok && again.json["duplicate"] as? Bool == true)
            #expect(
                try await client.send(
                    .post, "/api/v1/travel/messages", key: fixture.keys["officer"], contentType: "application/edifact",
                    body: file
                ).status == .forbidden)
        }
    }
}
