import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PortunusTestSupport
import Testing
import Tracking

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

/// The probes of the hardening review, each as a request from outside: the door refuses what
/// would crash a later read, the server keeps serving afterwards and after a restart, and a
/// trader's answer holds nothing of the targeting.
@Suite("Hardening: the door, later reads, and what traders see")
struct HardeningAPITests {
    /// A rule with a reason that must never reach a trader.
    static let tipOff =
        "rules:\n  - id: TIPOFF-77\n    when: { hs_chapter: \"93\" }\n    then: { lane: red }\n    reason: Informant reports concealed arms from this importer\n"

    @Test("a trader's lodgement answer holds its id and lane only, single and batch, even with explain=all; no score, rule, reason or factor")
    func traderAnswer() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            #expect(
                try await client.send(
                    .post, "/api/v1/rule-sets?activate=true", key: fixture.keys["analyst"], contentType: "application/yaml",
                    body: Self.tipOff
                ).status == .created)
            let single = try await client.send(
                .post, "/api/v1/declarations?explain=all", key: fixture.keys["traderA"],
                body: declarationJSON(id: "T-1", hsCode: "930200"))
            #expect(single.status == .created)
            let assessment = try #require(single.json["assessment"] as? [String: Any])
            #expect(Set(assessment.keys) == ["id", "lane"] && assessment["lane"] as? String == "red")
            let batchBody = [declarationJSON(id: "T-2", hsCode: "930200"), declarationJSON(id: "T-3")].joined(separator: "\n")
            let batch = try await client.send(
                .post, "/api/v1/declarations?explain=all", key: fixture.keys["traderA"], contentType: "application/x-ndjson",
                body: batchBody)
            #expect(batch.status == .ok)
            let results = try #require(batch.json["results"] as? [[String: Any]])
            #expect(results.count == 2 && results.allSatisfy { Set(($0["assessment"] as? [String: Any])?.keys ?? [:].keys) == ["id", "lane"] })
            for text in [single.text, batch.text] {
                for secret in ["TIPOFF", "Informant", "score", "rule", "reason", "explanation", "factor", "selection", "forced_by", "seed"] {
                    #expect(!text.contains(secret), "\(secret) in a trader's answer: \(text)")
                }
            }
            // An officer lodging the same sees the whole assessment.
            let officerView = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "T-4", hsCode: "930200"))
            #expect(((officerView.json["assessment"] as? [String: Any])?["rule_hits"] as? [[String: Any]])?.first?["rule"] as? String == "TIPOFF-77")
            // Every route that returns an assessment refuses traders.
            for (method, uri) in [
                (HTTPRequest.Method.get, "/api/v1/declarations/T-1/assessment"), (.get, "/api/v1/worklist?office=SEA01"),
                (.post, "/api/v1/assessments?day=2025-03-01"), (.get, "/api/v1/rule-sets"), (.get, "/api/v1/models"),
            ] {
                #expect(try await client.send(method, uri, key: fixture.keys["traderA"]).status == .forbidden, "\(uri)")
            }
        }
    }

    @Test("a caller without the role is refused before its body is read: 403, not 413, for bodies over the limits")
    func roleBeforeBody() async throws {
        let fixture = try ServerFixture(maximumBodyBytes: 64 << 10)
        defer { fixture.cleanUp() }
        let large = String(repeating: "x", count: (2 << 20) + 1)
        try await fixture.application().test(.router) { client in
            for (key, method, uri, contentType) in [
                ("officer", HTTPRequest.Method.post, "/api/v1/declarations", "application/x-ndjson"),
                ("traderA", .post, "/api/v1/declarations/T-1/reroute", "application/json"),
                ("traderA", .post, "/api/v1/declarations/T-1/outcome", "application/json"),
                ("officer", .post, "/api/v1/rule-sets", "application/yaml"),
                ("officer", .post, "/api/v1/rule-sets/validate", "application/yaml"),
                ("partner", .post, "/api/v1/biometrics/galleries/border/templates", "application/json"),
                ("traderA", .post, "/api/v1/biometrics/search", "application/json"),
                ("traderA", .post, "/api/v1/certificates/aeo", "application/json"),
                ("traderA", .post, "/api/v1/lab/samples", "application/json"),
                ("partner", .post, "/api/v1/ledger/entries", "application/json"),
            ] {
                let response = try await client.send(method, uri, key: fixture.keys[key], contentType: contentType, body: large)
                #expect(response.status == .forbidden, "\(key) \(uri): \(response.status)")
            }
        }
    }

    @Test(
        "a trader's id is its own reference: another party's id is no clash, reusing its own with other content is id.conflict, the same content is already present"
    )
    func traderReferences() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            // Another party's declaration, lodged by customs with id SHARED-1.
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations", key: fixture.keys["admin"],
                    body: declarationJSON(id: "SHARED-1", importer: "IMP-B")
                ).status == .created)
            // Trader A uses the same text as its own reference: accepted, under an id Portunus assigns.
            let first = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["traderA"], body: declarationJSON(id: "SHARED-1"))
            #expect(first.status == .created && first.json["reference"] as? String == "SHARED-1")
            let assigned = try #require(first.json["id"] as? String)
            #expect(assigned != "SHARED-1" && assigned.hasPrefix("P") && assigned.count == 16)
            #expect(first.headers[.location] == "/api/v1/declarations/\(assigned)")
            // Trader B too: references are per party.
            let other = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderB"], body: declarationJSON(id: "SHARED-1", importer: "IMP-B"))
            #expect(other.status == .created && other.json["id"] as? String != assigned)
            // The same content again is already present, with the same id (a safe retry).
            let again = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["traderA"], body: declarationJSON(id: "SHARED-1"))
            #expect(again.status == .ok && again.json["status"] as? String == "already_present" && again.json["id"] as? String == assigned)
            // Other content under its own reference: id.conflict, about its own reference only.
            let changed = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: declarationJSON(id: "SHARED-1", mass: "99"))
            #expect(changed.status == .unprocessableContent && changed.json["code"] as? String == "id.conflict")
            #expect(changed.text.contains("reference") && !changed.text.contains(assigned))
            #expect(try await client.send(.get, "/api/v1/declarations/\(assigned)", key: fixture.keys["traderA"]).status == .ok)
            // Customs' own lodgements keep the ids they give.
            #expect(try fixture.store.declarations.declarationReference(id: "SHARED-1") == nil)
        }
    }

    @Test("without the lane policy a trader's answer carries no assessment at all")
    func noLaneToTraders() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        var configuration = fixture.configuration
        configuration.laneToTraders = false
        let app = Application(
            router: try PortunusServer.router(
                store: fixture.store, metrics: ServerMetrics(), configuration: configuration, logger: Logger(label: "test")))
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["traderA"], body: declarationJSON(id: "N-1"))
            #expect(response.status == .created && response.json["assessment"] == nil && response.json["reference"] as? String == "N-1")
        }
    }

    @Test(
        "declarations with ids that cannot be read back, bad identifiers, absurd times and amounts are refused with their code and pointer",
        arguments: [
            (declarationJSON(id: "A/B"), "id.invalid", "/id"),
            (declarationJSON(id: "X-1", office: "SEA 01"), "identifier.invalid", "/office"),
            (declarationJSON(id: "X-2", importer: "IMP-A;DROP"), "identifier.invalid", "/parties/importer"),
            (declarationJSON(id: "X-3", lodgedAt: "9999-12-31T00:00:00Z"), "time.implausible", "/lodged_at"),
            (declarationJSON(id: "X-4", lodgedAt: "1969-12-31T23:59:59Z"), "time.implausible", "/lodged_at"),
            (
                declarationJSON(id: "X-5").replacingOccurrences(of: "\"1000.50\"", with: "\"922337203685477\""), "number.too_large",
                "/items/0/customs_value/amount"
            ),
            (declarationJSON(id: "X-6", mass: "1e12"), "number.too_large", "/items/0/net_mass"),
        ])
    func refusedAtTheDoor(_ body: String, _ code: String, _ pointer: String) async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let response = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: body)
            #expect(response.status == .unprocessableContent)
            let errors = response.json["errors"] as? [[String: Any]] ?? [response.json]
            #expect(errors.contains { $0["code"] as? String == code && $0["pointer"] as? String == pointer }, "\(response.text)")
            #expect(try await client.send(.get, "/", key: nil).status == .ok)
            #expect(try await client.send(.get, "/healthz", key: nil).status == .ok)
        }
    }

    @Test("a ledger entry with 1e400 is refused at its pointer instead of trapping the canonicaliser")
    func ledgerNumberBeyondDouble() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            let response = try await client.send(
                .post, "/api/v1/ledger/entries", key: fixture.keys["officer"],
                body: #"{"type":"partner.seizure","v":1,"weight":{"kg":1e400}}"#)
            #expect(
                response.status == .unprocessableContent && response.json["code"] as? String == "number.invalid"
                    && response.json["pointer"] as? String == "/weight/kg")
            #expect(
                try await client.send(
                    .post, "/api/v1/ledger/entries", key: fixture.keys["officer"],
                    body: #"{"type":"partner.seizure","v":1,"weight":{"kg":12.5}}"#
                ).status == .created)
        }
    }

    @Test("a corridor narrower than a metre is refused; zones and detection keep working")
    func degenerateCorridor() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let corridor =
                #"{"type":"Feature","id":"THIN","properties":{"kind":"transit_corridor","buffer_m":1e-17},"geometry":{"type":"LineString","coordinates":[[39.65,-4.05],[39.95,-3.75]]}}"#
            let response = try await client.send(.post, "/api/v1/zones", key: fixture.keys["analyst"], body: corridor)
            #expect(response.status == .unprocessableContent && response.text.contains("/properties/buffer_m"))
            let detect = try await client.send(
                .post, "/api/v1/zones/detect", key: fixture.keys["officer"], body: #"{"previous":[39.6,-4.1],"current":[39.9,-3.7]}"#)
            #expect(detect.status == .ok)
        }
    }

    @Test(
        "fixes and drone reports with times of 1e300 or 1e400 are refused one by one; tracks and the drone list read after them and after a restart")
    func absurdTimes() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        do {
            let tracking = try TrackingService(store: fixture.store)
            try fixture.openMovement(tracking, reference: "MRN-T", device: "TRK-9")
            var absurd = PositionReport(device: "TRK-9", time: Date(timeIntervalSince1970: 1e300), latitude: -4.05, longitude: 39.65)
            absurd.speed = 3
            var fine = absurd
            fine.time = Date()
            var notFinite = fine
            notFinite.altitude = .infinity
            let intake = try await tracking.report([absurd, fine, notFinite], source: "osmand")
            #expect(
                intake.accepted == 1 && intake.rejected.map(\.code) == ["time.implausible", "number.invalid"]
                    && intake.rejected.map(\.index) == [0, 2])
            let seal = try await tracking.seals([SealEvent(seal: "S-1", kind: .opened, at: Date(timeIntervalSince1970: -1))], source: "json")
            #expect(seal.rejected.map(\.code) == ["time.implausible"])
        }
        // Rows an earlier version let in, as they stay behind in a store: every read formats them.
        let now = Date().timeIntervalSince1970
        try await fixture.store.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tracking_position (device, at, received_at, latitude, longitude, source) VALUES
                      ('TRK-9', 1e300, ?, -4.05, 39.65, 'osmand'), ('TRK-9', 9e999, ?, -4.05, 39.65, 'osmand'),
                      ('DRONE-OLD', 1e300, ?, -4.0, 39.5, 'remote_id'), ('DRONE-OLD', -1e300, ?, -4.0, 39.5, 'remote_id')
                    """, arguments: [now, now, now, now])
        }
        for _ in 0..<2 {  // the running server, then a restarted one over the same store
            let app = try fixture.application()
            try await app.test(.router) { client in
                let drones = try await client.send(
                    .post, "/api/v1/tracking/drones", key: fixture.keys["officer"],
                    body:
                        #"[{"id":"DRONE-1","time":1e400,"lat":-4.0,"lon":39.5},{"id":"DRONE-1","time":1e300,"lat":-4.0,"lon":39.5},{"id":"DRONE-1","time":"2026-12-01T00:00:00Z","lat":-4.0,"lon":39.5}]"#
                )
                #expect(drones.status == .ok)
                let rejected = drones.json["rejected"] as? [[String: Any]] ?? []
                #expect(rejected.count == 2 && rejected.allSatisfy { $0["code"] as? String == "time.implausible" }, "\(drones.text)")
                let seen = try await client.send(.get, "/api/v1/tracking/drones?hours=744", key: fixture.keys["officer"])
                #expect(seen.status == .ok && seen.text.contains("DRONE-OLD"), "\(seen.text)")
                let track = try await client.send(.get, "/api/v1/tracking/movements/MRN-T/positions", key: fixture.keys["officer"])
                #expect(track.status == .ok && track.text.contains("9999-12-31T23:59:59Z"), "\(track.text)")
                #expect(try await client.send(.get, "/api/v1/tracking/alerts", key: fixture.keys["officer"]).status == .ok)
            }
        }
        #expect(try fixture.store.tracking.positions(device: "TRK-9").count == 3, "one accepted fix and the two rows written past the door")
    }
}
