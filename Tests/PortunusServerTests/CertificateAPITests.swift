import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

@Suite("Certificates and laboratory custody")
struct CertificateAPITests {
    @Test(
        "an AEO authorisation issued, verified offline from its bundle, suspended, reinstated, revoked; an old bundle checked against the log reports the revocation"
    )
    func aeoLifecycle() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let logKey = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        let policy = try TlogPolicy(text: "log \(logKey.vkey)\nquorum none\n")
        try await fixture.application(ledger: runtime).test(.router) { client in
            let request = #"{"holder":"IMP-A","programme":"AEOF","valid_from":"2026-01-01","mutual_recognition":["US","JP"]}"#
            #expect(try await client.send(.post, "/api/v1/certificates/aeo", key: fixture.keys["officer"], body: request).status == .forbidden)
            let issued = try await client.send(.post, "/api/v1/certificates/aeo", key: fixture.keys["admin"], body: request)
            #expect(issued.status == .created, "\(issued.text)")
            let id = try #require(issued.json["id"] as? String)
            #expect(issued.json["status"] as? String == "granted")
            // Times leave as ISO 8601 in UTC (the store keeps them as Date).
            for key in ["issued_at", "updated_at"] {
                #expect((issued.json[key] as? String).flatMap(ISO8601.parse) != nil, "\(key): \(String(describing: issued.json[key]))")
            }
            #expect(
                ((issued.json["events"] as? [[String: Any]])?.first?["at"] as? String).flatMap(ISO8601.parse) != nil)
            #expect(((issued.json["events"] as? [[String: Any]])?.first?["ledger_index"] as? Int) != nil, "appended at once")
            #expect(try fixture.store.decisions.aeoParties().contains("IMP-A"), "a granted holder is an AEO for risk assessment")

            // The holder (trader IMP-A) may fetch its bundle; another trader sees nothing.
            let bundle = try await client.send(.get, "/api/v1/certificates/aeo/\(id)/bundle", key: fixture.keys["traderA"])
            #expect(bundle.status == .ok)
            #expect(try await client.send(.get, "/api/v1/certificates/aeo/\(id)", key: fixture.keys["traderB"]).status == .notFound)
            let granted = try CertificateVerifier.verify(bundle: Data(buffer: bundle.body), policy: policy)
            #expect(granted.status == "granted" && granted.inForce && granted.holder == "IMP-A" && granted.id == id)

