import Foundation
import PortunusTestSupport
import Testing

@testable import Ledger

/// A log and witnesses in temporary directories, talking through an in-process transport.
final class WitnessFixture: @unchecked Sendable {
    let root = TestEnvironment.temporaryDirectory("witness")
    let log: TiledLog
    var witnesses: [LedgerWitness] = []
    var policy: TlogPolicy

    init(witnessCount: Int, quorum: String) throws {
        log = try TiledLog.create(dataDirectory: root.appendingPathComponent("log"), origin: "customs-a.example/ledger")
        var lines = ["log \(log.signer.verifierKey.vkey) https://customs-a.example/ledger"]
        for index in 0..<witnessCount {
            let name = "customs-\(index).example/witness"
            let witness = try LedgerWitness(
                signer: NoteSigner.generate(name: name, type: NoteVerifierKey.cosignatureV1),
                logs: [log.signer.verifierKey], directory: root.appendingPathComponent("w\(index)"))
            witnesses.append(witness)
            lines.append("witness W\(index) \(witness.signer.verifierKey.vkey) http://w\(index).test/witness")
        }
        lines.append(quorum)
        policy = try TlogPolicy(text: lines.joined(separator: "\n") + "\n")
    }

    deinit { TestEnvironment.cleanUp(root) }

    /// Routes `http://wN.test/witness/add-checkpoint` to witness N; `down` witnesses do not answer.
    func transport(down: Set<Int> = []) -> WitnessCollector.Transport {
        let witnesses = self.witnesses
        return { url, body in
            let host = url.host ?? ""
            guard let index = Int(host.dropFirst().prefix { $0.isNumber }), !down.contains(index) else {
                throw URLError(.cannotConnectToHost)
            }
            let response = witnesses[index].addCheckpoint(body)
            return (response.status, response.body)
        }
    }

    func collector(down: Set<Int> = []) -> WitnessCollector {
        WitnessCollector(witnesses: policy.witnesses, reader: log.reader, transport: transport(down: down))
    }
}

@Suite("Witnesses and trust policies")
struct WitnessTests {
    @Test("tlog-policy text is parsed strictly, each error with its line")
    func policyParsing() throws {
        let log = try NoteSigner.generate(name: "customs-a.example/ledger").verifierKey.vkey
        let w = try (0..<3).map { try NoteSigner.generate(name: "w\($0).example", type: NoteVerifierKey.cosignatureV1).verifierKey.vkey }
        let good = try TlogPolicy(
            text: """
                # partners of customs A
                log \(log) https://customs-a.example/ledger
                  witness X1 \(w[0])
                witness X2\t\(w[1]) https://w1.example/witness
                witness X3 \(w[2])
                group X 2 X1 X2 X3
                group top all X
                quorum top

                """)
        #expect(good.logs.count == 1 && good.witnesses.count == 3)
        #expect(good.witnesses[1].url == "https://w1.example/witness")
        #expect(good.isSatisfied(by: ["X1", "X3"]) && !good.isSatisfied(by: ["X2"]))
        #expect(try TlogPolicy(text: "quorum none\n").isSatisfied(by: []))

        let bad: [(String, Int?, String)] = [
            ("witness A \(w[0])\nquorum B\n", 2, "not defined"),
            ("witness A \(w[0])\nwitness B \(w[0])\nquorum A\n", 2, "twice"),
            ("witness A \(w[0])\ngroup G 2 A\nquorum G\n", 2, "threshold"),
            ("witness A \(w[0])\ngroup G 0 A\nquorum G\n", 2, "threshold"),
            ("witness A \(w[0])\ngroup G any A A\nquorum G\n", 2, "twice"),
            ("witness A \(w[0])\ngroup G any none\nquorum G\n", 2, "none"),
            ("quorum none\nquorum none\n", 2, "exactly one"),
            ("witness A \(w[0])\n", nil, "no quorum"),
            ("witnes A \(w[0])\nquorum none\n", 1, "unknown keyword"),
            ("log \(w[0])\nquorum none\n", 1, "signature type"),
            ("witness A \(log)\nquorum none\n", 1, "signature type"),
            ("witness A \(w[0]) https://x extra\nquorum none\n", 1, "expected"),
        ]
        for (text, line, reason) in bad {
            let error = #expect(throws: LedgerError.self) { try TlogPolicy(text: text) }
            #expect(error?.code.rawValue == "policy.invalid")
            #expect(error?.line == line, "\(text)")
            #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "") should say \(reason)")
        }
    }

