import Biometrics
import Foundation
import PortunusCore
import Storage

/// When two templates are "the same person": the score threshold that impostor pairs
/// (templates of different subjects) exceed at no more than the target false-match rate.
public struct ThresholdPolicy: Sendable, Hashable, Encodable {
    public var targetFalseMatchRate: Double
    public var threshold: Float

    public init(targetFalseMatchRate: Double, threshold: Float) {
        self.targetFalseMatchRate = targetFalseMatchRate
        self.threshold = threshold
    }

    enum CodingKeys: String, CodingKey { case targetFalseMatchRate = "target_false_match_rate", threshold }

    /// The threshold from impostor scores: the smallest score that at most `rate` of them
    /// reach. Nil when there are too few scores to estimate the rate (fewer than 10 / rate).
    public static func calibrate(impostorScores: [Float], targetFalseMatchRate rate: Double) -> ThresholdPolicy? {
        guard rate > 0, rate < 1, Double(impostorScores.count) >= 10 / rate else { return nil }
        let sorted = impostorScores.sorted(by: >)
        let allowed = Int((Double(sorted.count) * rate).rounded(.down))
        // Strictly above the (allowed + 1)-th highest impostor score.
        let threshold = sorted[allowed].nextUp
        return ThresholdPolicy(targetFalseMatchRate: rate, threshold: threshold)
    }
}

/// Biometric templates in galleries, 1:1 verification and 1:N search (exact, OpenBLAS), each
/// verification and search recorded. Templates are personal data: they are never returned,
/// and every act needs a role.
public struct BiometricService: Sendable {
    public let store: PortunusStore
    public var policy: ThresholdPolicy

    public init(store: PortunusStore, policy: ThresholdPolicy) {
        self.store = store
        self.policy = policy
    }

    public struct Match: Sendable, Hashable, Encodable {
        public var template: Int64
        public var subject: String
        public var score: Float
    }

    public struct Decision: Sendable, Hashable, Encodable {
        public var candidates: [Match]
        /// match when the best score reaches the policy's threshold, else no_match.
        public var decision: String
        public var policy: ThresholdPolicy
    }

    public func enroll(gallery: String, subject: String, format: TemplateFormat, vector: [Float], by principal: Principal) throws(PortunusError) -> Int64 {
        try AccessPolicy.require(.enrollBiometrics, principal)
        let normalised = try ExactGallery.normalised(vector, format: format, given: format)
        return try store.addTemplate(gallery: gallery, subject: subject, extractor: format.extractor, version: format.version, vector: normalised,
                                     by: principal.keyID)
    }

    func gallery(_ name: String, format: TemplateFormat) throws(PortunusError) -> (ExactGallery, [StoredTemplate]) {
        let templates = try store.templates(gallery: name, extractor: format.extractor, version: format.version)
        guard !templates.isEmpty else {
            throw PortunusError(.templateFormat, "gallery \(name) holds no \(format.extractor) \(format.version) templates: templates of other extractors are never compared")
        }
        var gallery = ExactGallery(format: format)
        // Stored templates were normalised when enrolled.
        for template in templates { try gallery.append(normalisedRow: template.vector) }
        return (gallery, templates)
    }

    /// 1:N: the `k` best candidates and the decision, recorded.
    public func search(gallery name: String, probe: [Float], format: TemplateFormat, k: Int, by principal: Principal) throws(PortunusError) -> Decision {
        try AccessPolicy.require(.searchBiometrics, principal)
        let (gallery, templates) = try gallery(name, format: format)
        let found = try gallery.search(probe, format: format, k: min(max(k, 1), 100))
        let matches = found.map { Match(template: templates[$0.label].id, subject: templates[$0.label].subject, score: $0.score) }
        let decision = (matches.first?.score ?? -1) >= policy.threshold ? "match" : "no_match"
        try store.recordBiometricSearch(keyID: principal.keyID, kind: "search", gallery: name, extractor: format.extractor, candidates: matches.count,
                                        bestScore: matches.first?.score, decision: decision)
        return Decision(candidates: matches, decision: decision, policy: policy)
    }

    /// 1:1: a probe against one enrolled template, recorded.
    public func verify(template id: Int64, probe: [Float], format: TemplateFormat, by principal: Principal) throws(PortunusError) -> Decision {
        try AccessPolicy.require(.searchBiometrics, principal)
        guard let template = try store.template(id: id) else { throw PortunusError(.notFound, "no such template", field: "template") }
        let stored = TemplateFormat(extractor: template.extractor, version: template.version, dimension: template.vector.count)
        guard stored == format else { throw PortunusError(.templateFormat, "the enrolled template is \(stored); the probe is \(format)") }
        var one = ExactGallery(format: format)
        try one.append(normalisedRow: template.vector)
        let score = try one.search(probe, format: format, k: 1)[0].score
        let decision = score >= policy.threshold ? "match" : "no_match"
        try store.recordBiometricSearch(keyID: principal.keyID, kind: "verify", gallery: template.gallery, extractor: format.extractor, candidates: 1,
                                        bestScore: score, decision: decision)
        return Decision(candidates: [Match(template: id, subject: template.subject, score: score)], decision: decision, policy: policy)
    }

    /// Scores of `pairs` random template pairs of different subjects (for calibration).
    public func impostorScores(gallery name: String, format: TemplateFormat, pairs: Int, seed: UInt64 = 1) throws(PortunusError) -> [Float] {
        let (_, templates) = try gallery(name, format: format)
        var random = SeededGenerator(seed: seed)
        func next() -> Int { Int(random.next() % UInt64(templates.count)) }
        var scores: [Float] = []
        var attempts = 0
        while scores.count < pairs && attempts < pairs * 10 {
            attempts += 1
            let a = templates[next()], b = templates[next()]
            guard a.subject != b.subject else { continue }
            scores.append(zip(a.vector, b.vector).reduce(0) { $0 + $1.0 * $1.1 })
        }
        return scores
    }
}
