import ArgumentParser
import Foundation
import PortunusCore
import Screening

struct TravelEvaluateMatchingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-matching",
        abstract: "Precision and recall of watch-list name matching on labelled pairs, next to GTAS's default method.",
        discussion: """
            PAIRS is the CSV that scripts/evaluation/namepairs.py writes (split, label, kind, name_a, birth_a, name_b, \
            birth_b). Tune on --split validation (--sweep prints every threshold); report --split test once.
            """
    )
    @Argument(help: "The labelled pairs (CSV).") var pairs: String
    @Option(help: "validation or test.") var split: String = "validation"
    @Option(help: "Portunus's name-score threshold (default: the built-in one).") var threshold: Double = ScreeningPolicy().threshold
    @Flag(help: "Print precision, recall and F1 for thresholds 0.80 to 0.98.") var sweep = false

    func run() async throws {
        let all: [MatchingEvaluation.Pair]
        do { all = try MatchingEvaluation.load(path: pairs) } catch { throw error.exit() }
        let chosen = all.filter { $0.split == split }
        guard !chosen.isEmpty else { throw PortunusError(.invalidArgument, "no pairs in split \(split)", field: "split").exit() }
        func line(_ name: String, _ c: MatchingEvaluation.Counts) -> String {
            String(
                format: "%-28@ precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d, TN %d)", name as NSString, c.precision, c.recall, c.f1,
                c.truePositives, c.falsePositives, c.falseNegatives, c.trueNegatives)
        }
        if sweep {
            for step in 80...98 {
                let t = Double(step) / 100
                print(line(String(format: "Portunus at %.2f", t), MatchingEvaluation.evaluate(chosen, threshold: t).portunus))
            }
            return
        }
        let result = MatchingEvaluation.evaluate(chosen, threshold: threshold)
        print("\(chosen.count) pairs (\(split)), \(chosen.filter(\.same).count) of the same person")
        print(line(String(format: "Portunus (threshold %.2f)", threshold), result.portunus))
        print(line("GTAS default (JW 0.95, ±3 y)", result.gtas))
        print("by kind (share predicted \"same person\": Portunus / GTAS):")
        for (kind, counts) in result.byKind.sorted(by: { $0.key < $1.key }) {
            let total = Double(
                counts.portunus.truePositives + counts.portunus.falsePositives + counts.portunus.falseNegatives + counts.portunus.trueNegatives)
            let ours = Double(counts.portunus.truePositives + counts.portunus.falsePositives) / total
            let theirs = Double(counts.gtas.truePositives + counts.gtas.falsePositives) / total
            print(String(format: "  %-14@ %.3f / %.3f", kind as NSString, ours, theirs))
        }
    }
}
