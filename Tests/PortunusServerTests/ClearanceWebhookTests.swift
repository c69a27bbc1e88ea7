import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

/// Traders' webhooks: a trader follows its own declarations; the milestone's transaction queues
/// the delivery; the body says what a trader may know and no more.
@Suite("Traders' clearance webhooks")
struct ClearanceWebhookTests {
    @Test("a trader is told when documents are asked for and when its goods are released; another trader's hook hears nothing")
    func milestonesToTraders() async throws {
        let fixture = try DutyAPITests.charged()
        defer { fixture.cleanUp() }
        var configuration = fixture.configuration
        configuration.allowPrivateDestinations = true
        try await fixture.application(configuration: configuration).test(.router) { client in
            func register(_ key: String?, _ body: String) async throws -> TestResponse {
                try await client.send(.post, "/api/v1/clearance/webhooks", key: key, body: body)
            }
            let hook = #"{"url":"http://127.0.0.1:9/hooks/a","secret":"0123456789abcdef0123"}"#
            let created = try await register(fixture.keys["traderA"], hook)
            #expect(created.status == .created && created.json["party"] as? String == "IMP-A", "\(created.text)")
            #expect(created.json["secret"] == nil)
            #expect((created.json["codes"] as? [String]) == ["DOCS_REQUESTED", "RELEASED"])
            #expect(
                try await register(fixture.keys["traderB"], #"{"url":"http://127.0.0.1:9/hooks/b","secret":"0123456789abcdef0123"}"#).status
                    == .created)
            // Not for another party; a short secret; a code a trader is not told of; an officer may not.
            #expect(
                try await register(fixture.keys["traderB"], #"{"url":"http://127.0.0.1:9/x","secret":"0123456789abcdef0123","party":"IMP-A"}"#).status
                    == .forbidden)
            #expect(
                try await register(fixture.keys["traderA"], #"{"url":"http://127.0.0.1:9/x","secret":"short"}"#).json["pointer"] as? String
                    == "/secret")
            let held = try await register(
                fixture.keys["traderA"], #"{"url":"http://127.0.0.1:9/x","secret":"0123456789abcdef0123","codes":["HELD"]}"#)
            #expect(held.json["pointer"] as? String == "/codes/0", "\(held.text)")
            #expect(try await register(fixture.keys["officer"], hook).status == .forbidden)
            #expect(try await register(fixture.keys["admin"], hook).json["pointer"] as? String == "/party")
            // Without the operator's leave, a loopback receiver is refused.
            let strict = try await fixture.application().test(.router) { strictClient in
                try await strictClient.send(.post, "/api/v1/clearance/webhooks", key: fixture.keys["traderA"], body: hook).status
            }
            #expect(strict.code >= 400)

            // A yellow declaration: documents asked for; a green one with nothing due: released in its lodgement.
            let yellow = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: DutyAPITests.declaration(id: "MY-REF-1", hsCode: "847130"))
            let yellowID = try #require(yellow.json["id"] as? String)
            let asked = String(
                decoding: try JSONSerialization.data(withJSONObject: ["code": "DOCS_REQUESTED", "attributes": ["documents": "invoice, packing list"]]
                ),
                as: UTF8.self)
            _ = try await client.send(.post, "/api/v1/declarations/\(yellowID)/milestones", key: fixture.keys["officer"], body: asked)
            let green = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"], body: DutyAPITests.declaration(id: "MY-REF-2", hsCode: "090111"))
            let greenID = try #require(green.json["id"] as? String)

            let due = try WebhookDeliveries(store: fixture.store).due(now: Date().timeIntervalSince1970 + 60, limit: 100)
            #expect(due.count == 2, "\(due.map(\.url))")
            #expect(due.allSatisfy { $0.kind == .clearance && $0.url == "http://127.0.0.1:9/hooks/a" })
            let bodies = due.compactMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
            let documents = try #require(bodies.first { $0["code"] as? String == "DOCS_REQUESTED" })
            #expect(documents["declaration"] as? String == yellowID && documents["reference"] as? String == "MY-REF-1")
            #expect((documents["attributes"] as? [String: String]) == ["documents": "invoice, packing list"])
            let released = try #require(bodies.first { $0["code"] as? String == "RELEASED" })
            #expect(released["declaration"] as? String == greenID && released["reference"] as? String == "MY-REF-2")
            // Nothing of the lane, the officer or the score.
            for delivery in due {
                let text = String(decoding: delivery.body, as: UTF8.self)
                #expect(!text.contains("lane") && !text.contains("officer") && !text.contains("score"), "\(text)")
            }
            // A delivered attempt is not due again; another trader cannot stop this hook; its owner can.
            try WebhookDeliveries(store: fixture.store).record(due[0], delivered: true, status: 204, error: nil, retryAt: nil)
            #expect(try WebhookDeliveries(store: fixture.store).due(now: Date().timeIntervalSince1970 + 60, limit: 100).count == 1)
            let id = try #require(created.json["id"] as? Int)
            #expect(try await client.send(.delete, "/api/v1/clearance/webhooks/\(id)", key: fixture.keys["traderB"]).status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/clearance/webhooks/\(id)", key: fixture.keys["traderA"]).status == .noContent)
            #expect(try WebhookDeliveries(store: fixture.store).due(now: Date().timeIntervalSince1970 + 60, limit: 100).isEmpty)
            let listed = try await client.send(.get, "/api/v1/clearance/webhooks", key: fixture.keys["traderB"])
            #expect((listed.json["webhooks"] as? [[String: Any]])?.compactMap { $0["party"] as? String } == ["IMP-B"])
        }
    }
}
