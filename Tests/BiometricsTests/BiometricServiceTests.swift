import Foundation
import PortunusTestSupport
import Testing
@testable import Biometrics
@testable import Portunus
@testable import PortunusCore
@testable import Storage

@Suite("Biometric enrolment, verification and search")
struct BiometricServiceTests {
    static let format = TemplateFormat(extractor: "test-extractor", version: "1", dimension: 64)
    let analyst = Principal(keyID: "analyst-1", role: .analyst)
    let officer = Principal(keyID: "officer-1", role: .officer)

    @Test("templates stored by gallery; a threshold calibrated to a target false-match rate holds on other impostor pairs; 1:1 and 1:N decide by it; searches recorded; other extractors refused")
    func service() throws {
        let directory = TestEnvironment.temporaryDirectory("biometrics")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let data = SyntheticGallery(identities: 400, samples: 3, dimension: 64, noise: 0.6, seed: 5)
        var service = BiometricService(store: store, policy: ThresholdPolicy(targetFalseMatchRate: 0.001, threshold: 0.5))
        #expect(throws: PortunusError.self) { try service.enroll(gallery: "watch", subject: "S0", format: Self.format, vector: data.vectors[0], by: officer) }
        var ids: [Int64] = []
        for (vector, identity) in zip(data.vectors, data.identities) {
            ids.append(try service.enroll(gallery: "watch", subject: "S\(identity)", format: Self.format, vector: vector, by: analyst))
        }
        // Calibrate on one sample of impostor pairs, check on another.
        let calibration = try service.impostorScores(gallery: "watch", format: Self.format, pairs: 20_000, seed: 1)
        let policy = try #require(ThresholdPolicy.calibrate(impostorScores: calibration, targetFalseMatchRate: 0.001))
        let held = try service.impostorScores(gallery: "watch", format: Self.format, pairs: 20_000, seed: 2)
        let falseMatches = Double(held.filter { $0 >= policy.threshold }.count) / Double(held.count)
        #expect(falseMatches <= 0.002, "false-match rate on held-out impostor pairs \(falseMatches) at threshold \(policy.threshold)")
        #expect(ThresholdPolicy.calibrate(impostorScores: Array(calibration.prefix(100)), targetFalseMatchRate: 0.001) == nil, "too few pairs to estimate 1 in 1,000")
        service.policy = policy

        var found = 0
        for (probe, identity) in zip(data.probes, data.probeIdentities) {
            let result = try service.search(gallery: "watch", probe: probe, format: Self.format, k: 5, by: officer)
            if result.decision == "match" && result.candidates.first?.subject == "S\(identity)" { found += 1 }
        }
        #expect(Double(found) / Double(data.probes.count) >= 0.95, "genuine probes found: \(found) of \(data.probes.count)")
        let genuine = try service.verify(template: ids[0], probe: data.probes[0], format: Self.format, by: officer)
        #expect(genuine.decision == "match" && genuine.candidates[0].subject == "S0")
        let impostor = try service.verify(template: ids[3 * 5], probe: data.probes[0], format: Self.format, by: officer)
        #expect(impostor.decision == "no_match", "subject 5's template against subject 0's probe")

        let other = TemplateFormat(extractor: "another-extractor", version: "2", dimension: 64)
        #expect(throws: PortunusError.self) { try service.search(gallery: "watch", probe: data.probes[0], format: other, k: 5, by: officer) }
        #expect(throws: PortunusError.self) { try service.verify(template: ids[0], probe: data.probes[0], format: other, by: officer) }
        let trader = Principal(keyID: "trader-1", role: .trader, party: "X")
        #expect(throws: PortunusError.self) { try service.search(gallery: "watch", probe: data.probes[0], format: Self.format, k: 5, by: trader) }

        let recorded = try store.biometricSearches(limit: 1000)
        #expect(recorded.count == data.probes.count + 2 && recorded.allSatisfy { $0.keyID == officer.keyID })
        #expect(try store.auditEvents(action: "biometrics.search", limit: 1000).count == data.probes.count)
        #expect(try store.removeTemplate(id: ids[0]) && store.template(id: ids[0]) == nil)
    }
}
