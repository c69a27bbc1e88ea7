import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

@Suite("Keys, roles and personal data")
struct AccessAPITests {
    @Test("no key or an unknown, malformed or revoked key is 401 with a Bearer challenge")
    func unauthenticated() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let revoked = try APIKeys(store: fixture.store).create(role: .analyst)
        try APIKeys(store: fixture.store).revoke(id: revoked.id)
        let admin = try #require(fixture.keys["admin"])
        let forged = String(admin.dropLast(2)) + (admin.hasSuffix("AA") ? "BB" : "AA")
        try await fixture.application().test(.router) { client in
            for key in [nil, "nonsense", "ptn_kabcdefghijkm_" + String(repeating: "A", count: 43), forged, revoked.token] as [String?] {
                let response = try await client.send(.get, "/api/v1/declarations", key: key)
                #expect(response.status == .unauthorized, "key \(key?.prefix(8) ?? "none")")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.json["code"] as? String == "auth.missing")
            }
        }
    }

    @Test("the wrong role is 403: officers cannot lodge, partners cannot read declarations")
    func wrongRole() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let lodge = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["officer"], body: declarationJSON(id: "W-1"))
            #expect(lodge.status == .forbidden)
            #expect(lodge.json["code"] as? String == "auth.forbidden")
            for uri in ["/api/v1/declarations", "/api/v1/declarations/W-1"] {
                let read = try await client.send(.get, uri, key: fixture.keys["partner"])
                #expect(read.status == .forbidden)
            }
        }
        #expect(try fixture.store.declarations.count() == 0)
    }

    @Test("a trader lodges and sees only its own declarations, and cannot read another trader's")
    func traderIsolation() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let own = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: declarationJSON(id: "T-A1", importer: "IMP-A"))
            #expect(own.status == .created && own.json["reference"] as? String == "T-A1")
            let ownID = try #require(own.json["id"] as? String)
            let forOther = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: declarationJSON(id: "T-B9", importer: "IMP-B"))
            #expect(forOther.status == .forbidden)
            #expect((forOther.json["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/parties/importer")
            let otherLodged = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderB"], body: declarationJSON(id: "T-B1", importer: "IMP-B"))
            let otherID = try #require(otherLodged.json["id"] as? String)

            let other = try await client.send(.get, "/api/v1/declarations/\(otherID)", key: fixture.keys["traderA"])
            #expect(other.status == .notFound)
            let missing = try await client.send(.get, "/api/v1/declarations/NOPE", key: fixture.keys["traderA"])
            #expect(missing.status == .notFound)
            #expect(other.text == missing.text, "another trader's declaration is indistinguishable from none")

            let list = try await client.send(.get, "/api/v1/declarations", key: fixture.keys["traderA"])
            let declarations = list.json["declarations"] as? [[String: Any]] ?? []
            #expect(declarations.compactMap { $0["id"] as? String } == [ownID])
            let parties = declarations.first?["parties"] as? [String: Any]
            #expect(parties?["importer"] as? String == "IMP-A", "a trader sees its own id")
            #expect((parties?["seller"] as? String)?.hasPrefix("anon-") == true, "and others' masked")
        }
    }

    @Test("party ids are pseudonyms without the unmask grant; unmasked reads are recorded")
    func masking() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "M-1", importer: "IMP-SECRET"))
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "M-2", importer: "IMP-SECRET"))
            let masked = try await client.send(.get, "/api/v1/declarations", key: fixture.keys["analyst"])
            #expect(!masked.text.contains("IMP-SECRET"))
            #expect(!masked.text.contains("DCL-1"))
            let importers = (masked.json["declarations"] as? [[String: Any]] ?? []).compactMap {
                ($0["parties"] as? [String: Any])?["importer"] as? String
            }
            #expect(importers.count == 2 && importers[0] == importers[1], "the same party has the same pseudonym")

            let byImporter = try await client.send(.get, "/api/v1/declarations?importer=IMP-SECRET", key: fixture.keys["analyst"])
            #expect(byImporter.status == .forbidden, "no probing of identities without the grant")

            let before = try fixture.store.keys.auditEvents(action: "declarations.unmasked").count
            let unmasked = try await client.send(.get, "/api/v1/declarations/M-1", key: fixture.keys["admin"])
            #expect(unmasked.text.contains("IMP-SECRET"))
            #expect(try fixture.store.keys.auditEvents(action: "declarations.unmasked").count == before + 1)
        }
    }
}
