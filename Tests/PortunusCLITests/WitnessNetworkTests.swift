import Foundation
import Ledger
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One Portunus installation: a data directory with a log, a witness and keys.
struct Administration {
    let name: String
    let data: String
    let logKey: String
    let witnessKey: String
    let admin: String
    let partner: String

    init(_ name: String, in root: URL) throws {
        self.name = name
        data = root.appendingPathComponent(name).path
        logKey = try Self.check(runPortunus(["ledger", "init", "--origin", "customs-\(name).example/ledger", "--data-dir", data]))
        witnessKey = try Self.check(runPortunus(["ledger", "witness", "init", "--name", "customs-\(name).example/witness", "--data-dir", data]))
        admin = try Self.check(runPortunus(["keys", "create", "--role", "admin", "--data-dir", data]))
        partner = try Self.check(runPortunus(["keys", "create", "--role", "partner", "--data-dir", data]))
        // Fast rounds for the test: append every 50 ms, ask witnesses at most every 200 ms; the
        // witnesses are on loopback, which outbound requests reach only when allowed.
        try Data(#"{"ledgerInterval": 0.05, "cosignInterval": 0.2, "allowPrivateDestinations": true}"#.utf8).write(
            to: URL(fileURLWithPath: data + "/server.json"))
    }

    static func check(_ run: (status: Int32, stdout: String, stderr: String)) throws -> String {
        guard run.status == 0 else { throw PortunusError(.io, "portunus failed: \(run.stderr)") }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func serve() throws -> ServerProcess {
        try ServerProcess(arguments: ["serve", "--port", "0", "--data-dir", data, "--config", data + "/server.json"])
    }

    /// This log's policy: itself, the other administration as its one witness, quorum that witness.
    func policy(url: String, witness other: Administration, witnessURL: String) -> String {
        "log \(logKey) \(url)/ledger\nwitness \(other.name.uppercased()) \(other.witnessKey) \(witnessURL)/ledger/witness\nquorum \(other.name.uppercased())\n"
    }
}

func http(_ method: String, _ url: String, key: String? = nil, body: Data? = nil) async throws -> (status: Int, body: Data) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
    if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    request.httpBody = body
    request.timeoutInterval = 30
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
}

/// Waits until `condition` holds (polling), at most `seconds`.
func eventually(_ seconds: Double = 60, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}

