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

extension ServerFixture {
    /// Creates a ledger in the fixture's data directory (closed again: the server writes it)
    /// and returns its verifier key.
    func createLedger(origin: String = "customs-a.example/ledger") throws -> NoteVerifierKey {
        try TiledLog.create(dataDirectory: directory, origin: origin).signer.verifierKey
    }

    func ledgerRuntime() throws -> LedgerRuntime {
        try LedgerRuntime(dataDirectory: directory.path, store: store, logger: Logger(label: "test"))
    }

    func application(ledger: LedgerRuntime) throws -> some ApplicationProtocol {
        Application(
            router: try PortunusServer.router(
                store: store, metrics: ServerMetrics(), configuration: configuration,
                logger: Logger(label: "test"), ledger: ledger))
    }
}

@Suite("Accountable entries in the ledger")
struct LedgerAPITests {
    @Test(
        "every decision, re-route, outcome and unmasking made through the API is in the log; a decision's hash re-derives from the stored assessment")
    func decisionsOnRecord() async throws {
        var mutable = try ServerFixture()
        mutable.keys["unmasker"] = try APIKeys(store: mutable.store).create(role: .admin, grants: [.unmask]).token
        let fixture = mutable
        defer { fixture.cleanUp() }
        let logKey = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            for index in 0..<12 {
                #expect(
                    try await client.send(
                        .post, "/api/v1/declarations", key: fixture.keys["admin"],
                        body: declarationJSON(id: "L-\(index)", importer: "IMP-JANE-DOE", hsCode: index % 4 == 0 ? "930200" : "847130")
                    ).status == .created)
            }
            let rules = "rules:\n  - id: ARMS\n    when: { hs_chapter: \"93\" }\n    then: { lane: red }\n    reason: Arms are always examined\n"
            #expect(
                try await client.send(
                    .post, "/api/v1/rule-sets?activate=true", key: fixture.keys["analyst"], contentType: "application/yaml", body: rules
                ).status == .created)
            #expect(
                try await client.send(.post, "/api/v1/assessments?day=2025-03-01&budget_count=4&seed=7", key: fixture.keys["analyst"]).status == .ok)
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations/L-0/reroute", key: fixture.keys["officer"],
                    body: #"{"lane":"yellow","reason":"seen by Jane Doe's broker"}"#
                ).status == .ok)
            #expect(
                try await client.send(
                    .post, "/api/v1/declarations/L-0/outcome", key: fixture.keys["officer"],
                    body: #"{"result":"irregularity","fraud":true}"#
                ).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/declarations/L-1", key: fixture.keys["unmasker"]).status == .ok)

            // Before the writer runs, the entries wait in the outbox; then they are in the log.
            #expect(try fixture.store.ledger.pendingCount() > 0)
            try await runtime.publish()
            #expect(try fixture.store.ledger.pendingCount() == 0)
            let log = try #require(runtime.log)

            func entry(_ index: UInt64) async throws -> [String: Any] {
                let response = try await client.send(.get, "/api/v1/ledger/entries/\(index)", key: fixture.keys["officer"])
                #expect(response.status == .ok)
                return response.json
            }
            var byType: [String: [[String: Any]]] = [:]
            var texts: [String] = []
            for index in 0..<log.size {
                let bytes = try log.reader.entry(index: index, size: log.size)
                texts.append(String(decoding: bytes, as: UTF8.self))
                let object = try await entry(index)
                byType[object["type"] as? String ?? "", default: []].append(object)
                #expect((object["v"] as? Int).map { [1, 2].contains($0) } == true && object["seq"] != nil && object["at"] != nil)
            }
            // Twelve decisions at lodgement (online), twelve when the day was assessed again.
            #expect(byType[AccountableEntry.Kind.decision]?.count == 24)
            #expect(byType[AccountableEntry.Kind.reroute]?.count == 1)
            #expect(byType[AccountableEntry.Kind.outcome]?.count == 1)
            #expect(byType[AccountableEntry.Kind.unmask]?.count == 1)
            for text in texts {
                #expect(!text.contains("IMP-JANE-DOE") && !text.contains("Jane"), "personal data in the log: \(text)")
            }
            // No lane, score, rule or reason in clear: what customs is about to do stays inside.
            for text in texts {
                for member in ["\"lane\"", "\"score\"", "\"rules\"", "\"selection\"", "\"to\"", "\"reason", "yellow", "red\""] {
                    #expect(!text.contains(member), "\(member) in the public log: \(text)")
                }
            }
            let reroute = try #require(byType[AccountableEntry.Kind.reroute]?.first)
            #expect(reroute["declaration"] as? String == "L-0" && reroute["v"] as? Int == 2)
            // The re-route's commitment opens with the salt the outbox keeps, to the lane and the reason.
            let rerouteSeq = try #require(reroute["seq"] as? Int)
            let rerouteSecrets = try #require(try fixture.store.ledger.secrets(seq: Int64(rerouteSeq)))
            let opened = try #require(JSONValue.parse(Data(rerouteSecrets.utf8)).canonical["reroute_commitment"])
            let rerouteSalt = try #require(opened["salt"]?.stringValue)
            #expect(
                AccountableEntry.opens(
                    try #require(reroute["reroute_commitment"] as? String),
                    value: #"{"reason":"seen by Jane Doe's broker","to":"yellow"}"#, salt: rerouteSalt))
            #expect(
                !AccountableEntry.opens(
                    try #require(reroute["reroute_commitment"] as? String),
                    value: #"{"reason":"seen by Jane Doe's broker","to":"red"}"#, salt: rerouteSalt))
            // The outcome is committed, not shown: what an inspection found about a trader is not for every reader.
            let outcome = try #require(byType[AccountableEntry.Kind.outcome]?.first)
            #expect(outcome["result"] == nil && outcome["fraud"] == nil && outcome["v"] as? Int == 2)
            let outcomeSeq = try #require(outcome["seq"] as? Int)
            let outcomeSecrets = try #require(try fixture.store.ledger.secrets(seq: Int64(outcomeSeq)))
            let outcomeSalt = try #require(JSONValue.parse(Data(outcomeSecrets.utf8)).canonical["outcome_commitment"]?["salt"]?.stringValue)
            let committed = try #require(outcome["outcome_commitment"] as? String)
            #expect(AccountableEntry.opens(committed, value: #"{"critical":false,"fraud":true,"result":"irregularity"}"#, salt: outcomeSalt))
            let unmask = try #require(byType[AccountableEntry.Kind.unmask]?.first)
            #expect(unmask["records"] as? Int == 1 && (unmask["subject_commitment"] as? String)?.count == 64)
            // The commitment opens with the salt the database keeps, and only with the right value.
            let seq = try #require(unmask["seq"] as? Int)
            let secrets = try #require(try fixture.store.ledger.secrets(seq: Int64(seq)))
            let salt = try #require(
                ((try JSONSerialization.jsonObject(with: Data(secrets.utf8)) as? [String: Any])?["subject_commitment"] as? [String: Any])?["salt"]
                    as? String)
            #expect(AccountableEntry.opens(unmask["subject_commitment"] as! String, value: "L-1", salt: salt))
            #expect(!AccountableEntry.opens(unmask["subject_commitment"] as! String, value: "L-2", salt: salt))

            // Each decision's hash re-derives from the assessment as the API returns it.
            for index in 0..<12 {
                let read = try await client.send(.get, "/api/v1/declarations/L-\(index)/assessment", key: fixture.keys["officer"])
                let body = read.json
                let ledgerIndex = try #require(body["ledger_index"] as? Int)
                let logged = try await entry(UInt64(ledgerIndex))
                #expect(logged["declaration"] as? String == "L-\(index)" && logged["v"] as? Int == 2 && logged["lane"] == nil)
                // Re-derive: the `record` member, canonicalised (RFC 8785), opens the commitment with the salt.
                let recordJSON = try JSONSerialization.data(withJSONObject: try #require(body["record"]))
                let canonical = try JSONValue.parse(recordJSON).canonical.text
                let salt = try #require(body["assessment_salt"] as? String)
                let commitment = try #require(logged["assessment_commitment"] as? String)
                #expect(AccountableEntry.opens(commitment, value: canonical, salt: salt), "L-\(index)")
                #expect(
                    !AccountableEntry.opens(commitment, value: canonical.replacingOccurrences(of: "\"lane\":\"", with: "\"lane\":\"x"), salt: salt))
                if index % 4 == 0 {
                    #expect(((body["record"] as? [String: Any])?["rule_hits"] as? [[String: Any]])?.first?["rule"] as? String == "ARMS")
                }
            }
            // A changed assessment no longer matches: the record binds every field.
            let stored = try #require(try fixture.store.decisions.decision(declarationID: "L-3"))
            var altered = stored
            altered.assessment.score += 0.001
            #expect(AccountableEntry.assessmentSHA256(altered) != AccountableEntry.assessmentSHA256(stored))

            // Every entry is proved against the signed checkpoint with the log's key alone.
            let proof = try await client.send(.get, "/api/v1/ledger/proof?index=5", key: fixture.keys["traderA"])
            #expect(proof.status == .ok)
            try TlogProof(text: proof.text).verify(entry: log.reader.entry(index: 5, size: log.size), logKey: logKey)
        }
    }

    @Test("entries of a caller's own type: validated, canonicalised, appended at once, proved; consistency between sizes")
    func submittedEntries() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let logKey = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            let body = #"{ "v": 2, "type": "ecommerce.manifest", "batch": "MAN-2026-11-30-001", "sha256": "9f86d081884c7d65", "count": 1.0e3 }"#
            let created = try await client.send(.post, "/api/v1/ledger/entries", key: fixture.keys["officer"], body: body)
            #expect(created.status == .created, "\(created.text)")
            let index = try #require(created.json["index"] as? Int)
            let stored = try #require(runtime.log).reader.entry(index: UInt64(index), size: runtime.log!.size)
            let text = String(decoding: stored, as: UTF8.self)
            let seq = try #require(created.json["seq"] as? Int)
            let key = try #require(fixture.keys["officer"]).split(separator: "_")[1]
            #expect(text.hasPrefix(#"{"at":""#))
            #expect(
                text.hasSuffix(
                    #","batch":"MAN-2026-11-30-001","by":"\#(key)","count":1000,"seq":\#(seq),"sha256":"9f86d081884c7d65","type":"ecommerce.manifest","v":2}"#
                ), "\(text)")

            let proof = try await client.send(.get, "/api/v1/ledger/proof?index=\(index)", key: fixture.keys["traderA"])
            #expect(proof.status == .ok, "\(proof.text)")
            let verified = try TlogProof(text: proof.text).verify(entry: stored, logKey: logKey)
            #expect(verified.size == runtime.log!.size)

            for (bad, code) in [
                (#"{"type":"portunus.risk.decision","v":1}"#, "portunus.* types"), (#"{"type":"x","v":0}"#, "/v"),
                (#"{"type":"Bad Type","v":1}"#, "/type"), (#"{"type":"x","v":1,"seq":4}"#, "/seq"),
                (#"[1,2]"#, "field.type"), (#"{"type":"x","v":1,"a":1,"a":2}"#, "json.invalid"),
            ] {
                let refused = try await client.send(.post, "/api/v1/ledger/entries", key: fixture.keys["admin"], body: bad)
                #expect(refused.status == .badRequest || refused.status == .unprocessableContent, "\(bad): \(refused.status)")
                #expect(refused.text.contains(code), "\(bad): \(refused.text)")
            }
            #expect(try await client.send(.post, "/api/v1/ledger/entries", key: fixture.keys["analyst"], body: body).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/ledger/entries", key: nil, body: body).status == .unauthorized)

            for n in 0..<20 {
                #expect(
                    try await client.send(.post, "/api/v1/ledger/entries", key: fixture.keys["admin"], body: #"{"type":"test.n","v":1,"n":\#(n)}"#)
                        .status == .created)
            }
            let size = runtime.log!.size
            let consistency = try await client.send(.get, "/api/v1/ledger/consistency?old=3&new=\(size)", key: fixture.keys["partner"])
            #expect(consistency.status == .ok)
            let hashes = consistency.text.split(separator: "\n").map { TreeHash(base64: String($0))! }
            let old = try runtime.log!.reader.root(size: 3)
            try MerkleProof.verifyConsistency(first: 3, second: size, firstRoot: old, secondRoot: runtime.log!.checkpoint.root, proof: hashes)
            #expect(try await client.send(.get, "/api/v1/ledger/consistency?old=0", key: fixture.keys["admin"]).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/ledger/proof?index=999", key: fixture.keys["admin"]).status == .notFound)
            let status = try await client.send(.get, "/api/v1/ledger/status", key: fixture.keys["admin"])
            #expect(status.json["size"] as? Int == Int(size) && status.json["pending"] as? Int == 0)
        }
    }

    @Test("entries appended before a crash but not marked are recognised, not appended twice")
    func publisherRecovers() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let entries = (0..<5).map { n in
            AccountableEntry.make(type: "test.crash", at: "2026-11-30T00:00:00Z", subject: nil, fields: ["n": .integer(n)])
        }
        try fixture.store.ledger.enqueueLedger(entries)
        do {
            // A writer that appended the first three and died before marking them.
            let log = try TiledLog(dataDirectory: fixture.directory)
            try log.append(try fixture.store.ledger.pendingEntries(limit: 3).map(\.entry))
        }
        let sequencer = LedgerSequencer(log: try TiledLog(dataDirectory: fixture.directory))
        let publisher = LedgerPublisher(store: fixture.store, sequencer: sequencer)
        #expect(try await publisher.recover() == 3)
        #expect(try await publisher.publishPending() == 2)
        #expect(sequencer.log.size == 5)
        let seqs = try (0..<5).map { index in LedgerPublisher.seq(of: try sequencer.log.reader.entry(index: UInt64(index), size: 5)) }
        #expect(seqs == [1, 2, 3, 4, 5])
    }

    @Test("many concurrent publishers append each outbox entry exactly once")
    func concurrentPublishing() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let sequencer = LedgerSequencer(log: try TiledLog(dataDirectory: fixture.directory))
        let publisher = LedgerPublisher(store: fixture.store, sequencer: sequencer)
        let store = fixture.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for n in 0..<10 {
                        try store.ledger.enqueueLedger([
                            AccountableEntry.make(
                                type: "test.race", at: "2026-11-30T00:00:00Z", subject: nil,
                                fields: ["task": .integer(task), "n": .integer(n)])
                        ])
                        try await publisher.publishPending()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(sequencer.log.size == 160)
        let seqs = try (0..<160).map { LedgerPublisher.seq(of: try sequencer.log.reader.entry(index: UInt64($0), size: 160)) }
        #expect(seqs == (1...160).map { Int64($0) })
        #expect(try store.ledger.pendingCount() == 0)
    }

    // Issue #22: an unauthenticated GET with a tile index past UInt64.max overflowed in
    // TilePath's reader (the addition after the checked multiplication) and stopped the server.
    @Test("a tile path whose index overflows UInt64 answers 404 without a key, and the server keeps serving")
    func overflowingTilePath() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            for path in [
                "/ledger/tile/63/x018/x446/x744/x073/x709/x551/616", "/ledger/tile/entries/x018/x446/x744/x073/x709/x551/999.p/7",
                "/ledger/tile/0/x999/x999/x999/x999/x999/x999/x999/x999/999",
            ] {
                let response = try await client.send(.get, path, key: nil)
                #expect(response.status == .notFound || response.status == .badRequest, "\(path)")
            }
            #expect(try await client.send(.get, "/ledger/checkpoint", key: nil).status == .ok)
            #expect(try await client.send(.get, "/healthz", key: nil).status == .ok)
        }
    }
}
