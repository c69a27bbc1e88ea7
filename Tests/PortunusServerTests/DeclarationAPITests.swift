import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

@Suite("Declarations API")
struct DeclarationAPITests {
    @Test("a declaration is accepted with its id and Location, read back, and stored once")
    func acceptance() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let created = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "A-1"))
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/declarations/A-1")
            #expect(created.json["status"] as? String == "accepted")

            let again = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "A-1"))
            #expect(again.status == .ok)
            #expect(again.json["status"] as? String == "already_present")

            let read = try await client.send(.get, "/api/v1/declarations/A-1", key: fixture.keys["admin"])
            #expect(read.status == .ok)
            let items = read.json["items"] as? [[String: Any]]
            #expect((items?.first?["customs_value"] as? [String: Any])?["amount"] as? String == "1000.5")
            #expect((read.json["parties"] as? [String: Any])?["importer"] as? String == "IMP-A")
        }
        #expect(try fixture.store.declarations.count() == 1)
    }

    @Test(
        "each rejection kind has its code and the pointer of the offending field",
        arguments: [
            (declarationJSON(id: "R-1", extra: "\"colour\":\"red\","), "field.unknown", "/colour"),
            (declarationJSON(id: "R-2", hsCode: "84713"), "hs_code.invalid", "/items/0/hs_code"),
            (declarationJSON(id: "R-3", origin: "UK"), "country.unknown", "/items/0/country_of_origin"),
            (declarationJSON(id: "R-4", currency: "USX"), "currency.unknown", "/items/0/customs_value/currency"),
            (declarationJSON(id: "R-5", mass: "-3"), "net_mass.negative", "/items/0/net_mass"),
            (declarationJSON(id: "R-6", lodgedAt: "2025-02-30"), "date.invalid", "/lodged_at"),
            (declarationJSON(id: "R-7", mass: "\"heavy\""), "number.invalid", "/items/0/net_mass"),
            (declarationJSON(id: "R-8", mass: "true"), "field.type", "/items/0/net_mass"),
            (declarationJSON(id: ""), "field.missing", "/id"),
            (#"{"id":"R-9"}"#, "field.missing", "/lodged_at"),
        ])
    func rejections(body: String, code: String, pointer: String) async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let response = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: body)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problems = response.json["errors"] as? [[String: Any]] ?? []
            #expect(
                problems.contains { $0["code"] as? String == code && $0["pointer"] as? String == pointer },
                "expected \(code) at \(pointer) in \(response.text)")
            #expect(response.json["status"] as? Int == 422)
            #expect((response.json["type"] as? String)?.hasPrefix("tag:portunus.dev,2026:problem:") == true)
        }
        #expect(try fixture.store.declarations.count() == 0)
    }

    @Test("keys are snake_case both ways; a camelCase key of earlier versions is refused with the key to send")
    func snakeCaseKeys() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "K-1"))
            let read = try await client.send(.get, "/api/v1/declarations/K-1", key: fixture.keys["admin"])
            #expect(read.json["lodged_at"] as? String == "2025-03-01T10:00:00Z")
            #expect((read.json["procedure"] as? [String: Any])?["mode_of_transport"] as? String == "10")
            let item = (read.json["items"] as? [[String: Any]])?.first ?? [:]
            #expect(Set(item.keys).isSuperset(of: ["hs_code", "country_of_origin", "country_of_departure", "net_mass", "duty_rate", "tax_type"]))
            #expect(!read.text.contains("lodgedAt") && !read.text.contains("hsCode"))

            let camel = declarationJSON(id: "K-2").replacingOccurrences(of: "\"hs_code\"", with: "\"hsCode\"")
            let refused = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: camel)
            #expect(refused.status == .unprocessableContent)
            let problems = refused.json["errors"] as? [[String: Any]] ?? []
            let unknown = problems.first { $0["pointer"] as? String == "/items/0/hsCode" }
            #expect(unknown?["code"] as? String == "field.unknown")
            #expect((unknown?["detail"] as? String)?.contains("send 'hs_code'") == true, "\(refused.text)")
        }
        #expect(try fixture.store.declarations.count() == 1)
    }

    @Test("syntax errors, wrong media types and oversized bodies are refused with their codes")
    func requestErrors() async throws {
        let fixture = try ServerFixture(maximumBodyBytes: 2048)
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let syntax = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: "{\"id\": \"X\",\n oops}")
            #expect(syntax.status == .badRequest)
            #expect(syntax.json["code"] as? String == "json.invalid")
            let problem = (syntax.json["errors"] as? [[String: Any]])?.first
            #expect(problem?["line"] as? Int == 2)
            #expect(problem?["byte_offset"] != nil)

            let media = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], contentType: "text/csv", body: "a,b")
            #expect(media.status == .unsupportedMediaType)
            #expect(media.json["code"] as? String == "request.media_type")

            let large = String(repeating: declarationJSON(id: "L") + "\n", count: 10)
            let tooLarge = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], contentType: "application/x-ndjson", body: large)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.json["code"] as? String == "request.too_large")

            let unknownRoute = try await client.send(.get, "/api/v1/nothing", key: fixture.keys["admin"])
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.json["code"] as? String == "route.not_found")

            let unknownParameter = try await client.send(.get, "/api/v1/declarations?colour=red", key: fixture.keys["admin"])
            #expect(unknownParameter.status == .badRequest)
            #expect(unknownParameter.json["code"] as? String == "query.unknown")
            #expect(unknownParameter.json["pointer"] as? String == "colour")
        }
    }

    @Test("an NDJSON batch mixing good and bad records answers each, by line, and stores the good ones")
    func ndjsonBatch() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let body =
            [
                declarationJSON(id: "B-1"),
                declarationJSON(id: "B-2", hsCode: "12"),
                "",
                "{not json",
                declarationJSON(id: "B-3"),
                declarationJSON(id: "B-1"),
                declarationJSON(id: "B-4", extra: "\"x\":1,"),
            ].joined(separator: "\n") + "\n"
        try await fixture.application().test(.router) { client in
            let response = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], contentType: "application/x-ndjson", body: body)
            #expect(response.status == .ok)
            #expect(response.json["accepted"] as? Int == 2)
            #expect(response.json["rejected"] as? Int == 4)
            let results = response.json["results"] as? [[String: Any]] ?? []
            let summary = results.map { result -> String in
                let record: Int = result["record"] as? Int ?? 0
                let status: String = result["status"] as? String ?? ""
                let problems: [[String: Any]] = result["problems"] as? [[String: Any]] ?? []
                let code: String = problems.first?["code"] as? String ?? ""
                return "\(record):\(status):\(code)"
            }
            #expect(
                summary == [
                    "1:accepted:", "2:rejected:hs_code.invalid", "4:rejected:json.invalid", "5:accepted:", "6:rejected:id.conflict",
                    "7:rejected:field.unknown",
                ])
            let syntax = (results[2]["problems"] as? [[String: Any]])?.first
            #expect(syntax?["line"] as? Int == 4)
        }
        #expect(try fixture.store.declarations.count() == 2)
    }

    @Test("listing pages with a cursor through every declaration once, and filters combine")
    func pagination() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        var lines: [String] = []
        for number in 1...250 {
            let office = number % 2 == 0 ? "SEA01" : "AIR01"
            let lodged = String(format: "2025-%02d-10T08:00:00Z", 1 + number % 12)
            let hs = number % 5 == 0 ? "610910" : "847130"
            lines.append(declarationJSON(id: String(format: "P-%03d", number), office: office, lodgedAt: lodged, hsCode: hs))
        }
        let body = lines.joined(separator: "\n")
        try await fixture.application().test(.router) { client in
            let lodged = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"], contentType: "application/x-ndjson", body: body)
            #expect(lodged.json["accepted"] as? Int == 250)

            var seen: [String] = []
            var cursor: String? = nil
            var pages = 0
            repeat {
                let uri =
                    "/api/v1/declarations?limit=100"
                    + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                let page = try await client.send(.get, uri, key: fixture.keys["analyst"])
                #expect(page.status == .ok)
                seen += (page.json["declarations"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page.json["next"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 250)
            #expect(Set(seen).count == 250)

            let filtered = try await client.send(
                .get, "/api/v1/declarations?office=SEA01&hs=6109&from=2025-06-01&to=2025-09-01&limit=500", key: fixture.keys["analyst"])
            let ids = (filtered.json["declarations"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let matching: [Int] = (1...250).filter { number in number % 10 == 0 && (6...8).contains(1 + number % 12) }
            let expected: [String] = matching.map { String(format: "P-%03d", $0) }
            #expect(ids == expected)
            #expect(!expected.isEmpty)

            let badCursor = try await client.send(.get, "/api/v1/declarations?cursor=bm9wZQ", key: fixture.keys["analyst"])
            #expect(badCursor.json["code"] as? String == "argument.invalid")
            let badLimit = try await client.send(.get, "/api/v1/declarations?limit=5000", key: fixture.keys["analyst"])
            #expect(badLimit.status == .badRequest)
        }
    }
}