@Suite("Two administrations witness each other", .serialized, .offPool)
struct WitnessNetworkTests {
    @Test(
        "two portunus servers on loopback cosign each other's checkpoints; a fork and a rollback are refused and kept as evidence; an AEO certificate is verified offline by the partner, then revoked"
    )
    func twoInstances() async throws {
        let root = TestEnvironment.temporaryDirectory("witness-network")
        defer { TestEnvironment.cleanUp(root) }
        let a = try Administration("a", in: root)
        let b = try Administration("b", in: root)
        // Each follows the other's log.
        _ = try Administration.check(runPortunus(["ledger", "witness", "follow", b.logKey, "--data-dir", a.data]))
        _ = try Administration.check(runPortunus(["ledger", "witness", "follow", a.logKey, "--data-dir", b.data]))
        let serverA = try a.serve()
        let serverB = try b.serve()
        defer {
            serverA.process.terminate()
            serverB.process.terminate()
        }
        // Policies name the other's witness URL, known now that both listen.
        let policyA = root.appendingPathComponent("a.policy")
        let policyB = root.appendingPathComponent("b.policy")
        try a.policy(url: serverA.url, witness: b, witnessURL: serverB.url).write(to: policyA, atomically: true, encoding: .utf8)
        try b.policy(url: serverB.url, witness: a, witnessURL: serverA.url).write(to: policyB, atomically: true, encoding: .utf8)
        _ = try Administration.check(runPortunus(["ledger", "policy", policyA.path, "--data-dir", a.data]))
        _ = try Administration.check(runPortunus(["ledger", "policy", policyB.path, "--data-dir", b.data]))

        for (admin, server) in [(a, serverA), (b, serverB)] {
            for n in 0..<5 {
                let posted = try await http(
                    "POST", server.url + "/api/v1/ledger/entries", key: admin.admin, body: Data(#"{"type":"test.entry","v":1,"n":\#(n)}"#.utf8))
                #expect(posted.status == 201, "\(String(decoding: posted.body, as: UTF8.self))")
            }
        }
        // Each checkpoint comes to carry the other's cosignature, and satisfies its policy.
        let trustA = try TlogPolicy(text: String(contentsOf: policyA, encoding: .utf8))
        let trustB = try TlogPolicy(text: String(contentsOf: policyB, encoding: .utf8))
        for (server, trust) in [(serverA, trustA), (serverB, trustB)] {
            var last = ""
            let cosigned = try await eventually {
                last = String(decoding: try await http("GET", server.url + "/ledger/checkpoint").body, as: UTF8.self)
                guard let verified = try? trust.verify(checkpoint: last) else { return false }
                return verified.checkpoint.size == 5
            }
            let status = try await http("GET", server.url + "/api/v1/ledger/status", key: server === serverA ? a.admin : b.admin)
            #expect(
                cosigned,
                "\(server.url)'s checkpoint of size 5 is cosigned by the other administration: \(last) \(String(decoding: status.body, as: UTF8.self))"
            )
        }
        // A proof from A verifies offline under A's policy (quorum: B), with the CLI too.
        let proof = try await http("GET", serverA.url + "/api/v1/ledger/proof?index=3", key: a.partner)
        #expect(proof.status == 200)
        let entry = try await http("GET", serverA.url + "/api/v1/ledger/entries/3", key: a.partner)
        let proofFile = root.appendingPathComponent("3.tlog-proof")
        let entryFile = root.appendingPathComponent("3.json")
        try proof.body.write(to: proofFile)
        try entry.body.write(to: entryFile)
        let verified = try runPortunus(["ledger", "verify", "--proof", proofFile.path, "--entry", entryFile.path, "--policy", policyA.path])
        #expect(verified.status == 0 && verified.stdout.contains("cosigned by B"), "\(verified.stdout) \(verified.stderr)")

        // B's witness state for A is A's size 5. A fork (same size, another root, signed with
        // A's own key) and a rollback (size 4 after 5) are refused, and kept as evidence.
        let signer = try NoteSigner(skey: String(contentsOfFile: a.data + "/ledger.key", encoding: .utf8))
        func signed(size: UInt64, root: TreeHash) throws -> String {
            let checkpoint = Checkpoint(origin: signer.name, size: size, root: root)
            return SignedNote(text: checkpoint.text, signatures: [try signer.sign(checkpoint.text)]).formatted
        }
        let otherRoot = Merkle.root((0..<5).map { Merkle.leafHash(Data("forged \($0)".utf8)) }[...])
        let fork = try await http(
            "POST", serverB.url + "/ledger/witness/add-checkpoint",
            body: WitnessProtocol.requestBody(old: 5, proof: [], signedCheckpoint: try signed(size: 5, root: otherRoot)))
        #expect(fork.status == 422, "a fork: \(fork.status)")
        let rollback = try await http(
            "POST", serverB.url + "/ledger/witness/add-checkpoint",
            body: WitnessProtocol.requestBody(old: 4, proof: [], signedCheckpoint: try signed(size: 4, root: otherRoot)))
        #expect(rollback.status == 409 && rollback.body == Data("5\n".utf8), "a rollback: \(rollback.status)")
        let status = try runPortunus(["ledger", "witness", "status", "--data-dir", b.data])
        #expect(
            status.stdout.contains("customs-a.example/ledger: cosigned size 5") && status.stdout.contains("evidence: 2 refused"), "\(status.stdout)")
        let evidence = try FileManager.default.contentsOfDirectory(atPath: b.data + "/witness/evidence")
            .map { try String(contentsOfFile: b.data + "/witness/evidence/" + $0, encoding: .utf8) }
        #expect(evidence.contains { $0.contains("reason fork") } && evidence.contains { $0.contains("reason rollback") })

        // An AEO authorisation issued by A, verified offline by B's officers from a bundle.
        let issued = try await http(
            "POST", serverA.url + "/api/v1/certificates/aeo", key: a.admin,
            body: Data(#"{"holder":"DE-EORI-4711","programme":"AEOF","mutual_recognition":["BR"]}"#.utf8))
        #expect(issued.status == 201)
        let id = try #require((try JSONSerialization.jsonObject(with: issued.body) as? [String: Any])?["id"] as? String)
        func bundle(_ name: String) async throws -> URL {
            // Wait until the latest status is under a cosigned checkpoint, then fetch the bundle.
            let file = root.appendingPathComponent(name)
            let ready = try await eventually {
                let fetched = try await http("GET", serverA.url + "/api/v1/certificates/aeo/\(id)/bundle", key: a.partner)
                guard fetched.status == 200 else { return false }
                try fetched.body.write(to: file)
                return (try? CertificateVerifier.verify(bundle: fetched.body, policy: trustA)) != nil
            }
            #expect(ready, "a cosigned bundle for \(name)")
            return file
        }
        let grantedBundle = try await bundle("granted.bundle.json")
        let inForce = try runPortunus(["certificates", "verify", grantedBundle.path, "--policy", policyA.path])
        #expect(
            inForce.status == 0 && inForce.stdout.contains("granted") && inForce.stdout.contains("IN FORCE")
                && inForce.stdout.contains("cosigned by B"),
            "\(inForce.stdout) \(inForce.stderr)")

        let revoked = try await http(
            "POST", serverA.url + "/api/v1/certificates/aeo/\(id)/status", key: a.admin,
            body: Data(#"{"status":"revoked","reason":"security requirements no longer met"}"#.utf8))
        #expect(revoked.status == 200)
        let revokedBundle = try await bundle("revoked.bundle.json")
        let afterRevocation = try runPortunus(["certificates", "verify", revokedBundle.path, "--policy", policyA.path])
        #expect(afterRevocation.status == 3 && afterRevocation.stdout.contains("REVOKED"), "\(afterRevocation.stdout) \(afterRevocation.stderr)")
        // The old bundle, checked against A's log over HTTP, shows the revocation too.
        let monitored = try runPortunus(["certificates", "verify", grantedBundle.path, "--policy", policyA.path, "--log", serverA.url + "/ledger"])
        #expect(monitored.status == 3 && monitored.stdout.contains("later in the log: revoked"), "\(monitored.stdout) \(monitored.stderr)")
    }
}
