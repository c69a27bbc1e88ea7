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

/// Biometric templates in galleries, 1:1 verification and 1:N search (exact with OpenBLAS,
/// or through a gallery's HNSW index), each verification and search recorded. Templates
/// are personal data: they are never returned, and every act needs a role. A template's
/// subject is a reference (a watch-list entry, a case), never a name.
public struct BiometricService: Sendable {
    public let store: PortunusStore
    public let galleries: BiometricGalleries

    public init(galleries: BiometricGalleries) {
        self.store = galleries.store
        self.galleries = galleries
    }

    public struct Match: Sendable, Hashable, Encodable {
        public var template: Int64
        public var subject: String
        public var score: Float
    }

    public struct Decision: Sendable, Hashable, Encodable {
        public var candidates: [Match]
        /// match when the best score reaches the format's calibrated threshold, no_match when
        /// it does not, uncalibrated when the format has no threshold yet.
        public var decision: String
        public var policy: ThresholdPolicy?
        /// exact or hnsw (1:N), exact (1:1).
        public var method: BiometricGalleries.Method
        /// How many templates the gallery holds in this format.
        public var templates: Int
    }

    /// Checks a gallery name.
    static func check(gallery: String) throws(PortunusError) {
        guard gallery.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,63}/) != nil else {
            throw PortunusError(.invalidArgument, "a gallery name is 1 to 64 of a–z 0–9 . _ -", field: "gallery")
        }
    }

    /// Checks a subject reference: never a name.
    static func check(subject: String, field: String = "subject") throws(PortunusError) {
        guard subject.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._:\/-]{0,63}/) != nil else {
            throw PortunusError(
                .invalidArgument, "a subject is a reference of 1 to 64 letters, digits and . _ : / - (a watch-list entry or a case, not a name)",
                field: field)
        }
    }

    /// Enrols templates of one format in a gallery in one transaction; returns their ids.
    /// Nothing is stored when any template is refused.
    public func enroll(
        gallery: String, format: TemplateFormat, templates: [(subject: String, vector: [Float])],
        by principal: Principal
    ) throws(PortunusError) -> [Int64] {
        try AccessPolicy.require(.enrollBiometrics, principal)
        try Self.check(gallery: gallery)
        var normalised: [(subject: String, vector: [Float])] = []
        normalised.reserveCapacity(templates.count)
        for (position, template) in templates.enumerated() {
            // A refused template is named by its place (a JSON pointer into the request).
            try Self.check(subject: template.subject, field: "/templates/\(position)/subject")
            do { normalised.append((template.subject, try ExactGallery.normalised(template.vector, format: format, given: format))) } catch {
                throw PortunusError(error.code, error.reason, field: "/templates/\(position)/template")
            }
        }
        return try store.biometrics.addTemplates(
            gallery: gallery, extractor: format.extractor, version: format.version, normalised, by: principal.keyID)
    }

    public func enroll(gallery: String, subject: String, format: TemplateFormat, vector: [Float], by principal: Principal) throws(PortunusError)
        -> Int64
    {
        try enroll(gallery: gallery, format: format, templates: [(subject, vector)], by: principal)[0]
    }

    /// Removes templates by id, or all of a subject's in a gallery; returns the ids removed.
    public func remove(gallery: String?, ids: [Int64], subject: String?, by principal: Principal) throws(PortunusError) -> [Int64] {
        try AccessPolicy.require(.enrollBiometrics, principal)
        return try store.biometrics.removeTemplates(gallery: gallery, ids: ids, subject: subject, by: principal.keyID)
    }

    func policy(_ format: TemplateFormat) throws(PortunusError) -> ThresholdPolicy? {
        try store.biometrics.biometricPolicy(extractor: format.extractor, version: format.version).map {
            ThresholdPolicy(targetFalseMatchRate: $0.targetFalseMatchRate, threshold: $0.threshold)
        }
    }

    static func decide(_ score: Float?, _ policy: ThresholdPolicy?) -> String {
        guard let policy else { return "uncalibrated" }
        return (score ?? -1) >= policy.threshold ? "match" : "no_match"
    }

    /// 1:N: the `k` best candidates (1 to 100) and the decision, recorded.
    public func search(
        gallery name: String, probe: [Float], format: TemplateFormat, k: Int, exact: Bool = false,
        by principal: Principal
    ) throws(PortunusError) -> Decision {
        try AccessPolicy.require(.searchBiometrics, principal)
        try Self.check(gallery: name)
        guard (1...100).contains(k) else { throw PortunusError(.invalidArgument, "top is 1 to 100", field: "top") }
        let query = try ExactGallery.normalised(probe, format: format, given: format)
        let result = try galleries.search(gallery: name, normalisedProbe: query, format: format, k: k, exact: exact)
        let matches = result.found.map { Match(template: $0.template, subject: $0.subject, score: $0.score) }
        let policy = try policy(format)
        let decision = Self.decide(matches.first?.score, policy)
        try store.biometrics.recordBiometricSearch(
            keyID: principal.keyID, kind: "search", gallery: name, extractor: format.extractor, candidates: matches.count,
            bestScore: matches.first?.score, decision: decision)
        return Decision(candidates: matches, decision: decision, policy: policy, method: result.method, templates: result.templates)
    }

    /// 1:1: a probe against one enrolled template, recorded.
    public func verify(template id: Int64, probe: [Float], format: TemplateFormat, by principal: Principal) throws(PortunusError) -> Decision {
        try AccessPolicy.require(.searchBiometrics, principal)
        guard let template = try store.biometrics.template(id: id) else { throw PortunusError(.notFound, "no such template", field: "template") }
        let stored = TemplateFormat(extractor: template.extractor, version: template.version, dimension: template.vector.count)
        guard stored == format else { throw PortunusError(.templateFormat, "the enrolled template is \(stored); the probe is \(format)") }
        let query = try ExactGallery.normalised(probe, format: format, given: format)
        let score = zip(query, template.vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let policy = try policy(format)
        let decision = Self.decide(score, policy)
        try store.biometrics.recordBiometricSearch(
            keyID: principal.keyID, kind: "verify", gallery: template.gallery, extractor: format.extractor, candidates: 1,
            bestScore: score, decision: decision)
        return Decision(
            candidates: [Match(template: id, subject: template.subject, score: score)], decision: decision, policy: policy,
            method: .exact, templates: 1)
    }

    /// The most impostor pairs one calibration draws (their scores take 4 bytes each, so
    /// 200 MB at most): 10 per comparison at a false-match rate of 1 in 5 million, above
    /// the 12 million `portunus run` draws for its 1-in-a-million watch list.
    public static let maximumImpostorPairs = 50_000_000

    /// Calibrates and stores the threshold of a format from `pairs` impostor pairs of a
    /// gallery (templates of different subjects). Refused when there are too few pairs to
    /// estimate the target rate (fewer than 10 / rate).
    public func calibrate(
        gallery: String, format: TemplateFormat, targetFalseMatchRate rate: Double, pairs: Int = 200_000, seed: UInt64 = 1,
        by principal: Principal
    ) throws(PortunusError) -> ThresholdPolicy {
        try AccessPolicy.require(.enrollBiometrics, principal)
        // Both come from the command line: a rate of 0 or NaN made `10 / rate` an Int trap in
        // the refusal below, and `pairs` sizes an allocation and is multiplied.
        guard rate.isFinite, rate >= 1e-9, rate < 1 else {
            throw PortunusError(
                .invalidArgument, "the target false-match rate is more than 0 (at least 1e-9) and less than 1", field: "target_false_match_rate")
        }
        guard (1...Self.maximumImpostorPairs).contains(pairs) else {
            throw PortunusError(.invalidArgument, "pairs is 1 to \(Self.maximumImpostorPairs)", field: "pairs")
        }
        let scores = try galleries.impostorScores(gallery: gallery, format: format, pairs: pairs, seed: seed)
        guard let policy = ThresholdPolicy.calibrate(impostorScores: scores, targetFalseMatchRate: rate) else {
            throw PortunusError(
                .invalidArgument,
                "\(scores.count) impostor pairs cannot estimate a false-match rate of \(rate): at least \(Int(saturating: (10 / rate).rounded(.up))) are needed",
                field: "target_false_match_rate")
        }
        try store.biometrics.setBiometricPolicy(
            extractor: format.extractor, version: format.version, targetFalseMatchRate: rate, threshold: policy.threshold,
            impostorPairs: scores.count, by: principal.keyID)
        return policy
    }

    /// Builds an HNSW index over a gallery format's templates, saves it under
    /// `<data-dir>/biometrics/` and registers it: the server and later commands load it
    /// instead of rebuilding, and catch it up on later changes. Older index files of the
    /// gallery format are deleted.
    public func build(
        gallery: String, format: TemplateFormat, m: Int = 32, efConstruction: Int = 200, efSearch: Int = 128, threads: Int = 2,
        by principal: Principal
    ) throws(PortunusError) -> StoredIndex {
        try AccessPolicy.require(.enrollBiometrics, principal)
        guard (4...64).contains(m), (m...2_000).contains(efConstruction), (1...2_000).contains(efSearch) else {
            throw PortunusError(.invalidArgument, "M is 4 to 64, ef_construction M to 2,000, ef_search 1 to 2,000", field: "m")
        }
        var rows = ExactGallery(format: format)
        var labels: [Int] = []
        let seq = try store.biometrics.forEachTemplate(gallery: gallery, extractor: format.extractor, version: format.version) { id, _, vector in
            guard vector.count % 4 == 0, vector.count / 4 == format.dimension else { return }
            rows.append(littleEndianFloats: vector)
            labels.append(Int(id))
        }
        guard !labels.isEmpty else { throw PortunusError(.notFound, "gallery \(gallery) holds no \(format) templates", field: "gallery") }
        let started = Date()
        let index = try HNSWIndex(format: format, capacity: labels.count, m: m, efConstruction: efConstruction)
        try index.add(normalisedRows: rows.matrix, labels: labels, threads: threads)
        let seconds = Date().timeIntervalSince(started)
        let file = "index-\(UUID().uuidString.lowercased()).hnsw"
        let directory = galleries.directory
        // Owner-only: an index holds the gallery's templates, which are biometric data.
        try PrivateFiles.createDirectory(directory.path)
        // Written beside, then renamed into place: a reader never sees half a file.
        let partial = directory.appendingPathComponent(file + ".partial")
        try index.save(to: partial.path)
        PrivateFiles.restrict(partial.path)
        do { try FileManager.default.moveItem(at: partial, to: directory.appendingPathComponent(file)) } catch {
            throw PortunusError(.io, "cannot move the index into place")
        }
        let older = try store.biometrics.indexes(gallery: gallery, extractor: format.extractor, version: format.version)
        var stored = StoredIndex(
            gallery: gallery, extractor: format.extractor, version: format.version, dimension: format.dimension, file: file, m: m,
            efConstruction: efConstruction, efSearch: efSearch, seq: seq, templates: labels.count, buildSeconds: seconds)
        stored.id = try store.biometrics.recordIndex(stored, by: principal.keyID)
        for index in older { try? FileManager.default.removeItem(at: directory.appendingPathComponent(index.file)) }
        return stored
    }
}

public typealias StoredIndex = BiometricStore.StoredIndex
