import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import RiskEngine
@testable import Storage

@Suite("Lodgement over HTTP: one transaction, one assessment")
struct LodgementAPITests {
    @Test("a bad ?explain= is refused before anything is stored; the retry lodges and assesses")
    func badOptionStoresNothing() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let refused = try await client.send(
                .post, "/api/v1/declarations?explain=bogus", key: fixture.keys["admin"], body: declarationJSON(id: "X-1"))
            #expect(refused.status == .badRequest)
            #expect(refused.json["code"] as? String == "argument.invalid" && refused.json["pointer"] as? String == "explain")
            let batch = try await client.send(
                .post, "/api/v1/declarations?explain=bogus", key: fixture.keys["admin"], contentType: "application/x-ndjson",
                body: declarationJSON(id: "X-2").replacingOccurrences(of: "\n", with: ""))
            #expect(batch.status == .badRequest)
            #expect(try fixture.store.declarations.count() == 0)
            #expect(try fixture.store.ledger.pendingCount() == 0)

            let retry = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "X-1"))
            #expect(retry.status == .created, "\(retry.text)")
            #expect((retry.json["assessment"] as? [String: Any])?["lane"] != nil)
            #expect(try fixture.store.decisions.decision(declarationID: "X-1") != nil)
        }
    }

    @Test("the lodgement answer and GET …/assessment give the same assessment and the same reasons, exploration draws included")
    func postAndGetAgree() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let rules = "rules:\n  - id: ARMS\n    when: { hs_chapter: \"93\" }\n    then: { lane: red }\n    reason: Arms are always examined\n"
        try fixture.store.decisions.activateRuleSet(version: try fixture.store.decisions.insertRuleSet(yaml: rules, by: "analyst"), by: "analyst")
        // Half the day inspected, all of it drawn at random: exploration draws are certain to occur.
        var configuration = fixture.configuration
        configuration.selectivity.budget = .percent(50)
        configuration.selectivity.explorationPercent = 100
        try await fixture.application(configuration: configuration).test(.router) { client in
            let body = (0..<40).map {
                declarationJSON(
                    id: "A-\($0)", lodgedAt: "2025-03-01T10:\(String(format: "%02d", $0)):00Z", hsCode: $0 % 10 == 0 ? "930200" : "847130"
                ).replacingOccurrences(of: "\n", with: "")
            }.joined(separator: "\n")
            let batch = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], contentType: "application/x-ndjson", body: body)
            #expect(batch.status == .ok, "\(batch.text)")
            let results = (batch.json["results"] as? [[String: Any]]) ?? []
            #expect(results.count == 40)
            var selections: Set<String> = []
            for result in results {
                let posted = try #require(result["assessment"] as? [String: Any])
                let id = try #require(result["id"] as? String)
                let read = try await client.send(.get, "/api/v1/declarations/\(id)/assessment", key: fixture.keys["officer"]).json
                for key in ["id", "lane", "selection", "score", "risk_score", "seed", "office", "day", "aeo"] {
                    #expect("\(posted[key] ?? "nil")" == "\(read[key] ?? "nil")", "\(id) \(key)")
                }
                #expect(posted["reasons"] as? [String] == read["reasons"] as? [String], "\(id)")
                #expect(read["assessed_lane"] as? String == posted["lane"] as? String)
                selections.insert(posted["selection"] as? String ?? "")
            }
            #expect(selections.contains("exploration") && selections.contains("rule"), "\(selections)")
            let explored = try #require(results.first { ($0["assessment"] as? [String: Any])?["selection"] as? String == "exploration" })
            let reasons = ((explored["assessment"] as? [String: Any])?["reasons"] as? [String]) ?? []
            #expect(reasons.contains { $0.hasPrefix("selected at random for exploration") })
        }
    }
}
