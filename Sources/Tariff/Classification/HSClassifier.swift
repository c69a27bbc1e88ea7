import Foundation
import SentenceEmbedding

/// The offline HS classification assistant: a free-text goods description in, the most likely
/// HS subheadings out, each with the nomenclature text that explains it, or an abstention.
///
/// Four signals are computed for every subheading and fused without learned weights (the
/// research note's variant G): each is z-normalised over all subheadings for the query, then
/// they are summed (with ``Weights``, all 1 by default):
/// - **bm25**: Okapi BM25 over stemmed terms; a subheading's document is its own text, its
///   heading's and chapter's, and every extra description line it has (EU CN8 texts with their
///   "(excl. …)" clauses removed, officers' confirmed classifications);
/// - **subheading**: MiniLM cosine between the query and the subheading text;
/// - **hierarchy**: MiniLM cosine with subheading, heading and chapter texts as one passage;
/// - **lines**: the best MiniLM cosine over the subheading text and each of its extra lines.
///
/// Before scoring, the ``CustomsLexicon`` adds the nomenclature's wording for the trade words
/// of the description ("polyester" → "synthetic fibres"), to the BM25 query and to the text
/// the model encodes (``Weights/lexicon``).
public final class HSClassifier: Sendable {
    /// One subheading as the classifier knows it.
    public struct Subheading: Sendable, Hashable {
        public var code: String
        public var text: String
        public var headingCode: String
        public var heading: String
        public var chapterCode: String
        public var chapter: String

        public init(code: String, text: String, headingCode: String, heading: String, chapterCode: String, chapter: String) {
            self.code = code
            self.text = text
            self.headingCode = headingCode
            self.heading = heading
            self.chapterCode = chapterCode
            self.chapter = chapter
        }

        /// The passage embedded for the hierarchy signal.
        public var hierarchyText: String { "\(text); \(heading); \(chapter)" }
    }

    /// An extra description of one subheading: a national tariff line, or an officer's
    /// confirmed classification.
    public struct Line: Sendable, Hashable {
        public var code: String
        /// Where it comes from: `cn2023-en`, `confirmed`, …
        public var source: String
        /// Its key in the source: a CN8 code, a classification id.
        public var reference: String
        public var text: String

        public init(code: String, source: String, reference: String, text: String) {
            self.code = code
            self.source = source
            self.reference = reference
            self.text = text
        }
    }

    public struct Weights: Sendable, Hashable, Codable {
        public var bm25: Float = 1
        public var subheading: Float = 1
        public var hierarchy: Float = 1
        public var lines: Float = 1
        /// Where the ``CustomsLexicon``'s nomenclature wording is added to the query.
        public var lexicon: LexiconUse = .everywhere
        public init(bm25: Float = 1, subheading: Float = 1, hierarchy: Float = 1, lines: Float = 1, lexicon: LexiconUse = .everywhere) {
            self.bm25 = bm25
            self.subheading = subheading
            self.hierarchy = hierarchy
            self.lines = lines
            self.lexicon = lexicon
        }
    }

    public enum LexiconUse: String, Sendable, Hashable, Codable, CaseIterable {
        /// The description as written.
        case none
        /// The lexicon's phrases join the BM25 query only.
        case terms
        /// They join the BM25 query and the text the sentence model encodes.
        case everywhere
    }

    /// When the assistant answers, and when it says it cannot.
    public struct Policy: Sendable, Hashable, Codable {
        /// Below this fused score of the best candidate, the assistant abstains.
        public var minimumScore: Float
        /// With at least this gap between the first and second candidates' fused scores, the
        /// first is singled out (`confidence: high`).
        public var singleGap: Float
        public init(minimumScore: Float, singleGap: Float) {
            self.minimumScore = minimumScore
            self.singleGap = singleGap
        }
    }

    public struct Candidate: Sendable, Encodable {
        public struct Level: Sendable, Encodable {
            public var code: String
            public var text: String
        }
        public struct MatchedLine: Sendable, Encodable {
            public var source: String
            public var reference: String
            public var text: String
            public var similarity: Float
        }
        public struct Signals: Sendable, Encodable {
            public var bm25: Float
            public var subheading: Float
            public var hierarchy: Float
            public var lines: Float
        }
        public var code: String
        public var score: Float
        public var text: String
        public var heading: Level
        public var chapter: Level
        /// The query's stems found in this subheading's texts (BM25's evidence).
        public var matchedTerms: [String]
        /// The extra description line (or the subheading text itself) closest to the query.
        public var bestLine: MatchedLine?
        /// Each signal's z-score for this subheading.
        public var signals: Signals
    }