    @Test("a 2-of-3 quorum: a proof with two cosignatures verifies, with one it fails")
    func quorumTwoOfThree() async throws {
        let fixture = try WitnessFixture(witnessCount: 3, quorum: "group partners 2 W0 W1 W2\nquorum partners")
        let entries = (0..<300).map { Data(#"{"type":"test","n":\#($0)}"#.utf8) }
        try fixture.log.append(entries)

        // Only W1 answers: one cosignature.
        let one = await fixture.collector(down: [0, 2]).cosign(fixture.log.signedCheckpoint)
        #expect(one.signatures.count == 1 && one.failures.count == 2)
        let lonely = try fixture.log.addCosignatures(one.signatures, to: fixture.log.checkpoint.text)
        let weak = TlogProof(index: 42, path: try fixture.log.reader.inclusionProof(index: 42, size: 300), checkpoint: lonely)
        let error = #expect(throws: LedgerError.self) { try weak.verify(entry: entries[42], policy: fixture.policy) }
        #expect(error?.code.rawValue == "policy.quorum")

        // W0 and W2 answer too: three cosignatures; any two of them suffice.
        let all = await fixture.collector().cosign(fixture.log.signedCheckpoint)
        #expect(all.signatures.count == 3, "\(all.failures)")
        try fixture.log.addCosignatures(all.signatures, to: fixture.log.checkpoint.text)
        let proof = try fixture.log.proof(index: 42)
        let verified = try proof.verify(entry: entries[42], policy: fixture.policy)
        #expect(verified.cosigners == ["W0", "W1", "W2"])
        #expect(fixture.log.latestCosigned?.size == 300)
        #expect(
            fixture.log.signedCheckpoint.components(separatedBy: "— ").count == 5,
            "the published checkpoint carries the log signature and three cosignatures")

        // Drop one cosignature from the note: two of three still verify; drop two and it fails.
        var note = try SignedNote.parse(proof.checkpoint)
        note.signatures.removeAll { $0.name == fixture.witnesses[0].name }
        let two = TlogProof(index: 42, path: proof.path, checkpoint: note.formatted)
        #expect(try two.verify(entry: entries[42], policy: fixture.policy).cosigners == ["W1", "W2"])
        note.signatures.removeAll { $0.name == fixture.witnesses[1].name }
        #expect(throws: LedgerError.self) {
            try TlogProof(index: 42, path: proof.path, checkpoint: note.formatted).verify(entry: entries[42], policy: fixture.policy)
        }
        // A tampered entry fails whatever the cosignatures.
        #expect(throws: LedgerError.self) { try proof.verify(entry: entries[43], policy: fixture.policy) }
    }

