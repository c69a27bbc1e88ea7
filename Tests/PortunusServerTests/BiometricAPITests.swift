import Biometrics
import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import PortunusServer

@Suite("Biometrics API")
struct BiometricAPITests {
    @Test("enrol, search 1:N, verify 1:1, remove; templates never come back; roles enforced; every search recorded")
    func biometrics() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let format = TemplateFormat(extractor: "face-x", version: "2.1", dimension: 32)
        let data = SyntheticTemplates(
            format: format, identities: 20, samples: 2...2, probes: 5, matedShare: 1, latentDimension: 16, groups: 4, seed: 3)
        @Sendable func numbers(_ vector: [Float]) -> String { "[" + vector.map { String($0) }.joined(separator: ",") + "]" }
        let templates = (0..<data.count).map { #"{"subject":"WL-\#(data.identities[$0])","template":\#(numbers(data.row($0)))}"# }
        let enrolment = #"{"extractor":"face-x","version":"2.1","templates":[\#(templates.joined(separator: ","))]}"#
        try await fixture.application().test(.router) { client in
            #expect(
                try await client.send(.post, "/api/v1/biometrics/galleries/watch/templates", key: fixture.keys["officer"], body: enrolment).status
                    == .forbidden)
            let enrolled = try await client.send(.post, "/api/v1/biometrics/galleries/watch/templates", key: fixture.keys["analyst"], body: enrolment)
            #expect(enrolled.status == .created)
            let ids = try #require(enrolled.json["templates"] as? [Int])
            #expect(ids.count == 40)
            // A short template anywhere refuses the whole request, naming its place.
            let short = #"{"extractor":"face-x","version":"2.1","templates":[\#(templates[0]),{"subject":"WL-99","template":[1,2,3]}]}"#
            let refused = try await client.send(.post, "/api/v1/biometrics/galleries/watch/templates", key: fixture.keys["analyst"], body: short)
            #expect(
                refused.status == .unprocessableContent && refused.text.contains("/templates/1/template")
                    && refused.text.contains("biometrics.format"))

            let probe = data.probeIdentities[0]!
            let search = #"{"gallery":"watch","extractor":"face-x","version":"2.1","probe":\#(numbers(data.probe(0))),"top":3}"#
            let found = try await client.send(.post, "/api/v1/biometrics/search", key: fixture.keys["officer"], body: search)
            #expect(found.status == .ok && found.json["method"] as? String == "exact" && found.json["decision"] as? String == "uncalibrated")
            let candidates = try #require(found.json["candidates"] as? [[String: Any]])
            #expect(candidates.count == 3 && candidates[0]["subject"] as? String == "WL-\(probe)")
            #expect(!found.text.contains("\"template\":["), "templates never come back")
            #expect(try await client.send(.post, "/api/v1/biometrics/search", key: fixture.keys["traderA"], body: search).status == .forbidden)
            let otherExtractor = search.replacingOccurrences(of: "face-x", with: "face-y")
            let other = try await client.send(.post, "/api/v1/biometrics/search", key: fixture.keys["officer"], body: otherExtractor)
            #expect(other.status == .unprocessableContent && other.text.contains("biometrics.format"))

            let template = try #require(candidates[0]["template"] as? Int)
            let verify = #"{"template":\#(template),"extractor":"face-x","version":"2.1","probe":\#(numbers(data.probe(0)))}"#
            let verified = try await client.send(.post, "/api/v1/biometrics/verify", key: fixture.keys["officer"], body: verify)
            #expect(verified.status == .ok && (verified.json["candidates"] as? [[String: Any]])?.first?["subject"] as? String == "WL-\(probe)")
            let missing = verify.replacingOccurrences(of: #""template":\#(template)"#, with: #""template":999999"#)
            #expect(try await client.send(.post, "/api/v1/biometrics/verify", key: fixture.keys["officer"], body: missing).status == .notFound)

            let galleries = try await client.send(.get, "/api/v1/biometrics/galleries", key: fixture.keys["officer"])
            let listed = try #require((galleries.json["galleries"] as? [[String: Any]])?.first)
            #expect(listed["templates"] as? Int == 40 && listed["extractor"] as? String == "face-x")

            #expect(try await client.send(.delete, "/api/v1/biometrics/templates/\(template)", key: fixture.keys["officer"]).status == .forbidden)
            #expect(try await client.send(.delete, "/api/v1/biometrics/templates/\(template)", key: fixture.keys["analyst"]).status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/biometrics/templates/\(template)", key: fixture.keys["analyst"]).status == .notFound)
            let again = try await client.send(.post, "/api/v1/biometrics/search", key: fixture.keys["officer"], body: search)
            #expect(!((again.json["candidates"] as? [[String: Any]]) ?? []).contains { $0["template"] as? Int == template })
        }
        let recorded = try fixture.store.biometrics.biometricSearches()
        #expect(recorded.count == 3 && recorded.map(\.kind).sorted() == ["search", "search", "verify"])
    }
}
