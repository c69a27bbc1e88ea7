import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Tariff
import Testing

@testable import Portunus
@testable import PortunusServer

@Suite("Tariff API")
struct TariffAPITests {
    /// HS 2017 and 2022 and the correlation between them, into the fixture's store.
    static func importHS(_ fixture: ServerFixture) throws {
        let service = TariffService(store: fixture.store)
        _ = try service.importFile(path: TestEnvironment.dataset("hs/nomenclature-hs2017-unsd.csv").path, edition: .hs2017, by: "test")
        _ = try service.importFile(path: TestEnvironment.dataset("hs/nomenclature-hs2022-unsd.csv").path, edition: .hs2022, by: "test")
        _ = try service.importFile(path: TestEnvironment.dataset("hs/correlation-hs2022-hs2017.csv").path, edition: nil, by: "test")
    }

    @Test(
        "browse, search and correlate for every role; the history conversion for analysts; bad editions and levels refused",
        .enabled(
            if: TestEnvironment.hasDatasets("hs/nomenclature-hs2017-unsd.csv", "hs/nomenclature-hs2022-unsd.csv", "hs/correlation-hs2022-hs2017.csv"))
    )
    func tariff() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try Self.importHS(fixture)
        try await fixture.application().test(.router) { client in
            let chapters = try await client.send(.get, "/api/v1/tariff/codes", key: fixture.keys["traderA"])
            #expect(chapters.status == .ok && (chapters.json["children"] as? [[String: Any]])?.count == 97)
            let heading = try await client.send(.get, "/api/v1/tariff/codes/8485?edition=2022", key: fixture.keys["partner"])
            #expect((heading.json["code"] as? [String: Any])?["description"] as? String == "Machines for additive manufacturing")
            #expect(
                try await client.send(.get, "/api/v1/tariff/codes/8485?edition=2017", key: fixture.keys["officer"]).status == .notFound,
                "3D printers got their heading in HS 2022")
            let found = try await client.send(.get, "/api/v1/tariff/search?q=additive%20manufacturing&level=4", key: fixture.keys["officer"])
            #expect((found.json["codes"] as? [[String: Any]])?.first?["code"] as? String == "8485")
            #expect(try await client.send(.get, "/api/v1/tariff/search?q=x&level=5", key: fixture.keys["officer"]).status == .badRequest)
            let links = try await client.send(.get, "/api/v1/tariff/correlate/040310?from=2017&to=2022", key: fixture.keys["traderA"])
            #expect((links.json["links"] as? [[String: Any]])?.first?["to"] as? String == "040320")
            #expect(try await client.send(.get, "/api/v1/tariff/correlate/040310?from=2028", key: fixture.keys["traderA"]).status == .badRequest)