            // A document altered in the bundle no longer matches the log.
            var object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: bundle.body)) as? [String: Any])
            var document = try #require(object["document"] as? [String: Any])
            document["holder"] = "IMP-B"
            object["document"] = document
            let forged = try JSONSerialization.data(withJSONObject: object)
            #expect(throws: LedgerError.self) { try CertificateVerifier.verify(bundle: forged, policy: policy) }
            // A policy that wants a witness refuses a checkpoint without cosignatures.
            let witness = try NoteSigner.generate(name: "customs-b.example/witness", type: NoteVerifierKey.cosignatureV1).verifierKey
            let strict = try TlogPolicy(text: "log \(logKey.vkey)\nwitness B \(witness.vkey)\nquorum B\n")
            #expect(throws: LedgerError.self) { try CertificateVerifier.verify(bundle: Data(buffer: bundle.body), policy: strict) }

            // Suspended, then reinstated, then revoked; revoked is final.
            for (status, code) in [("suspended", 200), ("suspended", 409), ("granted", 200), ("revoked", 200), ("granted", 409), ("expired", 400)] {
                let changed = try await client.send(
                    .post, "/api/v1/certificates/aeo/\(id)/status", key: fixture.keys["admin"],
                    body: #"{"status":"\#(status)","reason":"audit finding"}"#)
                #expect(changed.status.code == code, "\(status): \(changed.text)")
                if status == "suspended" && code == 200 { #expect(try !fixture.store.decisions.aeoParties().contains("IMP-A")) }
            }
            #expect(try !fixture.store.decisions.aeoParties().contains("IMP-A"))
            let revoked = try CertificateVerifier.verify(
                bundle: Data(buffer: try await client.send(.get, "/api/v1/certificates/aeo/\(id)/bundle", key: fixture.keys["partner"]).body),
                policy: policy)
            #expect(revoked.status == "revoked" && !revoked.inForce)
            // The old bundle still proves "granted" — but read against the log, the revocation shows.
            let log = LogSource.directory(fixture.directory.appendingPathComponent("ledger"))
            let monitored = try CertificateVerifier.verify(bundle: Data(buffer: bundle.body), policy: policy, log: log)
            #expect(monitored.status == "granted" && monitored.laterStatus?.status == "revoked" && !monitored.inForce)
            #expect(monitored.checkedUpTo == runtime.log?.size)
            // No personal data in the log: the holder is only inside the hashed document.
            let entries = try runtime.log!.reader.entries(size: runtime.log!.size, root: runtime.log!.checkpoint.root)
            #expect(
                entries.allSatisfy {
                    !String(decoding: $0, as: UTF8.self).contains("IMP-A") && !String(decoding: $0, as: UTF8.self).contains("audit finding")
                })
        }
    }

    @Test("certificates of origin are validated field by field; issued and revoked")
    func origin() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            let bad =
                #"{"exporter":"EXP-1","origin_country":"XX","destination_country":"DE","goods":[{"hs_code":"12","description":""}],"colour":"red"}"#
            let refused = try await client.send(.post, "/api/v1/certificates/origin", key: fixture.keys["admin"], body: bad)
            #expect(refused.status.code >= 400 && refused.status.code < 500)
            #expect(refused.text.contains("/colour"), "\(refused.text)")
            let good =
                #"{"id":"COO-2026-0001","exporter":"EXP-1","origin_country":"VN","destination_country":"DE","goods":[{"hs_code":"640399","description":"leather footwear","quantity":"1200 pairs"}],"preference":"REX"}"#
            let issued = try await client.send(.post, "/api/v1/certificates/origin", key: fixture.keys["admin"], body: good)
            #expect(issued.status == .created, "\(issued.text)")
            #expect(issued.json["status"] as? String == "issued")
            let document = try #require(issued.json["document"] as? [String: Any])
            #expect(document["issuer"] as? String == "customs-a.example/ledger" && document["origin_country"] as? String == "VN")
            #expect(try await client.send(.post, "/api/v1/certificates/origin", key: fixture.keys["admin"], body: good).status == .conflict)
            #expect(
                try await client.send(
                    .post, "/api/v1/certificates/origin/COO-2026-0001/status", key: fixture.keys["admin"],
                    body: #"{"status":"suspended"}"#
                ).status == .badRequest)
            #expect(
                try await client.send(
                    .post, "/api/v1/certificates/origin/COO-2026-0001/status", key: fixture.keys["admin"],
                    body: #"{"status":"revoked","reason":"origin not proven"}"#
                ).status == .ok)
            let listed = try await client.send(.get, "/api/v1/certificates/origin?holder=EXP-1", key: fixture.keys["analyst"])
            #expect((listed.json["certificates"] as? [[String: Any]])?.first?["status"] as? String == "revoked")
        }
    }

    @Test("a sample's chain of custody: in order only, every event on the ledger, free text hashed")
    func custody() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            #expect(
                try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "LAB-1")).status
                    == .created)
            #expect(
                try await client.send(
                    .post, "/api/v1/lab/samples", key: fixture.keys["officer"],
                    body: #"{"description":"white powder","declaration":"NOPE"}"#
                ).status == .notFound)
            let taken = try await client.send(
                .post, "/api/v1/lab/samples", key: fixture.keys["officer"],
                body: #"{"id":"S-1","description":"white powder, 50 g, declared as talc","declaration":"LAB-1"}"#)
            #expect(taken.status == .created, "\(taken.text)")
            #expect(
                try await client.send(
                    .post, "/api/v1/lab/samples/S-1/events", key: fixture.keys["officer"],
                    body: #"{"event":"received","laboratory":"LAB-HAM","seal_intact":true}"#
                ).status == .conflict)
            let steps = [
                #"{"event":"sealed","seal":"SEAL-0042"}"#, #"{"event":"received","laboratory":"LAB-HAM","seal_intact":true}"#,
                #"{"event":"tested","method":"FTIR"}"#, #"{"event":"result","conclusion":"non_conform","findings":"cocaine HCl, 87 %"}"#,
            ]
            for step in steps {
                let recorded = try await client.send(.post, "/api/v1/lab/samples/S-1/events", key: fixture.keys["officer"], body: step)
                #expect(recorded.status == .ok, "\(step): \(recorded.text)")
            }
            #expect(
                try await client.send(
                    .post, "/api/v1/lab/samples/S-1/events", key: fixture.keys["officer"],
                    body: #"{"event":"result","conclusion":"maybe"}"#
                ).status == .badRequest)
            #expect(try await client.send(.post, "/api/v1/lab/samples/S-1/events", key: fixture.keys["analyst"], body: steps[0]).status == .forbidden)
            let sample = try await client.send(.get, "/api/v1/lab/samples/S-1", key: fixture.keys["analyst"])
            #expect(sample.json["state"] as? String == "result")
            let events = try #require(sample.json["events"] as? [[String: Any]])
            #expect((sample.json["created_at"] as? String).flatMap(ISO8601.parse) != nil)
            #expect(events.allSatisfy { ($0["at"] as? String).flatMap(ISO8601.parse) != nil })
            #expect(events.map { $0["event"] as? String } == ["taken", "sealed", "received", "tested", "result"])
            let log = try #require(runtime.log)
            for event in events {
                let index = try #require(event["ledger_index"] as? Int)
                let entry = String(decoding: try log.reader.entry(index: UInt64(index), size: log.size), as: UTF8.self)
                #expect(
                    entry.contains(#""type":"portunus.lab.custody""#) && entry.contains(#""sample":"S-1""#)
                        && entry.contains(#""declaration":"LAB-1""#))
                #expect(!entry.contains("cocaine") && !entry.contains("talc"), "free text is hashed: \(entry)")
            }
            let result = String(decoding: try log.reader.entry(index: UInt64(events[4]["ledger_index"] as! Int), size: log.size), as: UTF8.self)
            #expect(result.contains(#""conclusion":"non_conform""#))
            let sealed = String(decoding: try log.reader.entry(index: UInt64(events[1]["ledger_index"] as! Int), size: log.size), as: UTF8.self)
            #expect(sealed.contains(#""seal":"SEAL-0042""#))
        }
    }
}
