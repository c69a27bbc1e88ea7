import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer

/// The inspection act and amendments through the API: an examination closed with corrections
/// makes a new version charged on the corrected facts; a trader amends after supplying documents;
/// refusals name their place.
@Suite("Inspection acts and amendments through the API")
struct ExaminationAPITests {
    func step(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ id: String, _ code: String, _ attributes: [String: String] = [:])
        async throws -> TestResponse
    {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["code": code, "attributes": attributes]), as: UTF8.self)
        return try await client.send(.post, "/api/v1/declarations/\(id)/milestones", key: fixture.keys["officer"], body: body)
    }

    func codes(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ id: String) async throws -> [String] {
        let log = try await client.send(.get, "/api/v1/declarations/\(id)/milestones", key: fixture.keys["admin"])
        return (log.json["milestones"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
    }

    @Test("red: the act corrects code and value; a new version, the outcome labelled, duties on the corrected facts")
    func examinationWithCorrections() async throws {
        let fixture = try DutyAPITests.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let lodged = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: DutyAPITests.declaration(id: "R-2", hsCode: "930200", origin: "KE")
            )
            let id = try #require(lodged.json["id"] as? String, "\(lodged.text)")
            _ = try await step(client, fixture, id, "EXAM_ASSIGNED", ["examiner": "officer-7"])
            _ = try await step(client, fixture, id, "EXAM_STARTED")
            func inspect(_ body: String) async throws -> TestResponse {
                try await client.send(.post, "/api/v1/declarations/\(id)/inspection", key: fixture.keys["officer"], body: body)
            }
            let misspelt = try await inspect(#"{"result":"discrepancy","findings":[{"item":1,"hs_cod":"640399"}]}"#)
            #expect(misspelt.status.code == 400 || misspelt.status.code == 422)
            #expect(misspelt.json["pointer"] as? String == "/findings/0/hs_cod", "\(misspelt.text)")
            let noItem = try await inspect(#"{"result":"discrepancy","findings":[{"item":9,"net_mass":"3"}]}"#)
            #expect(noItem.json["pointer"] as? String == "/findings/0/item", "\(noItem.text)")
            let asDeclaredButCorrects = try await inspect(#"{"result":"as_declared","findings":[{"item":1,"net_mass":"3"}]}"#)
            #expect(asDeclaredButCorrects.json["pointer"] as? String == "/findings/0", "\(asDeclaredButCorrects.text)")
            let badHash = try await inspect(#"{"result":"as_declared","attachments":[{"name":"a.jpg","sha256":"xyz"}]}"#)
            #expect(badHash.json["pointer"] as? String == "/attachments/0/sha256", "\(badHash.text)")
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations/\(id)/inspection", key: fixture.keys["traderA"], body: #"{"result":"as_declared"}"#
                ).status == .forbidden)
            let act = #"""
                {"result":"discrepancy","findings":[{"item":1,"hs_code":"640399","customs_value":{"amount":"2000","currency":"USD"},"note":"shoes, not arms"}],
                 "seals":["MSKU-55120"],"attachments":[{"name":"photo-1.jpg","sha256":"\#(String(repeating: "ab", count: 32))"}],"fraud":true}
                """#
            let closed = try await inspect(act)
            #expect(closed.status == .created && closed.json["state"] as? String == "duty_assessed", "\(closed.text)")
            #expect(closed.json["version"] as? Int == 2)
            #expect(
                try await codes(client, fixture, id) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "EXAM_ASSIGNED", "EXAM_STARTED", "EXAM_DONE", "AMENDED", "DUTY_ASSESSED",
                ])
            // 2,000 USD at 0.9 = 1,800 EUR; 8 % = 144; VAT 20 % of 1,944 = 388.80.
            let duties = try await client.send(.get, "/api/v1/declarations/\(id)/duties", key: fixture.keys["traderA"])
            #expect(
                duties.json["version"] as? Int == 2 && (duties.json["total"] as? [String: Any])?["amount"] as? String == "532.8", "\(duties.text)")
            // The first version is kept; the act is on record; the risk model's label is set.
            let history = try await client.send(.get, "/api/v1/declarations/\(id)/versions", key: fixture.keys["admin"])
            let version = try #require((history.json["versions"] as? [[String: Any]])?.first)
            #expect(version["version"] as? Int == 2 && ((version["items"] as? [[String: Any]])?.first?["hs_code"] as? String) == "640399")
            let acts = try #require(history.json["inspection_acts"] as? [[String: Any]])
            #expect(acts.first?["examiner"] as? String != "" && (acts.first?["act"] as? [String: Any])?["fraud"] as? Bool == true)
            let traderView = try await client.send(.get, "/api/v1/declarations/\(id)/versions", key: fixture.keys["traderA"])
            let traderActs = try #require(traderView.json["inspection_acts"] as? [[String: Any]])
            #expect(traderActs.first?["examiner"] as? String == "" && (traderActs.first?["act"] as? [String: Any])?["fraud"] as? Bool == false)
            let read = try await client.send(.get, "/api/v1/declarations/\(id)", key: fixture.keys["admin"])
            let outcome = try #require(read.json["outcome"] as? [String: Any], "\(read.text)")
            #expect(outcome["result"] as? String == "irregularity" && outcome["fraud"] as? Bool == true)
            // The declaration as lodged still says what was declared.
            #expect(((read.json["items"] as? [[String: Any]])?.first?["hs_code"] as? String) == "930200")
        }
    }

    @Test("yellow: the trader amends after supplying documents; duties on the new version; refusals before and by others")
    func traderAmendment() async throws {
        let fixture = try DutyAPITests.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let lodged = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: DutyAPITests.declaration(id: "Y-2", hsCode: "847130", origin: "KE")
            )
            let id = try #require(lodged.json["id"] as? String, "\(lodged.text)")
            let amendment = #"""
                {"reason":"invoice corrected","items":[{"sequence":1,"hs_code":"847130","country_of_origin":"KE","country_of_departure":"KE",
                 "net_mass":"12.5","customs_value":{"amount":"1500.00","currency":"USD"},"duty_rate":"0","tax_type":"A"}]}
                """#
            func amend(_ key: String?, _ body: String = amendment) async throws -> TestResponse {
                try await client.send(.post, "/api/v1/declarations/\(id)/amendments", key: key, body: body)
            }
            // Not before the documentary check has started.
            #expect(try await amend(fixture.keys["traderA"]).status == .conflict)
            _ = try await step(client, fixture, id, "DOCS_REQUESTED", ["documents": "invoice"])
            _ = try await client.send(
                .post, "/api/v1/declarations/\(id)/milestones", key: fixture.keys["traderA"],
                body: #"{"code":"DOCS_SUPPLIED","attributes":{"documents":"invoice"}}"#)
            #expect(try await amend(fixture.keys["traderB"]).status == .notFound)
            let noReason = try await amend(fixture.keys["traderA"], amendment.replacingOccurrences(of: #""reason":"invoice corrected","#, with: ""))
            #expect(noReason.json["pointer"] as? String == "/reason", "\(noReason.text)")
            let badItem = try await amend(fixture.keys["traderA"], amendment.replacingOccurrences(of: "\"12.5\"", with: "\"-1\""))
            #expect(badItem.status.code >= 400 && (badItem.json["pointer"] as? String)?.hasPrefix("/items/0") == true, "\(badItem.text)")
            let amended = try await amend(fixture.keys["traderA"])
            #expect(amended.status == .created && amended.json["state"] as? String == "amended", "\(amended.text)")
            // The trader's new facts wait for the officer's check; no second amendment meanwhile.
            #expect(try await client.send(.get, "/api/v1/declarations/\(id)/duties", key: fixture.keys["traderA"]).status == .notFound)
            #expect(try await amend(fixture.keys["traderA"]).status == .conflict)
            #expect(try await step(client, fixture, id, "DOCS_ACCEPTED").json["state"] as? String == "duty_assessed")
            // 1,500 USD at 0.9 = 1,350 EUR; 3 % = 40.50; VAT 20 % of 1,390.50 = 278.10.
            let duties = try await client.send(.get, "/api/v1/declarations/\(id)/duties", key: fixture.keys["traderA"])
            #expect(
                duties.json["version"] as? Int == 2 && (duties.json["total"] as? [String: Any])?["amount"] as? String == "318.6", "\(duties.text)")
            #expect(
                try await codes(client, fixture, id) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "DOCS_REQUESTED", "DOCS_SUPPLIED", "AMENDED", "DOCS_ACCEPTED", "DUTY_ASSESSED",
                ])
        }
    }

    @Test("a trader cannot amend its way out of a hold or past an examination; an officer can amend a held declaration")
    func traderAmendmentLimits() async throws {
        let fixture = try DutyAPITests.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let items = #"""
                {"reason":"lower value","items":[{"sequence":1,"hs_code":"630790","country_of_origin":"KE","country_of_departure":"KE",
                 "net_mass":"12.5","customs_value":{"amount":"10.00","currency":"USD"},"duty_rate":"0","tax_type":"A"}]}
                """#
            let lodged = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: DutyAPITests.declaration(id: "H-9", hsCode: "630790", origin: "KE")
            )
            let id = try #require(lodged.json["id"] as? String, "\(lodged.text)")
            #expect(try await step(client, fixture, id, "HELD", ["reason": "valuation query"]).json["state"] as? String == "held")
            let escape = try await client.send(.post, "/api/v1/declarations/\(id)/amendments", key: fixture.keys["traderA"], body: items)
            #expect(escape.status == .conflict, "\(escape.text)")
            let byOfficer = try await client.send(.post, "/api/v1/declarations/\(id)/amendments", key: fixture.keys["officer"], body: items)
            #expect(byOfficer.status == .created, "\(byOfficer.text)")
            // Red, examined: the examiner's facts stand against the trader.
            let red = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: DutyAPITests.declaration(id: "R-9", hsCode: "930200", origin: "KE")
            )
            let redID = try #require(red.json["id"] as? String)
            _ = try await step(client, fixture, redID, "EXAM_ASSIGNED", ["examiner": "officer-7"])
            _ = try await step(client, fixture, redID, "EXAM_STARTED")
            #expect(try await step(client, fixture, redID, "EXAM_DONE").json["state"] as? String == "duty_assessed")
            let undo = try await client.send(
                .post, "/api/v1/declarations/\(redID)/amendments", key: fixture.keys["traderA"],
                body: items.replacingOccurrences(of: "630790", with: "930200"))
            #expect(undo.status == .conflict, "\(undo.text)")
        }
    }

    @Test("a sample taken during the examination holds the duties until its result; the result lets them follow")
    func sampleHoldsDuties() async throws {
        let fixture = try DutyAPITests.charged()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: DutyAPITests.declaration(id: "L-1", hsCode: "930200", origin: "KE"))
            _ = try await step(client, fixture, "L-1", "EXAM_ASSIGNED", ["examiner": "officer-7"])
            _ = try await step(client, fixture, "L-1", "EXAM_STARTED")
            let taken = try await client.send(
                .post, "/api/v1/lab/samples", key: fixture.keys["officer"], body: #"{"id":"S-L1","description":"powder","declaration":"L-1"}"#)
            #expect(taken.status == .created, "\(taken.text)")
            // Examination closed, but the duties wait for the laboratory.
            #expect(try await step(client, fixture, "L-1", "EXAM_DONE").json["state"] as? String == "exam_done")
            for event in [
                #"{"event":"sealed","seal":"SEAL-1"}"#, #"{"event":"received","laboratory":"LAB-1","seal_intact":true}"#,
                #"{"event":"tested","method":"FTIR"}"#,
            ] {
                #expect(try await client.send(.post, "/api/v1/lab/samples/S-L1/events", key: fixture.keys["officer"], body: event).status == .ok)
            }
            #expect(try await client.send(.get, "/api/v1/declarations/L-1/duties", key: fixture.keys["admin"]).status == .notFound)
            let result = try await client.send(
                .post, "/api/v1/lab/samples/S-L1/events", key: fixture.keys["officer"], body: #"{"event":"result","conclusion":"conform"}"#)
            #expect(result.status == .ok, "\(result.text)")
            let state = try await client.send(.get, "/api/v1/declarations/L-1", key: fixture.keys["admin"])
            #expect(state.json["state"] as? String == "duty_assessed", "\(state.text)")
            #expect(
                try await codes(client, fixture, "L-1") == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "EXAM_ASSIGNED", "EXAM_STARTED", "SAMPLE_TAKEN", "EXAM_DONE", "LAB_RESULT",
                    "DUTY_ASSESSED",
                ])
            // A sample of released goods (a post-clearance audit) holds nothing.
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: DutyAPITests.declaration(id: "L-2", hsCode: "610910", origin: "KE"))
            let audit = try await client.send(
                .post, "/api/v1/lab/samples", key: fixture.keys["officer"], body: #"{"id":"S-L2","description":"fibre","declaration":"L-2"}"#)
            #expect(audit.status == .created)
            #expect(try await codes(client, fixture, "L-2") == ["LODGED", "ACCEPTED", "RISK_ASSESSED", "RELEASED"])
        }
    }

    @Test("an officer rejects (invalidates) a declaration before its duties are settled, with the reason; nothing follows")
    func rejection() async throws {
        let fixture = try DutyAPITests.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let lodged = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: DutyAPITests.declaration(id: "J-1", hsCode: "847130", origin: "KE")
            )
            let id = try #require(lodged.json["id"] as? String)
            #expect(try await step(client, fixture, id, "REJECTED").status == .unprocessableContent, "a rejection names its reason")
            let byTrader = try await client.send(
                .post, "/api/v1/declarations/\(id)/milestones", key: fixture.keys["traderA"],
                body: #"{"code":"REJECTED","attributes":{"reason":"x"}}"#)
            #expect(byTrader.status == .forbidden)
            let rejected = try await step(client, fixture, id, "REJECTED", ["reason": "invoice does not match the goods"])
            #expect(rejected.json["state"] as? String == "rejected", "\(rejected.text)")
            #expect(try await step(client, fixture, id, "DOCS_REQUESTED", ["documents": "invoice"]).status == .conflict)
            // A released declaration cannot be rejected.
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: DutyAPITests.declaration(id: "J-2", hsCode: "090111", origin: "KE"))
            #expect(try await step(client, fixture, "J-2", "REJECTED", ["reason": "late"]).status == .conflict)
        }
    }
}