    public struct Classification: Sendable, Encodable {
        public var candidates: [Candidate]
        /// True when the assistant withholds a suggestion; `reason` says why, and the
        /// candidates it would have given are in `tentative`.
        public var abstained: Bool
        public var reason: String?
        /// `high` (one code stands out), `medium` (a short list), or `none` (abstained).
        public var confidence: String
        public var tentative: [Candidate]
        /// The query's stems that the nomenclature knows, and those it does not.
        public var recognisedTerms: [String]
        public var unknownTerms: [String]
        /// The nomenclature wording the ``CustomsLexicon`` added to the description
        /// ("polyester" → "synthetic fibres"); its stems count as the query's own.
        public var addedWording: [String]
    }

    public let subheadings: [Subheading]
    public let lines: [Line]
    public let weights: Weights
    public let policy: Policy
    let encoder: SentenceEncoder
    let bm25: BM25
    let documentTerms: [Set<String>]
    let subheadingVectors: [Float]
    let hierarchyVectors: [Float]
    let lineVectors: [Float]
    let lineOwner: [Int32]

    /// The texts whose embeddings the classifier needs, in the order `init` takes them:
    /// subheading texts, hierarchy passages, extra lines.
    public static func textsToEmbed(subheadings: [Subheading], lines: [Line]) -> (subheadings: [String], hierarchy: [String], lines: [String]) {
        (subheadings.map(\.text), subheadings.map(\.hierarchyText), lines.map(\.text))
    }

    /// `vectors` are the unit-length embeddings of ``textsToEmbed(subheadings:lines:)``,
    /// each list row-major (count × dimension).
    public init(
        subheadings: [Subheading], lines: [Line], vectors: (subheadings: [Float], hierarchy: [Float], lines: [Float]),
        encoder: SentenceEncoder, weights: Weights = Weights(), policy: Policy
    ) {
        let dimension = encoder.dimension
        precondition(
            vectors.subheadings.count == subheadings.count * dimension && vectors.hierarchy.count == subheadings.count * dimension
                && vectors.lines.count == lines.count * dimension, "one vector per text")
        var index: [String: Int] = [:]
        for (position, subheading) in subheadings.enumerated() { index[subheading.code] = position }
        var keptLines: [Line] = []
        var lineVectors: [Float] = []
        var owner: [Int32] = []
        var documents = subheadings.map { TextAnalysis.terms($0.hierarchyText) }
        for (position, line) in lines.enumerated() {
            guard let code = index[line.code] else { continue }
            keptLines.append(line)
            owner.append(Int32(code))
            lineVectors.append(contentsOf: vectors.lines[(position * dimension)..<((position + 1) * dimension)])
            documents[code].append(contentsOf: TextAnalysis.terms(TextAnalysis.withoutExclusions(line.text)))
        }
        self.subheadings = subheadings
        self.lines = keptLines
        self.weights = weights
        self.policy = policy
        self.encoder = encoder
        self.bm25 = BM25(documents: documents)
        self.documentTerms = documents.map(Set.init)
        self.subheadingVectors = vectors.subheadings
        self.hierarchyVectors = vectors.hierarchy
        self.lineVectors = lineVectors
        self.lineOwner = owner
    }

    /// The fused score of every subheading for a query, with its parts, before ranking.
    struct Scored {
        var fused: [Float]
        var bm25: [Float], subheading: [Float], hierarchy: [Float], lines: [Float]
        var bestLine: [Int32]  // per subheading: index of its best line, or -1 for the subheading text
        var lineSimilarity: [Float]
        var terms: [String]
        var additions: [String]
    }

    func score(_ text: String) -> Scored {
        let n = subheadings.count
        let additions = weights.lexicon == .none ? [] : CustomsLexicon.expansions(of: text)
        let terms = TextAnalysis.terms(text) + additions.flatMap(TextAnalysis.terms)
        let query = encoder.encode(
            weights.lexicon == .everywhere && !additions.isEmpty ? text + " (" + additions.joined(separator: "; ") + ")" : text)
        let bm25Scores = bm25.scores(terms)
        let subheadingScores = Similarity.scores(subheadingVectors, rows: n, query)
        let hierarchyScores = Similarity.scores(hierarchyVectors, rows: n, query)
        var best = subheadingScores
        var bestLine = [Int32](repeating: -1, count: n)
        let lineScores = Similarity.scores(lineVectors, rows: lineOwner.count, query)
        for (line, similarity) in lineScores.enumerated() {
            let owner = Int(lineOwner[line])
            if similarity > best[owner] {
                best[owner] = similarity
                bestLine[owner] = Int32(line)
            }
        }
        let z = [Self.standardised(bm25Scores), Self.standardised(subheadingScores), Self.standardised(hierarchyScores), Self.standardised(best)]
        var fused = [Float](repeating: 0, count: n)
        let w = [weights.bm25, weights.subheading, weights.hierarchy, weights.lines]
        for signal in 0..<4 where w[signal] != 0 {
            for code in 0..<n { fused[code] += w[signal] * z[signal][code] }
        }
        return Scored(
            fused: fused, bm25: z[0], subheading: z[1], hierarchy: z[2], lines: z[3], bestLine: bestLine, lineSimilarity: best, terms: terms,
            additions: additions)
    }