            #expect(
                try await client.send(
                    .post, "/api/v1/declarations", key: fixture.keys["admin"],
                    body: declarationJSON(id: "HS-1", lodgedAt: "2021-03-01T10:00:00Z", hsCode: "040310")
                ).status == .created)
            #expect(try await client.send(.get, "/api/v1/tariff/history?to=2022", key: fixture.keys["officer"]).status == .forbidden)
            let history = try await client.send(.get, "/api/v1/tariff/history?to=2022&from=2021-01-01", key: fixture.keys["analyst"])
            #expect(history.status == .ok && history.json["converted"] as? Int == 1 && history.json["before_hs2012"] as? Int == 0)
        }
    }

    @Test(
        "a declaration lodged with an HS code of an older edition is stored with a warning naming its correlated codes",
        .enabled(
            if: TestEnvironment.hasDatasets("hs/nomenclature-hs2017-unsd.csv", "hs/nomenclature-hs2022-unsd.csv", "hs/correlation-hs2022-hs2017.csv"))
    )
    func lodgementWarning() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try Self.importHS(fixture)
        try await fixture.application().test(.router) { client in
            let lodged = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"],
                body: declarationJSON(id: "HS-2", lodgedAt: "2024-03-01T10:00:00Z", hsCode: "040310"))
            #expect(lodged.status == .created)
            #expect(lodged.text.contains("hs_code.outdated") && lodged.text.contains("040320"), "\(lodged.text)")
        }
    }

    @Test(
        "the classification assistant over HTTP: 503 until its index is built, suggestions by role, confirmed classifications recorded, listed and withdrawn",
        .enabled(if: TestEnvironment.hasDatasets("hs/nomenclature-hs2022-unsd.csv") && TestEnvironment.tariffModel("all-minilm-l6-v2") != nil))
    func assistant() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        // Chapter 03 alone, so that the debug build encodes it in seconds.
        let rows = try String(contentsOf: TestEnvironment.dataset("hs/nomenclature-hs2022-unsd.csv"), encoding: .utf8).split(
            whereSeparator: \.isNewline)
        let file = fixture.directory.appendingPathComponent("chapter03.csv")
        try ([rows[0]] + rows.filter { $0.hasPrefix("03") }).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        _ = try TariffService(store: fixture.store).importFile(path: file.path, edition: .hs2022, by: "test")
        try await fixture.application().test(.router) { client in
            let body = #"{"text": "Frozen shrimps, peeled", "top": 3}"#
            let first = try await client.send(.post, "/api/v1/tariff/classify", key: fixture.keys["traderA"], body: body)
            #expect(first.status == .serviceUnavailable && first.headers[.retryAfter] == "30" && first.text.contains("tariff.assistant_unavailable"))
            var answer = first
            for _ in 0..<240 where answer.status == .serviceUnavailable {
                try await Task.sleep(for: .milliseconds(500))
                answer = try await client.send(.post, "/api/v1/tariff/classify", key: fixture.keys["traderA"], body: body)
            }
            #expect(answer.status == .ok)
            let listed = (answer.json["candidates"] as? [[String: Any]] ?? []) + (answer.json["tentative"] as? [[String: Any]] ?? [])
            #expect(listed.count == 3 && listed.allSatisfy { ($0["code"] as? String)?.hasPrefix("03") == true })
            #expect(listed.first?["heading"] as? [String: Any] != nil && answer.json["abstained"] is Bool)
            #expect(try await client.send(.post, "/api/v1/tariff/classify", key: fixture.keys["partner"], body: body).status == .forbidden)
            #expect(
                try await client.send(.post, "/api/v1/tariff/classify", key: fixture.keys["officer"], body: #"{"text": "x", "top": 99}"#).status
                    == .badRequest)
            let status = try await client.send(.get, "/api/v1/tariff/assistant", key: fixture.keys["partner"])
            #expect(status.json["ready"] as? Bool == true && (status.json["index"] as? [String: Any])?["subheadings"] as? Int ?? 0 > 50)

            let confirm = #"{"text": "Glacier prawn medallions", "code": "0306.17", "reference": "BTI-1"}"#
            #expect(try await client.send(.post, "/api/v1/tariff/classifications", key: fixture.keys["traderA"], body: confirm).status == .forbidden)
            let stored = try await client.send(.post, "/api/v1/tariff/classifications", key: fixture.keys["officer"], body: confirm)
            #expect(stored.status == .created && stored.json["code"] as? String == "030617")
            let bad = try await client.send(
                .post, "/api/v1/tariff/classifications", key: fixture.keys["officer"], body: #"{"text": "x", "code": "847130"}"#)
            #expect(bad.status == .unprocessableContent && bad.text.contains("hs_code.unknown"))
            let list = try await client.send(.get, "/api/v1/tariff/classifications", key: fixture.keys["admin"])
            #expect((list.json["classifications"] as? [[String: Any]])?.count == 1)
            let id = try #require(stored.json["id"] as? Int)
            #expect(try await client.send(.delete, "/api/v1/tariff/classifications/\(id)", key: fixture.keys["officer"]).status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/tariff/classifications/\(id)", key: fixture.keys["officer"]).status == .notFound)
        }
    }
}