    @Test("the witness protocol: every status the spec names, state kept across restarts, evidence for forks and rollbacks")
    func protocolStatuses() async throws {
        let fixture = try WitnessFixture(witnessCount: 1, quorum: "quorum W0")
        let witness = fixture.witnesses[0]
        let log = fixture.log
        try log.append((0..<10).map { Data("e\($0)".utf8) })
        let ten = log.signedCheckpoint

        // A first request with old 0 is accepted (the witness has seen nothing).
        let first = witness.addCheckpoint(WitnessProtocol.requestBody(old: 0, proof: [], signedCheckpoint: ten))
        #expect(first.status == 200)
        #expect(WitnessProtocol.cosignatures(in: first.body, checkpointText: log.checkpoint.text, witness: witness.signer.verifierKey).count == 1)
        #expect(witness.latest(origin: log.origin)?.checkpoint.size == 10)

        // Grow to 25 with a good proof.
        try log.append((10..<25).map { Data("e\($0)".utf8) })
        let proof = try log.reader.consistencyProof(from: 10, to: 25)
        // A wrong old size: 409 with the witness's size as text/x.tlog.size.
        let conflict = witness.addCheckpoint(WitnessProtocol.requestBody(old: 0, proof: [], signedCheckpoint: log.signedCheckpoint))
        #expect(conflict.status == 409 && conflict.contentType == "text/x.tlog.size" && conflict.body == Data("10\n".utf8))
        // A broken proof: 422.
        var broken = proof
        broken[0] = Merkle.leafHash(Data("x".utf8))
        #expect(witness.addCheckpoint(WitnessProtocol.requestBody(old: 10, proof: broken, signedCheckpoint: log.signedCheckpoint)).status == 422)
        #expect(witness.addCheckpoint(WitnessProtocol.requestBody(old: 10, proof: proof, signedCheckpoint: log.signedCheckpoint)).status == 200)

        // Old size beyond the checkpoint: 400. Malformed bodies: 400.
        #expect(witness.addCheckpoint(WitnessProtocol.requestBody(old: 26, proof: [], signedCheckpoint: log.signedCheckpoint)).status == 400)
        #expect(witness.addCheckpoint(Data("old 01\n\n".utf8) + Data(log.signedCheckpoint.utf8)).status == 400)
        #expect(witness.addCheckpoint(Data("old 25\nnot-a-hash\n\n".utf8) + Data(log.signedCheckpoint.utf8)).status == 400)

        // Another log's checkpoint: 404. The right origin signed by another key: 403.
        let stranger = try TiledLog.create(dataDirectory: fixture.root.appendingPathComponent("stranger"), origin: "elsewhere.example/log")
        #expect(witness.addCheckpoint(WitnessProtocol.requestBody(old: 0, proof: [], signedCheckpoint: stranger.signedCheckpoint)).status == 404)
        let impostor = try NoteSigner.generate(name: log.origin)
        let forged = SignedNote(text: log.checkpoint.text, signatures: [try impostor.sign(log.checkpoint.text)]).formatted
        #expect(witness.addCheckpoint(WitnessProtocol.requestBody(old: 25, proof: [], signedCheckpoint: forged)).status == 403)

        // A fork: the same key signs a different tree of the same size. 422, kept as evidence.
        let forkRoot = Merkle.root((0..<25).map { Merkle.leafHash(Data("fork\($0)".utf8)) }[...])
        let fork = Checkpoint(origin: log.origin, size: 25, root: forkRoot)
        let forkNote = SignedNote(text: fork.text, signatures: [try log.signer.sign(fork.text)]).formatted
        let forkReply = witness.addCheckpoint(WitnessProtocol.requestBody(old: 25, proof: [], signedCheckpoint: forkNote))
        #expect(forkReply.status == 422 && forkReply.outcome == "fork")

        // A rollback: a validly signed checkpoint of size 10 after 25. 409 (old ≠ 25), kept as evidence.
        let rollback = witness.addCheckpoint(WitnessProtocol.requestBody(old: 0, proof: [], signedCheckpoint: ten))
        #expect(rollback.status == 409 && rollback.body == Data("25\n".utf8))
        let rollbackAtSize = witness.addCheckpoint(WitnessProtocol.requestBody(old: 10, proof: [], signedCheckpoint: ten))
        #expect(rollbackAtSize.status == 409)
        let evidence = witness.evidence()
        #expect(evidence.count == 4, "the broken proof, the fork and two rollbacks: \(evidence.map(\.lastPathComponent))")
        let reasons = try evidence.map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(reasons.contains { $0.contains("reason fork") } && reasons.contains { $0.contains("reason rollback") })

        // Size 0 with a root other than the empty tree's: 422.
        let empty = try TiledLog.create(dataDirectory: fixture.root.appendingPathComponent("empty"), origin: "customs-z.example/ledger")
        let zeroWitness = try LedgerWitness(
            signer: witness.signer, logs: [empty.signer.verifierKey], directory: fixture.root.appendingPathComponent("wz"))
        let badZero = Checkpoint(origin: empty.origin, size: 0, root: forkRoot)
        let badZeroNote = SignedNote(text: badZero.text, signatures: [try empty.signer.sign(badZero.text)]).formatted
        #expect(zeroWitness.addCheckpoint(WitnessProtocol.requestBody(old: 0, proof: [], signedCheckpoint: badZeroNote)).status == 422)
        // Old 0 with a proof: 422.
        #expect(
            zeroWitness.addCheckpoint(WitnessProtocol.requestBody(old: 0, proof: [forkRoot], signedCheckpoint: empty.signedCheckpoint)).status == 422)

        // The state survives a restart: a new witness on the same directory knows size 25.
        let restarted = try LedgerWitness(signer: witness.signer, logs: [log.signer.verifierKey], directory: witness.directory)
        #expect(restarted.latest(origin: log.origin)?.checkpoint.size == 25)
        #expect(restarted.addCheckpoint(WitnessProtocol.requestBody(old: 25, proof: [], signedCheckpoint: log.signedCheckpoint)).status == 200)
    }

    @Test("the collector learns each witness's size from a 409 and proves consistency from it")
    func collectorLearnsSizes() async throws {
        let fixture = try WitnessFixture(witnessCount: 2, quorum: "group g all W0 W1\nquorum g")
        try fixture.log.append([Data("a".utf8)])
        // W0 sees size 1 through another route first; the collector does not know.
        #expect(
            fixture.witnesses[0].addCheckpoint(WitnessProtocol.requestBody(old: 0, proof: [], signedCheckpoint: fixture.log.signedCheckpoint)).status
                == 200)
        try fixture.log.append((0..<40).map { Data("b\($0)".utf8) })
        let collector = fixture.collector()
        let outcome = await collector.cosign(fixture.log.signedCheckpoint)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        #expect(outcome.signatures.count == 2)
        #expect(fixture.witnesses.allSatisfy { $0.latest(origin: fixture.log.origin)?.checkpoint.size == 41 })
        // Growing again, the collector already knows: one request each, consistent from 41.
        try fixture.log.append((0..<300).map { Data("c\($0)".utf8) })
        let again = await collector.cosign(fixture.log.signedCheckpoint)
        #expect(again.signatures.count == 2 && again.failures.isEmpty)
        // A witness that is down is reported, not fatal.
        try fixture.log.append([Data("d".utf8)])
        let partial = await fixture.collector(down: [1]).cosign(fixture.log.signedCheckpoint)
        #expect(partial.signatures.count == 1 && partial.failures["W1"]?.contains("witness.unreachable") == true)
    }
}