    /// (x − mean) / standard deviation over all subheadings; all zeros when the signal is flat
    /// (a query with no known term gives BM25 nothing to say).
    static func standardised(_ values: [Float]) -> [Float] {
        guard !values.isEmpty else { return [] }
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.reduce(Float(0)) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
        guard variance > 1e-12 else { return [Float](repeating: 0, count: values.count) }
        let inverse = 1 / variance.squareRoot()
        return values.map { ($0 - mean) * inverse }
    }

    /// The subheading codes ranked for a query (for evaluation): the first `top`, and the
    /// fused scores of the first two.
    public func rank(_ text: String, top: Int) -> (codes: [String], scores: [Float]) {
        let scored = score(text)
        let order = Self.top(scored.fused, count: top)
        return (order.map { subheadings[$0].code }, order.map { scored.fused[$0] })
    }

    static func top(_ scores: [Float], count: Int) -> [Int] {
        var best: [(Float, Int)] = []
        best.reserveCapacity(count + 1)
        for (index, score) in scores.enumerated() {
            if best.count < count || score > best[best.count - 1].0 {
                let position = best.firstIndex { $0.0 < score } ?? best.count
                best.insert((score, index), at: position)
                if best.count > count { best.removeLast() }
            }
        }
        return best.map(\.1)
    }

    public func classify(_ text: String, top: Int = 5) -> Classification {
        let top = max(1, min(top, 50))
        let scored = score(text)
        let order = Self.top(scored.fused, count: top)
        let candidates = order.map { index -> Candidate in
            let subheading = subheadings[index]
            let line = scored.bestLine[index]
            var matched: [String] = []
            for term in scored.terms where documentTerms[index].contains(term) && !matched.contains(term) { matched.append(term) }
            return Candidate(
                code: subheading.code, score: Self.rounded(scored.fused[index]), text: subheading.text,
                heading: .init(code: subheading.headingCode, text: subheading.heading),
                chapter: .init(code: subheading.chapterCode, text: subheading.chapter),
                matchedTerms: matched,
                bestLine: line >= 0
                    ? .init(
                        source: lines[Int(line)].source, reference: lines[Int(line)].reference, text: lines[Int(line)].text,
                        similarity: Self.rounded(scored.lineSimilarity[index]))
                    : .init(source: "hs", reference: subheading.code, text: subheading.text, similarity: Self.rounded(scored.lineSimilarity[index])),
                signals: .init(
                    bm25: Self.rounded(scored.bm25[index]), subheading: Self.rounded(scored.subheading[index]),
                    hierarchy: Self.rounded(scored.hierarchy[index]), lines: Self.rounded(scored.lines[index])))
        }
        let recognised = Array(Set(scored.terms.filter(bm25.contains))).sorted()
        let unknown = Array(Set(scored.terms.filter { !bm25.contains($0) })).sorted()
        var reason: String?
        if Self.mostlyNonLatin(text) {
            reason = "the description is not in English: the model and the nomenclature texts are English, so no suggestion is given"
        } else if recognised.isEmpty {
            reason = "no word of the description appears in the nomenclature or description texts"
        } else if let first = candidates.first, first.score < policy.minimumScore {
            reason = "low confidence: the best candidate scores \(first.score), below the threshold \(policy.minimumScore)"
        }
        if let reason {
            return Classification(
                candidates: [], abstained: true, reason: reason, confidence: "none", tentative: candidates,
                recognisedTerms: recognised, unknownTerms: unknown, addedWording: scored.additions)
        }
        let gap = candidates.count > 1 ? candidates[0].score - candidates[1].score : .infinity
        return Classification(
            candidates: candidates, abstained: false, reason: nil, confidence: gap >= policy.singleGap ? "high" : "medium",
            tentative: [], recognisedTerms: recognised, unknownTerms: unknown, addedWording: scored.additions)
    }

    /// True when more than half of the letters are outside the Latin script.
    static func mostlyNonLatin(_ text: String) -> Bool {
        var latin = 0
        var other = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            if scalar.value < 0x250 || (0x1E00...0x1EFF).contains(scalar.value) { latin += 1 } else { other += 1 }
        }
        return other > latin
    }

    static func rounded(_ value: Float) -> Float { (value * 10_000).rounded() / 10_000 }
}
