import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

/// The clearance contract so far (issue #24): a declaration's `state`, its milestones and the
/// `?state=` filter. The officers' and traders' acts come with the clearance use cases.
@Suite("Clearance over HTTP: state and milestones")
struct ClearanceAPITests {
    @Test("lodgement records LODGED, ACCEPTED and RISK_ASSESSED in its transaction; GET carries the state; ?state= filters")
    func lodgementMilestones() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let created = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "C-1"))
            #expect(created.status == .created, "\(created.text)")
            let lane = try #require((created.json["assessment"] as? [String: Any])?["lane"] as? String)

            let read = try await client.send(.get, "/api/v1/declarations/C-1", key: fixture.keys["admin"])
            #expect(read.status == .ok && read.json["state"] as? String == "risk_assessed" && read.json["id"] as? String == "C-1")

            let log = try await client.send(.get, "/api/v1/declarations/C-1/milestones", key: fixture.keys["admin"])
            #expect(log.status == .ok)
            let milestones = try #require(log.json["milestones"] as? [[String: Any]])
            #expect(milestones.map { $0["code"] as? String } == ["LODGED", "ACCEPTED", "RISK_ASSESSED"])
            #expect((milestones[0]["actor"] as? [String: Any])?["kind"] as? String == "officer")
            #expect((milestones[1]["actor"] as? [String: Any])?["kind"] as? String == "system")
            #expect((milestones[2]["attributes"] as? [String: Any])?["lane"] as? String == lane)
            #expect(milestones.allSatisfy { ($0["at"] as? String).flatMap(ISO8601.parse) != nil && $0["office"] as? String != nil })

            let assessed = try await client.send(.get, "/api/v1/declarations?state=risk_assessed", key: fixture.keys["admin"])
            #expect((assessed.json["declarations"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["C-1"])
            let released = try await client.send(.get, "/api/v1/declarations?state=released", key: fixture.keys["admin"])
            #expect((released.json["declarations"] as? [[String: Any]])?.isEmpty == true)
            let bogus = try await client.send(.get, "/api/v1/declarations?state=teleported", key: fixture.keys["admin"])
            #expect(bogus.status == .badRequest && bogus.json["pointer"] as? String == "state")

            let missing = try await client.send(.get, "/api/v1/declarations/NOPE/milestones", key: fixture.keys["admin"])
            #expect(missing.status == .notFound)
        }
    }

    @Test("a trader sees its milestones without officers' ids, and another party's declaration does not exist for it")
    func traderView() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let created = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "C-2"))
            #expect(created.status == .created, "\(created.text)")
            let own = try await client.send(.get, "/api/v1/declarations/C-2/milestones", key: fixture.keys["traderA"])
            #expect(own.status == .ok, "\(own.text)")
            let milestones = try #require(own.json["milestones"] as? [[String: Any]])
            #expect(milestones.count == 3)
            #expect(milestones.allSatisfy { (($0["actor"] as? [String: Any])?["id"] as? String) == "" })
            let other = try await client.send(.get, "/api/v1/declarations/C-2/milestones", key: fixture.keys["traderB"])
            #expect(other.status == .notFound)
        }
    }

    /// A fixture whose rules send HS chapter 93 to red, 84 to yellow and 61 to blue.
    static func routed() throws -> ServerFixture {
        let fixture = try ServerFixture()
        let rules = """
            rules:
              - id: ARMS
                when: { hs_chapter: "93" }
                then: { lane: red }
                reason: Arms are examined
              - id: MACHINES
                when: { hs_chapter: "84" }
                then: { lane: yellow }
                reason: Machines need their documents
              - id: CLOTHES
                when: { hs_chapter: "61" }
                then: { lane: blue }
                reason: Clothes are audited afterwards
            """
        try fixture.store.decisions.activateRuleSet(version: try fixture.store.decisions.insertRuleSet(yaml: rules, by: "analyst"), by: "analyst")
        return fixture
    }

    func step(
        _ client: some TestClientProtocol, _ id: String, _ code: String, key: String?, attributes: [String: String] = [:]
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["code": code, "attributes": attributes]), as: UTF8.self)
        let response = try await client.send(.post, "/api/v1/declarations/\(id)/milestones", key: key, body: body)
        return (response.status, response.json)
    }

    /// The codes of a declaration's milestones, in order.
    func codes(_ client: some TestClientProtocol, _ id: String, key: String?) async throws -> [String] {
        let log = try await client.send(.get, "/api/v1/declarations/\(id)/milestones", key: key)
        return (log.json["milestones"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
    }

    @Test("yellow: an officer asks for documents, the trader supplies them, the officer accepts; each step once in the log")
    func yellowDocuments() async throws {
        let fixture = try Self.routed()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let created = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: declarationJSON(id: "Y-1", hsCode: "847130"))
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let asked = try await step(client, id, "DOCS_REQUESTED", key: fixture.keys["officer"], attributes: ["documents": "invoice"])
            #expect(asked.status == .created && asked.json["state"] as? String == "docs_requested", "\(asked.json)")
            // The trader may not accept its own documents, and an officer may not supply them.
            #expect(try await step(client, id, "DOCS_ACCEPTED", key: fixture.keys["traderA"]).status == .forbidden)
            #expect(try await step(client, id, "DOCS_SUPPLIED", key: fixture.keys["officer"], attributes: ["documents": "x"]).status == .forbidden)
            // Another trader cannot see it.
            #expect(try await step(client, id, "DOCS_SUPPLIED", key: fixture.keys["traderB"], attributes: ["documents": "x"]).status == .notFound)
            let supplied = try await step(client, id, "DOCS_SUPPLIED", key: fixture.keys["traderA"], attributes: ["documents": "invoice 7"])
            #expect(supplied.json["state"] as? String == "docs_supplied")
            let accepted = try await step(client, id, "DOCS_ACCEPTED", key: fixture.keys["officer"])
            #expect(accepted.json["state"] as? String == "docs_accepted")
            #expect(
                try await codes(client, id, key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "DOCS_REQUESTED", "DOCS_SUPPLIED", "DOCS_ACCEPTED",
                ])
            // Release waits for the duties: refused with the state named.
            let early = try await step(client, id, "RELEASED", key: fixture.keys["officer"])
            #expect(early.status == .conflict && (early.json["detail"] as? String)?.contains("docs_accepted") == true, "\(early.json)")
        }
    }

    @Test("red: assigned, started, done, held and seized; refused steps are 409 and change nothing; a missing reason is 422")
    func redExamination() async throws {
        let fixture = try Self.routed()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let created = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "R-1", hsCode: "930200"))
            #expect(created.status == .created, "\(created.text)")
            #expect(try await step(client, "R-1", "EXAM_STARTED", key: fixture.keys["officer"]).status == .conflict, "not assigned yet")
            #expect(try await step(client, "R-1", "EXAM_ASSIGNED", key: fixture.keys["officer"]).status == .unprocessableContent, "no examiner")
            for (code, attributes) in [("EXAM_ASSIGNED", ["examiner": "officer-7"]), ("EXAM_STARTED", [:]), ("EXAM_DONE", [:])] {
                #expect(try await step(client, "R-1", code, key: fixture.keys["officer"], attributes: attributes).status == .created, "\(code)")
            }
            #expect(try await step(client, "R-1", "HELD", key: fixture.keys["officer"]).status == .unprocessableContent, "a hold needs its reason")
            #expect(
                try await step(client, "R-1", "HELD", key: fixture.keys["officer"], attributes: ["reason": "undeclared parts"]).status == .created)
            let seized = try await step(client, "R-1", "SEIZED", key: fixture.keys["officer"], attributes: ["reason": "arms without licence"])
            #expect(seized.json["state"] as? String == "seized")
            let after = try await step(client, "R-1", "RELEASED", key: fixture.keys["officer"])
            #expect(after.status == .conflict && (after.json["detail"] as? String)?.contains("nothing follows") == true)
            #expect(try await step(client, "R-1", "LODGED", key: fixture.keys["officer"]).status == .badRequest, "Portunus takes that step itself")
            #expect(
                try await codes(client, "R-1", key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "EXAM_ASSIGNED", "EXAM_STARTED", "EXAM_DONE", "HELD", "SEIZED",
                ])
            let seizedList = try await client.send(.get, "/api/v1/declarations?state=seized", key: fixture.keys["admin"])
            #expect((seizedList.json["declarations"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["R-1"])
        }
    }

    @Test("blue: released at once in the lodgement; arrival and gate-out replayed change nothing")
    func blueWithEvents() async throws {
        let fixture = try Self.routed()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let created = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "B-1", hsCode: "610910"))
            #expect(created.status == .created, "\(created.text)")
            func event(_ code: String, key idempotency: String, agency: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
                var body: [String: Any] = [
                    "code": code, "at": "2026-12-07T10:00:00Z", "source": agency ?? "port-msa", "actor_kind": agency == nil ? "port" : "agency",
                    "idempotency_key": idempotency,
                ]
                if let agency { body["attributes"] = ["agency": agency] }
                let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                let response = try await client.send(
                    .post, "/api/v1/declarations/B-1/events", key: fixture.keys[agency == nil ? "port" : "kebs"], body: text)
                return (response.status, response.json)
            }
            // Released in the lodgement itself; an agency's hold comes too late, and an officer's release has nothing to do.
            #expect(try await event("OGA_HOLD", key: "kebs-1", agency: "KEBS").0 == .conflict)
            #expect(try await step(client, "B-1", "RELEASED", key: fixture.keys["officer"]).status == .conflict)
            let arrived = try await event("ARRIVED", key: "msa-77")
            #expect(arrived.0 == .created && arrived.1["arrived"] as? Bool == true)
            let replay = try await event("ARRIVED", key: "msa-77")
            #expect(replay.0 == .ok && replay.1["replayed"] as? Bool == true)
            #expect(try await event("EXITED", key: "gate-1").1["state"] as? String == "exited")
            #expect(try await event("EXITED", key: "gate-1").0 == .ok)
            #expect(
                try await codes(client, "B-1", key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "RELEASED", "ARRIVED", "EXITED",
                ])
            // A trader cannot report events.
            let text = #"{"code":"ARRIVED","at":"2026-12-07T10:00:00Z","source":"x","actor_kind":"port"}"#
            #expect(try await client.send(.post, "/api/v1/declarations/B-1/events", key: fixture.keys["traderA"], body: text).status == .forbidden)
        }
    }

    @Test(
        "an event without its idempotency key, from too far ahead, with an attribute it does not carry, or reusing a key for another event is refused"
    )
    func eventRefusals() async throws {
        let fixture = try Self.routed()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let created = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "E-1", hsCode: "610910"))
            #expect(created.status == .created, "\(created.text)")
            func post(_ body: String, key: String = "port") async throws -> (HTTPResponse.Status, [String: Any]) {
                let response = try await client.send(.post, "/api/v1/declarations/E-1/events", key: fixture.keys[key], body: body)
                return (response.status, response.json)
            }
            // A partner key speaks for its own organisation only, and an unbound one for none.
            let unbound = try await post(
                #"{"code":"ARRIVED","at":"2026-12-07T10:00:00Z","source":"port-msa","actor_kind":"port","idempotency_key":"u1"}"#, key: "partner")
            #expect(unbound.0 == .forbidden)
            let otherPort = try await post(
                #"{"code":"ARRIVED","at":"2026-12-07T10:00:00Z","source":"port-dar","actor_kind":"port","idempotency_key":"u2"}"#)
            #expect(otherPort.0 == .forbidden && otherPort.1["pointer"] as? String == "/source")
            let otherAgency = try await post(
                #"{"code":"OGA_HOLD","at":"2026-12-07T10:00:00Z","source":"KEBS","actor_kind":"agency","idempotency_key":"u3","attributes":{"agency":"KEPHIS"}}"#,
                key: "kebs")
            #expect(otherAgency.0 == .forbidden && otherAgency.1["pointer"] as? String == "/attributes/agency")
            let noKey = try await post(#"{"code":"ARRIVED","at":"2026-12-07T10:00:00Z","source":"port-msa","actor_kind":"port"}"#)
            #expect(noKey.0 == .unprocessableContent && noKey.1["pointer"] as? String == "/idempotency_key")
            let future = try await post(
                #"{"code":"ARRIVED","at":"2999-01-01T00:00:00Z","source":"port-msa","actor_kind":"port","idempotency_key":"a1"}"#)
            #expect(future.0 == .unprocessableContent && future.1["pointer"] as? String == "/at")
            let extra = try await post(
                #"{"code":"ARRIVED","at":"2026-12-07T10:00:00Z","source":"port-msa","actor_kind":"port","idempotency_key":"a2","attributes":{"lane":"green"}}"#
            )
            #expect(extra.0 == .unprocessableContent && extra.1["pointer"] as? String == "/attributes/lane")
            #expect(
                try await post(#"{"code":"ARRIVED","at":"2026-12-07T10:00:00Z","source":"port-msa","actor_kind":"port","idempotency_key":"k9"}"#).0
                    == .created)
            let reused = try await post(
                #"{"code":"OGA_HOLD","at":"2026-12-07T10:00:00Z","source":"KEBS","actor_kind":"agency","idempotency_key":"k9","attributes":{"agency":"KEBS"}}"#,
                key: "kebs")
            #expect(reused.0 == .conflict && reused.1["pointer"] as? String == "/idempotency_key")
            #expect(try await codes(client, "E-1", key: fixture.keys["admin"]) == ["LODGED", "ACCEPTED", "RISK_ASSESSED", "RELEASED", "ARRIVED"])
        }
    }
}
