import Crypto
import Foundation
import PortunusCore
import SentenceEmbedding
import Storage
import Synchronization
import Tariff

/// The HS classification assistant over the store: HS 2022 subheadings with their heading and
/// chapter texts, the extra description lines imported (`portunus tariff import` of a CN file),
/// and the classifications officers confirmed. Their embeddings are cached in the store, keyed
/// by the model's hash and each text's SHA-256, so only new or changed texts are encoded.
///
/// The index is rebuilt when what it is built from changes (checked on every query, through a
/// cheap fingerprint of the tables); until a rebuild is done, the previous index answers.
public final class TariffAssistant: Sendable {
    /// The edition the assistant suggests codes of.
    public static let edition = HSEdition.hs2022

    /// Fusion weights, lexicon use and abstention thresholds, chosen on development data,
    /// never on ATLAS-200 (the test split): 100 cases of the ATLAS *validation* split
    /// (`dev_100`, see docs/tariff.md) and the 58 English cases of the micro set, with the CN 2023
    /// texts imported:
    /// - equal weights: of 1,1,1,1, 1.5,1,1,1, 1,1,0.5,1 and 1,1,1,1.5 (bm25, subheading,
    ///   hierarchy, lines) none was better on both sets by more than one case;
    /// - the customs lexicon everywhere (BM25 query and the encoded text): development top-1 /
    ///   top-5 38 / 59 % and micro 37.9 / 62.1 %, against 36 / 56 % and 37.9 / 56.9 % with
    ///   BM25 only, and 24 / 41 % and 37.9 / 56.9 % without it;
    /// - abstain when the best fused score is under 21.0, about the development set's 25th
    ///   and the micro set's 10th percentile: the development cases kept reach 38.7 % top-1 and
    ///   62.7 % top-5, against 38 % and 59 % for all;
    /// - single out the first candidate when it leads the second by 2.6 or more (above both
    ///   sets' median gap; the code singled out is right in about half of those cases).
    public static let defaultWeights = HSClassifier.Weights()
    public static let defaultPolicy = HSClassifier.Policy(minimumScore: 21.0, singleGap: 2.6)

    public struct IndexReport: Sendable, Encodable, Equatable {
        /// The generation of the store's tariff tables the index was built from.
        public var generation: String
        public var subheadings: Int
        public var lines: Int
        public var confirmed: Int
        /// Distinct texts encoded by this build, and those found in the cache.
        public var encoded: Int
        public var cached: Int
        public var model: String
        public var seconds: Double
    }

    struct State {
        var classifier: HSClassifier?
        var fingerprint: String?
        var building = false
        var report: IndexReport?
    }

    public let store: PortunusStore
    public let modelDirectory: URL
    public let weights: HSClassifier.Weights
    public let policy: HSClassifier.Policy
    /// Threads that encode texts during a build (all cores by default).
    public let workers: Int
    private let encoderState = Mutex<SentenceEncoder?>(nil)
    private let state = Mutex(State())
    /// Serialises builds; queries never wait on it unless there is no index at all.
    private let building = NSLock()
    /// Raised by ``stop()`` at shutdown: every build, a background one started by a query
    /// included, stops at its next batch.
    private let stopping = CancellationFlag()

    public init(
        store: PortunusStore, modelDirectory: URL, weights: HSClassifier.Weights = TariffAssistant.defaultWeights,
        policy: HSClassifier.Policy = TariffAssistant.defaultPolicy, workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.store = store
        self.workers = max(1, workers)
        self.modelDirectory = modelDirectory
        self.weights = weights
        self.policy = policy
    }

