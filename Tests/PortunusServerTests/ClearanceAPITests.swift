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
}
