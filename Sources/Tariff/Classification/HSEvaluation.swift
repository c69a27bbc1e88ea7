import Foundation
import PortunusCore

/// Accuracy of the assistant on labelled goods descriptions, as the research note measures
/// it: at 6 digits the gold subheading is among the first k suggestions; at 4 digits the gold
/// heading is the heading of one of them; at 2 digits, the chapter of the first. The
/// accuracy-versus-coverage curve keeps the most confident queries (by the first fused score).
public enum HSEvaluation {
    public struct Case: Sendable, Hashable {
        public var text: String
        /// The gold subheading as published, and every HS 2022 subheading accepted for it
        /// (itself, or its correlated codes when it is of an older edition).
        public var gold: String
        public var accepted: Set<String>
        public var language: String?

        public init(text: String, gold: String, accepted: Set<String>, language: String? = nil) {
            self.text = text
            self.gold = gold
            self.accepted = accepted
            self.language = language
        }
    }

    public struct Coverage: Sendable, Encodable {
        public var kept: Double
        public var minimumScore: Float
        public var top1: Double
        public var top5: Double
    }

    public struct Report: Sendable, Encodable {
        public var cases: Int
        public var top1: Double
        public var top5: Double
        public var heading1: Double
        public var heading5: Double
        public var chapter1: Double
        public var top50: Double
        /// With the assistant's abstention threshold: the share answered, and its accuracy.
        public var answered: Double
        public var answeredTop1: Double
        public var answeredTop5: Double
        /// With the assistant's gap rule: the share of cases where one code is singled out, and
        /// how often that code is right.
        public var singled: Double
        public var singledTop1: Double
        public var coverage: [Coverage]
        /// The first candidate's fused score at these quantiles of the cases (for choosing a
        /// threshold on a development set).
        public var scoreQuantiles: [String: Float]
        /// The gap between the first and second fused scores at the same quantiles.
        public var gapQuantiles: [String: Float]
    }

    /// Reads a case file: a CSV with a description column (`description` or `text`) and a
    /// gold code column (`gold_hs6` or `expected_hs_code`), and optionally `language`.
    public static func readCases(path: String) throws(PortunusError) -> [(text: String, gold: String, language: String?)] {
        let reader = try CSVReader(path: path)
        guard try reader.readRecord() else { throw PortunusError(.invalidTariffFile, "the case file is empty", location: .init(line: 1)) }
        let header = try (0..<reader.record.count).map { index throws(PortunusError) in try reader.record.string(at: index).lowercased() }
        guard let text = header.firstIndex(where: { $0 == "description" || $0 == "text" }),
            let gold = header.firstIndex(where: { $0 == "gold_hs6" || $0 == "expected_hs_code" })
        else {
            throw PortunusError(
                .invalidTariffFile, "the header needs description (or text) and gold_hs6 (or expected_hs_code)", location: .init(line: 1))
        }
        let language = header.firstIndex(of: "language")
        var cases: [(String, String, String?)] = []
        while try reader.readRecord() {
            let record = reader.record
            guard record.count > max(text, gold) else {
                throw PortunusError(.invalidTariffRow, "the row has too few fields", location: .init(line: record.line))
            }
            var code = try record.string(at: gold).filter(\.isNumber)
            if code.count == 5 { code = "0" + code }  // a leading zero lost by a spreadsheet
            guard code.count >= 6 else {
                throw PortunusError(.invalidTariffRow, "the gold code has fewer than 6 digits", location: .init(line: record.line, column: gold + 1))
            }
            var caseLanguage: String?
            if let language, language < record.count { caseLanguage = try record.string(at: language) }
            cases.append((try record.string(at: text), String(code.prefix(6)), caseLanguage))
        }
        return cases
    }

    /// Runs every case through `rank` (the first 50 codes and their fused scores, best first).
    public static func run(_ cases: [Case], minimumScore: Float, singleGap: Float, rank: (String) -> (codes: [String], scores: [Float])) -> Report {
        struct Outcome {
            var rank: Int?
            var heading: Int?
            var chapter: Bool
            var score: Float
            var gap: Float
        }
        let outcomes = cases.map { item -> Outcome in
            let ranked = rank(item.text)
            let position = ranked.codes.firstIndex { item.accepted.contains($0) }
            let headings = Set(item.accepted.map { String($0.prefix(4)) })
            let heading = ranked.codes.prefix(5).firstIndex { headings.contains(String($0.prefix(4))) }
            let chapter = ranked.codes.first.map { code in item.accepted.contains { $0.prefix(2) == code.prefix(2) } } ?? false
            return Outcome(
                rank: position, heading: heading, chapter: chapter, score: ranked.scores.first ?? -.infinity,
                gap: ranked.scores.count > 1 ? ranked.scores[0] - ranked.scores[1] : 0)
        }
        func share(_ outcomes: [Outcome], _ hit: (Outcome) -> Bool) -> Double {
            outcomes.isEmpty ? 0 : (Double(outcomes.filter(hit).count) * 1000 / Double(outcomes.count)).rounded() / 10
        }
        let sorted = outcomes.sorted { $0.score > $1.score }
        let coverage = [1.0, 0.75, 0.5, 0.25].map { kept -> Coverage in
            let slice = Array(sorted.prefix(max(1, Int((Double(sorted.count) * kept).rounded()))))
            return Coverage(
                kept: kept * 100, minimumScore: ((slice.last?.score ?? 0) * 100).rounded() / 100,
                top1: share(slice) { $0.rank == 0 }, top5: share(slice) { ($0.rank ?? 99) < 5 })
        }
        let answered = outcomes.filter { $0.score >= minimumScore }
        let ascending = outcomes.map(\.score).sorted()
        let gaps = outcomes.map(\.gap).sorted()
        var quantiles: [String: Float] = [:]
        var gapQuantiles: [String: Float] = [:]
        for q in [0.1, 0.25, 0.5, 0.75, 0.9] where !ascending.isEmpty {
            let index = min(ascending.count - 1, Int(Double(ascending.count) * q))
            quantiles["p\(Int(q * 100))"] = (ascending[index] * 100).rounded() / 100
            gapQuantiles["p\(Int(q * 100))"] = (gaps[index] * 100).rounded() / 100
        }
        let singled = outcomes.filter { $0.gap >= singleGap }
        return Report(
            cases: cases.count,
            top1: share(outcomes) { $0.rank == 0 }, top5: share(outcomes) { ($0.rank ?? 99) < 5 },
            heading1: share(outcomes) { $0.heading == 0 }, heading5: share(outcomes) { $0.heading != nil },
            chapter1: share(outcomes) { $0.chapter }, top50: share(outcomes) { $0.rank != nil },
            answered: share(outcomes) { $0.score >= minimumScore },
            answeredTop1: share(answered) { $0.rank == 0 }, answeredTop5: share(answered) { ($0.rank ?? 99) < 5 },
            singled: share(outcomes) { $0.gap >= singleGap }, singledTop1: share(singled) { $0.rank == 0 },
            coverage: coverage, scoreQuantiles: quantiles, gapQuantiles: gapQuantiles)
    }
}