    /// Where `scripts/bootstrap` puts the model and the CN 2023 texts (`.venv-hs/models` under
    /// the working directory).
    public static var bootstrapModels: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".venv-hs/models")
    }

    /// The model folder: `PORTUNUS_TARIFF_MODEL`, else where `scripts/bootstrap` unpacks it
    /// (`.venv-hs/models/all-minilm-l6-v2` under the working directory).
    public static func defaultModelDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["PORTUNUS_TARIFF_MODEL"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return bootstrapModels.appendingPathComponent("all-minilm-l6-v2")
    }

    /// Whether the model's weights are in its folder.
    public var modelInstalled: Bool {
        FileManager.default.fileExists(atPath: modelDirectory.appendingPathComponent("model.safetensors").path)
    }

    var modelMissing: PortunusError {
        PortunusError(
            .assistantUnavailable, "the MiniLM model is not installed at \(modelDirectory.path): run scripts/bootstrap or set PORTUNUS_TARIFF_MODEL")
    }

    public func encoder() throws(PortunusError) -> SentenceEncoder {
        if let loaded = encoderState.withLock({ $0 }) { return loaded }
        guard modelInstalled else { throw modelMissing }
        let loaded = try SentenceEncoder(directory: modelDirectory)
        encoderState.withLock { $0 = loaded }
        return loaded
    }

    public var lastReport: IndexReport? { state.withLock { $0.report } }

    /// Stops every build in progress at its next batch (what has been encoded stays in the
    /// cache) and refuses new ones: the process is shutting down.
    public func stop() { stopping.raise() }

    /// Builds the index if what it is built from changed (or it was never built); returns
    /// the report of the build that made the current index. A build stops with
    /// `operation.cancelled` between two batches once `cancellation` or ``stop()`` is raised;
    /// the batches already encoded are in the cache, and the next build starts after them.
    @discardableResult
    public func prepare(cancellation: CancellationFlag? = nil) throws(PortunusError) -> IndexReport {
        building.lock()
        defer { building.unlock() }
        let fingerprint = try store.tariff.hsAssistantFingerprint(edition: Self.edition.rawValue)
        if let current = state.withLock({ $0.fingerprint == fingerprint && $0.classifier != nil ? $0.report : nil }) { return current }
        state.withLock { $0.building = true }
        defer { state.withLock { $0.building = false } }
        var (classifier, report) = try build { [stopping] in stopping.isRaised || cancellation?.isRaised == true }
        report.generation = fingerprint
        state.withLock {
            $0.classifier = classifier
            $0.fingerprint = fingerprint
            $0.report = report
        }
        return report
    }

    /// Rebuilds the index when it is stale: the report of the new build, or nil when the index
    /// was current (what the server's `TariffIndexWorker` logs).
    public func refresh(cancellation: CancellationFlag? = nil) throws(PortunusError) -> IndexReport? {
        let before = lastReport
        let report = try prepare(cancellation: cancellation)
        return report == before ? nil : report
    }

    /// Why the assistant cannot answer at all, checked before anything is built: no model
    /// installed, or no HS 2022 nomenclature imported.
    public func checkReady() throws(PortunusError) {
        guard modelInstalled else { throw modelMissing }
        guard (try store.tariff.hsCounts(edition: Self.edition.rawValue)[6] ?? 0) > 0 else {
            throw PortunusError(.assistantUnavailable, "the HS 2022 nomenclature is not imported: portunus tariff import --edition 2022 FILE")
        }
    }

    /// The classifier for a query. With `wait` (the command line), a missing or stale index is
    /// built first. Without (the API), a stale index answers while a rebuild runs in the
    /// background, and a missing one makes the call fail with `tariff.assistant_unavailable`.
    public func classifier(wait: Bool) throws(PortunusError) -> HSClassifier {
        let fingerprint = try store.tariff.hsAssistantFingerprint(edition: Self.edition.rawValue)
        let (current, fresh, busy) = state.withLock { ($0.classifier, $0.fingerprint == fingerprint, $0.building) }
        if let current, fresh { return current }
        if current == nil { try checkReady() }
        if wait {
            try prepare()
            if let built = state.withLock({ $0.classifier }) { return built }
        }
        if !busy, !stopping.isRaised {
            state.withLock { $0.building = true }
            Thread.detachNewThread { [self] in _ = try? prepare() }
        }
        if let current { return current }
        throw PortunusError(
            .assistantUnavailable, "the classification index is being built (the first build encodes every nomenclature text once); try again shortly"
        )
    }

    public func classify(_ text: String, top: Int = 5, wait: Bool) throws(PortunusError) -> HSClassifier.Classification {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw PortunusError(.missingField, "the goods description is empty", field: "text") }
        guard trimmed.count <= 2_000 else { throw PortunusError(.invalidArgument, "the goods description is over 2,000 characters", field: "text") }
        return try classifier(wait: wait).classify(trimmed, top: top)
    }

    /// Records a classification an officer confirmed (or a binding ruling): the description and
    /// the HS 2022 subheading it was classified in. It becomes an extra description line of
    /// that subheading at the next index build.
    public func confirm(
        text: String, code: String, source: String = "officer", reference: String? = nil, declarationID: String? = nil,
        by principal: Principal
    ) throws(PortunusError) -> StoredHSClassification {
        try AccessPolicy.require(.confirmClassification, principal)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw PortunusError(.missingField, "the goods description is empty", field: "text") }
        guard trimmed.count <= 2_000 else { throw PortunusError(.invalidArgument, "the goods description is over 2,000 characters", field: "text") }
        guard ["officer", "ruling"].contains(source) else {
            throw PortunusError(.invalidArgument, "the source is officer or ruling", field: "source")
        }
        let digits = code.filter { $0 != "." && $0 != " " }
        guard digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw PortunusError(.invalidHSCode, "an HS 2022 subheading has 6 digits", field: "code")
        }
        guard let entry = try store.tariff.hsCode(edition: Self.edition.rawValue, code: digits), entry.level == 6 else {
            throw PortunusError(.unknownHSCode, "\(digits) is not an HS 2022 subheading", field: "code")
        }
        return try store.tariff.addHSClassification(
            edition: Self.edition.rawValue, code: digits, text: trimmed, source: source, reference: reference,
            declarationID: declarationID, by: principal.keyID)
    }

    // MARK: Building

    /// Characters per worker in one encoding call, at most: the unit of work between two checks
    /// of `stopped` here (the encoder checks again between layers). The model's cost grows with
    /// the tokens of a batch, so batches of long texts hold fewer. With it, a debug build on two
    /// cores left `portunus serve` 0.06–2.2 s after SIGTERM during a first build (`ShutdownTests`).
    static let batchCharacters = 12_000

    func build(stopped: @escaping @Sendable () -> Bool = { false }) throws(PortunusError) -> (HSClassifier, IndexReport) {
        let started = Date()
        let cancelled = PortunusError(.cancelled, "the index build stopped: the process is shutting down; the texts encoded so far are cached")
        if stopped() { throw cancelled }
        let encoder = try encoder()
        let edition = Self.edition.rawValue
        let subheadingCodes = try store.tariff.hsSubheadings(edition: edition).filter { $0 != "999999" }.sorted()
        guard !subheadingCodes.isEmpty else {
            throw PortunusError(.assistantUnavailable, "the HS 2022 nomenclature is not imported: portunus tariff import --edition 2022 FILE")
        }
        var texts: [String: String] = [:]
        for code in try store.tariff.hsChildren(edition: edition, of: nil) { texts[code.code] = code.description }
        var subheadings: [HSClassifier.Subheading] = []
        for code in subheadingCodes {
            guard let entry = try store.tariff.hsCode(edition: edition, code: code) else { continue }
            let headingCode = String(code.prefix(4))
            let chapterCode = String(code.prefix(2))
            if texts[headingCode] == nil { texts[headingCode] = try store.tariff.hsCode(edition: edition, code: headingCode)?.description ?? "" }
            subheadings.append(
                .init(
                    code: code, text: entry.description, headingCode: headingCode, heading: texts[headingCode] ?? "",
                    chapterCode: chapterCode, chapter: texts[chapterCode] ?? ""))
        }
        var lines = try store.tariff.hsTexts(edition: edition).map {
            HSClassifier.Line(code: $0.code, source: $0.source, reference: $0.reference, text: $0.text)
        }
        let confirmed = try store.tariff.hsClassifications(edition: edition)
        lines += confirmed.map { HSClassifier.Line(code: $0.code, source: "confirmed", reference: String($0.id), text: $0.text) }

        // Vectors of another model are of no use any more.
        try store.tariff.dropHSEmbeddings(otherThan: encoder.modelHash)
        let wanted = HSClassifier.textsToEmbed(subheadings: subheadings, lines: lines)
        let all = wanted.subheadings + wanted.hierarchy + wanted.lines
        let hashes = all.map { Data(SHA256.hash(data: Data($0.utf8))) }
        // A cached vector of another length (a torn or foreign row) is encoded again: the
        // classifier lays vectors out by position and refuses a matrix of the wrong size.
        var vectors = try store.tariff.hsEmbeddings(model: encoder.modelHash, hashes: Array(Set(hashes))).filter {
            $0.value.count == encoder.dimension
        }
        let cached = vectors.count
        var missing: [(hash: Data, text: String)] = []
        var seen = Set<Data>()
        for (hash, text) in zip(hashes, all) where vectors[hash] == nil && seen.insert(hash).inserted { missing.append((hash, text)) }
        // Encode in batches of similar length, storing each batch as it is done, so an
        // interrupted first build resumes where it stopped. A batch is bounded by its texts'
        // total length as well as their number, and the flag is checked between batches (and
        // inside the encoder between its sub-batches and layers): SIGTERM during a first build
        // ends it within about a second, not after the remaining minutes of encoding.
        missing.sort { $0.text.count < $1.text.count }
        var start = 0
        while start < missing.count {
            if stopped() { throw cancelled }
            var end = start
            var characters = 0
            while end < missing.count, end - start < 64 * workers, characters < Self.batchCharacters * workers || end == start {
                characters += missing[end].text.count
                end += 1
            }
            let batch = Array(missing[start..<end])
            start = end
            let perWorker = max(1, (batch.count + workers - 1) / workers)
            guard let encoded = encoder.encode(batch.map(\.text), batch: perWorker, workers: workers, stopped: stopped) else { throw cancelled }
            let pairs = zip(batch, encoded).map { (hash: $0.0.hash, vector: $0.1) }
            try store.tariff.storeHSEmbeddings(model: encoder.modelHash, pairs)
            for pair in pairs { vectors[pair.hash] = pair.vector }
        }
        func matrix(_ range: Range<Int>) -> [Float] { range.flatMap { vectors[hashes[$0]] ?? [] } }
        let n = subheadings.count
        let classifier = HSClassifier(
            subheadings: subheadings, lines: lines,
            vectors: (matrix(0..<n), matrix(n..<(2 * n)), matrix((2 * n)..<all.count)),
            encoder: encoder, weights: weights, policy: policy)
        let report = IndexReport(
            generation: "", subheadings: n, lines: classifier.lines.count - confirmed.count, confirmed: confirmed.count,
            encoded: missing.count, cached: cached, model: String(encoder.modelHash.prefix(16)),
            seconds: (Date().timeIntervalSince(started) * 100).rounded() / 100)
        return (classifier, report)
    }
}

extension TariffAssistant {
    /// Runs a labelled case file through the assistant (see ``HSEvaluation/readCases(path:)``).
    /// A gold code that is not an HS 2022 subheading is accepted through its correlation from
    /// HS 2017 (or HS 2012); one with no correlation can only be missed.
    public func evaluate(path: String, language: String? = nil, tariff: TariffService) throws(PortunusError) -> HSEvaluation.Report {
        let classifier = try classifier(wait: true)
        let known = Set(classifier.subheadings.map(\.code))
        var cases: [HSEvaluation.Case] = []
        for row in try HSEvaluation.readCases(path: path) where language == nil || row.language == language {
            var accepted: Set<String> = [row.gold]
            if !known.contains(row.gold) {
                for older in [HSEdition.hs2017, .hs2012] {
                    let targets = try tariff.correlate(row.gold, from: older, to: Self.edition).map(\.to)
                    if !targets.isEmpty {
                        accepted = Set(targets)
                        break
                    }
                }
            }
            cases.append(.init(text: row.text, gold: row.gold, accepted: accepted, language: row.language))
        }
        return HSEvaluation.run(cases, minimumScore: policy.minimumScore, singleGap: policy.singleGap) { classifier.rank($0, top: 50) }
    }
}
