import Foundation
import PortunusTestSupport
import Testing

@testable import Biometrics
@testable import Portunus
@testable import PortunusCore
@testable import Storage

@Suite("Biometric enrolment, verification and search", .offPool)
struct BiometricServiceTests {
    static let format = TemplateFormat(extractor: "test-extractor", version: "1", dimension: 64)
    let analyst = Principal(keyID: "analyst-1", role: .analyst)
    let officer = Principal(keyID: "officer-1", role: .officer)

    static func service(_ directory: URL) throws -> BiometricService {
        BiometricService(galleries: BiometricGalleries(store: try PortunusStore(dataDirectory: directory.path), dataDirectory: directory.path))
    }

    @Test(
        "templates stored by gallery; a threshold calibrated to a target false-match rate holds on other impostor pairs; 1:1 and 1:N decide by it; searches recorded; other extractors refused"
    )
    func service() throws {
        let directory = TestEnvironment.temporaryDirectory("biometrics")
        defer { TestEnvironment.cleanUp(directory) }
        let service = try Self.service(directory)
        let store = service.store
        let data = SyntheticTemplates(format: Self.format, identities: 400, samples: 3...3, probes: 80, matedShare: 0.5, noise: 0.6, seed: 5)
        #expect(throws: PortunusError.self) {
            try service.enroll(gallery: "watch", subject: "S0", format: Self.format, vector: data.row(0), by: officer)
        }
        #expect(throws: PortunusError.self, "a name is no subject reference") {
            try service.enroll(gallery: "watch", subject: "JOHN SMITH", format: Self.format, vector: data.row(0), by: analyst)
        }
        let ids = try service.enroll(
            gallery: "watch", format: Self.format, templates: (0..<data.count).map { ("S\(data.identities[$0])", data.row($0)) },
            by: analyst)
        #expect(ids.count == 1200)
        let before = try service.search(gallery: "watch", probe: data.probe(0), format: Self.format, k: 5, by: officer)
        #expect(before.decision == "uncalibrated" && before.policy == nil && before.method == .exact && before.templates == 1200)

        // Calibrate on one sample of impostor pairs, check on another.
        let policy = try service.calibrate(gallery: "watch", format: Self.format, targetFalseMatchRate: 0.001, pairs: 20_000, seed: 1, by: analyst)
        let held = try service.galleries.impostorScores(gallery: "watch", format: Self.format, pairs: 20_000, seed: 2)
        let falseMatches = Double(held.filter { $0 >= policy.threshold }.count) / Double(held.count)
        #expect(falseMatches <= 0.002, "false-match rate on held-out impostor pairs \(falseMatches) at threshold \(policy.threshold)")
        #expect(throws: PortunusError.self, "too few pairs to estimate 1 in 100,000") {
            try service.calibrate(gallery: "watch", format: Self.format, targetFalseMatchRate: 0.00001, pairs: 20_000, by: analyst)
        }
        #expect(throws: PortunusError.self) { try service.calibrate(gallery: "watch", format: Self.format, targetFalseMatchRate: 0.001, by: officer) }

        // 1:N compares a probe with every template: the false positive identification rate
        // is about gallery size × false-match rate, so a watch list sets its rate per
        // comparison at the alarm budget / gallery size: here 1 in 100,000 for 1,200.
        let strict = try service.calibrate(
            gallery: "watch", format: Self.format, targetFalseMatchRate: 0.00001, pairs: 1_200_000, seed: 3, by: analyst)
        #expect(strict.threshold > policy.threshold)
        var found = 0
        var alarms = 0
        var mated = 0
        for (position, identity) in data.probeIdentities.enumerated() {
            let result = try service.search(gallery: "watch", probe: data.probe(position), format: Self.format, k: 5, by: officer)
            #expect(result.policy == strict)
            if let identity {
                mated += 1
                if result.decision == "match" && result.candidates.first?.subject == "S\(identity)" { found += 1 }
            } else if result.decision == "match" {
                alarms += 1
            }
        }
        #expect(Double(found) / Double(mated) >= 0.95, "mated probes found: \(found) of \(mated)")
        #expect(alarms <= 2, "non-mated probes matched: \(alarms) of \(data.probeCount - mated)")
        let matedProbe = try #require(data.probeIdentities.firstIndex { $0 != nil })
        let subject = data.probeIdentities[matedProbe]!
        let own = try #require(data.identities.firstIndex(of: subject))
        let genuine = try service.verify(template: ids[own], probe: data.probe(matedProbe), format: Self.format, by: officer)
        #expect(genuine.decision == "match" && genuine.candidates[0].subject == "S\(subject)")
        let other = try #require(data.identities.firstIndex { $0 != subject })
        #expect(try service.verify(template: ids[other], probe: data.probe(matedProbe), format: Self.format, by: officer).decision == "no_match")

        let otherFormat = TemplateFormat(extractor: "another-extractor", version: "2", dimension: 64)
        #expect(throws: PortunusError.self) { try service.search(gallery: "watch", probe: data.probe(0), format: otherFormat, k: 5, by: officer) }
        #expect(throws: PortunusError.self) { try service.verify(template: ids[0], probe: data.probe(0), format: otherFormat, by: officer) }
        let trader = Principal(keyID: "trader-1", role: .trader, party: "X")
        #expect(throws: PortunusError.self) { try service.search(gallery: "watch", probe: data.probe(0), format: Self.format, k: 5, by: trader) }

        let recorded = try store.biometrics.biometricSearches(limit: 1000)
        #expect(recorded.count == data.probeCount + 3 && recorded.allSatisfy { $0.keyID == officer.keyID })
        #expect(try store.keys.auditEvents(action: "biometrics.search", limit: 1000).count == data.probeCount + 1)

        // A removed subject is no longer found, without a reload.
        let removed = try service.remove(gallery: "watch", ids: [], subject: "S\(subject)", by: analyst)
        #expect(try removed.count == 3 && store.biometrics.template(id: ids[own]) == nil)
        let after = try service.search(gallery: "watch", probe: data.probe(matedProbe), format: Self.format, k: 10, by: officer)
        #expect(after.templates == 1197 && !after.candidates.contains { $0.subject == "S\(subject)" })
        #expect(try service.remove(gallery: "watch", ids: [ids[own]], subject: nil, by: analyst).isEmpty, "already removed")
    }

    @Test("an HNSW index is built, saved and loaded after a restart without rebuilding; later enrolments and removals are taken into it")
    func index() throws {
        let directory = TestEnvironment.temporaryDirectory("biometrics-index")
        defer { TestEnvironment.cleanUp(directory) }
        let data = SyntheticTemplates(format: Self.format, identities: 1500, samples: 1...5, probes: 60, seed: 9)
        var service = try Self.service(directory)
        let ids = try service.enroll(
            gallery: "lookout", format: Self.format, templates: (0..<data.count).map { ("P\(data.identities[$0])", data.row($0)) },
            by: analyst)
        let built = try service.build(gallery: "lookout", format: Self.format, m: 16, efConstruction: 100, efSearch: 64, by: analyst)
        #expect(
            built.templates == data.count && FileManager.default.fileExists(atPath: directory.appendingPathComponent("biometrics/\(built.file)").path)
        )
        var exactHits = 0
        var total = 0
        var before: [[Int64]] = []
        for position in 0..<data.probeCount {
            let approximate = try service.search(gallery: "lookout", probe: data.probe(position), format: Self.format, k: 10, by: officer)
            let exact = try service.search(gallery: "lookout", probe: data.probe(position), format: Self.format, k: 10, exact: true, by: officer)
            #expect(approximate.method == .hnsw && exact.method == .exact)
            exactHits += Set(approximate.candidates.map(\.template)).intersection(exact.candidates.map(\.template)).count
            total += 10
            before.append(approximate.candidates.map(\.template))
        }
        #expect(Double(exactHits) / Double(total) >= 0.95, "recall@10 \(Double(exactHits) / Double(total))")

        // A restart: a new process opens the store and loads the saved index.
        service = try Self.service(directory)
        for position in 0..<data.probeCount {
            let result = try service.search(gallery: "lookout", probe: data.probe(position), format: Self.format, k: 10, by: officer)
            #expect(result.method == .hnsw && result.candidates.map(\.template) == before[position])
        }

        // Enrolled after the build: found through the index. Removed: never returned.
        let newcomer = SyntheticTemplates(format: Self.format, identities: 3, samples: 2...2, probes: 3, matedShare: 1, seed: 99)
        let added = try service.enroll(
            gallery: "lookout", format: Self.format, templates: (0..<newcomer.count).map { ("N\(newcomer.identities[$0])", newcomer.row($0)) },
            by: analyst)
        for position in 0..<newcomer.probeCount {
            let result = try service.search(gallery: "lookout", probe: newcomer.probe(position), format: Self.format, k: 5, by: officer)
            #expect(result.method == .hnsw && result.candidates.first?.subject == "N\(newcomer.probeIdentities[position]!)")
        }
        let gone = before[0].prefix(3)
        _ = try service.remove(gallery: "lookout", ids: Array(gone), subject: nil, by: analyst)
        let after = try service.search(gallery: "lookout", probe: data.probe(0), format: Self.format, k: 10, by: officer)
        #expect(after.templates == data.count + added.count - 3 && Set(after.candidates.map(\.template)).isDisjoint(with: gone))
        #expect(!after.candidates.contains { !ids.contains($0.template) && !added.contains($0.template) })

        // A second build replaces the first: its file is deleted, and searches move to it.
        let rebuilt = try service.build(gallery: "lookout", format: Self.format, by: analyst)
        #expect(rebuilt.templates == data.count + added.count - 3)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("biometrics/\(built.file)").path))
        let again = try service.search(gallery: "lookout", probe: data.probe(0), format: Self.format, k: 10, by: officer)
        #expect(again.method == .hnsw && Set(again.candidates.map(\.template)).isDisjoint(with: gone))
        #expect(throws: PortunusError.self) { try service.build(gallery: "lookout", format: Self.format, by: officer) }
    }

    @Test("a template file: good lines enrolled, bad ones reported by line and field, never by content")
    func templateFile() throws {
        let format = TemplateFormat(extractor: "x", version: "1", dimension: 3)
        let text = """
            {"subject": "WL-1", "template": [0.1, 0.2, 0.3]}
            {"subject": "WL-2", "template": [0.1, 0.2]}

            {"subject": "WL-3", "template": [0, 0, 0]}
            not json
            {"template": [1, 2, 3]}
            {"subject": "WL-4", "template": [1, 2, 3], "extractor": "y"}
            {"subject": "WL-5", "template": [3, 2, 1], "extractor": "x", "version": "1"}
            """
        let parsed = TemplateFile.parse(Array(text.utf8), format: format)
        #expect(parsed.lines.map(\.line) == [1, 8] && parsed.lines.map(\.subject) == ["WL-1", "WL-5"])
        #expect(abs(parsed.lines[0].vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5, "normalised")
        #expect(parsed.problems.map(\.line) == [2, 4, 5, 6, 7])
        #expect(parsed.problems.map(\.field) == ["template", "template", nil, "subject", "extractor"])
        #expect(parsed.problems.allSatisfy { !$0.description.contains("0.1") && !$0.description.contains("WL-") })
        #expect(try TemplateFile.probe(Array("[1, 2, 3]".utf8)).vector == [1, 2, 3])
        let probe = try TemplateFile.probe(Array(#"{"extractor": "x", "version": "1", "template": [1, 0, 0]}"#.utf8))
        #expect(probe.extractor == "x" && probe.version == "1")
        #expect(throws: PortunusError.self) { try TemplateFile.probe(Array("{}".utf8)) }
    }
}
