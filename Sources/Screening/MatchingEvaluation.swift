import Foundation
import PortunusCore

/// Precision and recall of name matching on labelled pairs (`scripts/evaluation/namepairs.py`):
/// Portunus's screening (index and scoring, one entry per pair) next to GTAS's default method.
public enum MatchingEvaluation {
    public struct Pair: Sendable {
        public var split: String
        public var same: Bool
        public var kind: String
        public var a: ScreenedPerson
        public var b: WatchListEntry
    }

    public struct Counts: Sendable, Hashable {
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
        public var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        mutating func add(predicted: Bool, actual: Bool) {
            switch (predicted, actual) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    public static func load(path: String) throws(PortunusError) -> [Pair] {
        let reader = try CSVReader(path: path)
        guard try reader.readRecord() else { return [] }
        var pairs: [Pair] = []
        var number = 0
        while try reader.readRecord() {
            let r = reader.record
            number += 1
            let a = ScreenedPerson(name: PersonName(try r.string(at: 3)), birthDate: BirthDate(try r.string(at: 4)))
            let b = WatchListEntry(
                id: "pair-\(number)", list: "evaluation", names: [PersonName(try r.string(at: 5))], birthDate: BirthDate(try r.string(at: 6)))
            pairs.append(Pair(split: try r.string(at: 0), same: try r.string(at: 1) == "1", kind: try r.string(at: 2), a: a, b: b))
        }
        return pairs
    }

    /// Counts overall and per kind of pair, for Portunus at `threshold` and for GTAS.
    public static func evaluate(_ pairs: [Pair], threshold: Double) -> (
        portunus: Counts, gtas: Counts, byKind: [String: (portunus: Counts, gtas: Counts)]
    ) {
        var policy = ScreeningPolicy()
        policy.threshold = threshold
        var portunus = Counts()
        var gtas = Counts()
        var byKind: [String: (portunus: Counts, gtas: Counts)] = [:]
        for pair in pairs {
            let ours = !WatchListIndex([pair.b]).screen(pair.a, policy: policy).isEmpty
            let theirs =
                GTASQuickMatch.match(
                    GTASQuickMatch.record(pair.a.name, birthDate: pair.a.birthDate),
                    GTASQuickMatch.record(pair.b.names[0], birthDate: pair.b.birthDate)) != nil
            portunus.add(predicted: ours, actual: pair.same)
            gtas.add(predicted: theirs, actual: pair.same)
            var kind = byKind[pair.kind] ?? (Counts(), Counts())
            kind.portunus.add(predicted: ours, actual: pair.same)
            kind.gtas.add(predicted: theirs, actual: pair.same)
            byKind[pair.kind] = kind
        }
        return (portunus, gtas, byKind)
    }
}
