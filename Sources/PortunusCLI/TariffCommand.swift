import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import SentenceEmbedding
import Storage
import Tariff

struct TariffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "The Harmonized System: import editions and correlation tables, look up, browse, search, correlate, classify.",
        subcommands: [
            TariffImportCommand.self, TariffShowCommand.self, TariffSearchCommand.self, TariffCorrelateCommand.self, TariffHistoryCommand.self,
            TariffClassifyCommand.self, TariffConfirmCommand.self, TariffIndexCommand.self, TariffEvaluateCommand.self, TariffMeasuresCommand.self,
            TariffRatesCommand.self,
        ]
    )
}

func parseEdition(_ text: String, field: String) throws -> HSEdition {
    guard let edition = HSEdition(text: text) else { throw PortunusError(.invalidArgument, "an edition is 2012, 2017 or 2022", field: field).exit() }
    return edition
}

struct TariffImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import nomenclature files of an edition, and UNSD correlation or conversion tables.",
        discussion: """
            The files are the public ones in PORTUNUS_DATASETS/hs (see its SOURCE.md): nomenclature-hs2012-unsd.csv, \
            nomenclature-hs2017-unsd.csv and nomenclature-hs2022-unsd.csv (UN Comtrade's extracts as UNSD publishes them: \
            hscode,description,parent,level), and the UNSD correlation tables as CSV (hs2022,hs2017,relationship; \
            hs2017,hs2012,relationship,partial_ex; hs2022,hs2012,relationship) and conversion tables (hs2022,hs2017). A \
            file's kind is read from its header; an edition's nomenclature replaces what was there. Bad rows are reported by \
            line and skipped; exit 1 when any was.
            Extra description lines for the classification assistant (code,description with 6- to 10-digit codes, such as \
            the EU CN 2023 texts that scripts/bootstrap puts in .venv-hs/models/cn2023-en.csv) replace the lines of their \
            source (--source, else the file name); lines whose subheading is not in the edition are reported.
              portunus tariff import --edition 2022 nomenclature-hs2022-unsd.csv
              portunus tariff import correlation-hs2022-hs2017.csv correlation-hs2017-hs2012.csv
              portunus tariff import --source cn2023-en .venv-hs/models/cn2023-en.csv
            """
    )
    @Option(help: "The edition of the nomenclature files (2012, 2017, 2022).") var edition: String?
    @Option(help: "The name of a description source (default: the file name).") var source: String?
    @Argument(help: "The files.") var files: [String]
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let edition = try edition.map { try parseEdition($0, field: "edition") }
        var refused = false
        for file in files {
            let report = try data.withStore {
                try TariffService(store: $0).importFile(path: file, edition: edition, source: source, by: commandPrincipal.keyID)
            }
            print("\(report.file): \(report.kind) \(report.edition), \(report.rows) rows")
            for problem in report.problems { standardError("  \(problem)") }
            refused = refused || !report.problems.isEmpty
        }
        if refused { throw ExitCode(1) }
    }
}

struct TariffShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A code with its chapter and heading and the codes under it (no code: the chapters).")
    @Argument(help: "A chapter, heading or subheading (2, 4 or 6 digits).") var code: String?
    @Option(help: "The edition.") var edition = "2022"
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let edition = try parseEdition(edition, field: "edition")
        let browse = try data.withStore { try TariffService(store: $0).browse(code, edition: edition) }
        if json {
            try printJSON(browse)
            return
        }
        for ancestor in browse.ancestors { print("\(ancestor.code)  \(ancestor.description)") }
        if let entry = browse.code { print("\(entry.code)  \(entry.description)  [section \(entry.section ?? "-")]") }
        for child in browse.children { print("  \(child.code)  \(child.description)") }
    }
}

struct TariffSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Full-text search of the nomenclature's texts (every word, stemmed).")
    @Argument(help: "Words.") var text: String
    @Option(help: "The edition.") var edition = "2022"
    @Option(help: "Only codes of this many digits (2, 4, 6).") var level: Int?
    @Option(help: "At most so many codes.") var limit = 20
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let edition = try parseEdition(edition, field: "edition")
        let found = try data.withStore { try TariffService(store: $0).search(text, edition: edition, level: level, limit: limit) }
        if json {
            try printJSON(found)
            return
        }
        for entry in found { print("\(entry.code)  \(entry.description)") }
    }
}

struct TariffCorrelateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate", abstract: "What a code of one edition corresponds to in another, with the relationship types.")
    @Argument(help: "A 6-digit code.") var code: String
    @Option(help: "Its edition.") var from: String
    @Option(help: "The edition wanted.") var to: String
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let (from, to) = (try parseEdition(from, field: "from"), try parseEdition(to, field: "to"))
        let links = try data.withStore { try TariffService(store: $0).correlate(code, from: from, to: to) }
        if json {
            try printJSON(links)
            return
        }
        guard !links.isEmpty else {
            standardError("\(code) has no correlation from HS\(from.rawValue) to HS\(to.rawValue) (are the tables imported?)")
            throw ExitCode(1)
        }
        for link in links { print("\(link.from) → \(link.to)  \(link.relationship)\(link.partial ? " (part)" : "")") }
    }
}

struct TariffHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Convert the HS codes of the declarations lodged in a period to one edition, for statistics; the ambiguous cases listed."
    )
    @Option(help: "The edition to convert to.") var to = "2022"
    @Option(help: "Lodged on or after (ISO 8601 date).") var from: String?
    @Option(help: "Lodged before (ISO 8601 date).") var until: String?
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let target = try parseEdition(to, field: "to")
        let report = try data.withStore { try TariffService(store: $0).convertHistory(to: target, from: from, until: until, by: commandPrincipal) }
        if json {
            try printJSON(report)
            return
        }
        print(
            "\(report.items) goods items to HS\(report.target): \(report.unchanged) unchanged, \(report.converted) converted, \(report.ambiguous) ambiguous, "
                + "\(report.unknown) unknown, \(report.beforeHS2012) before HS 2012")
        for entry in report.codes where entry.status == "ambiguous" || entry.status == "unknown" {
            let candidates = entry.candidates.map { "\($0.to) (\($0.relationship))" }.joined(separator: ", ")
            print(
                "  HS\(entry.edition) \(entry.code)  \(entry.items) items  \(entry.status)\(candidates.isEmpty ? "" : ": " + candidates)"
                    + (entry.target.map { "; conversion table: \($0)" } ?? ""))
        }
    }
}

/// The model folder option shared by the assistant's commands.
struct TariffModelOptions: ParsableArguments {
    @Option(help: "The MiniLM model folder (default: PORTUNUS_TARIFF_MODEL, else .venv-hs/models/all-minilm-l6-v2).")
    var model: String?

    @Option(help: "Where the customs lexicon's wording joins a description: none, terms (BM25 only) or everywhere (the default).")
    var lexicon: String?

    func assistant(_ store: PortunusStore, weights: HSClassifier.Weights = TariffAssistant.defaultWeights) throws(PortunusError) -> TariffAssistant {
        var weights = weights
        if let lexicon {
            guard let use = HSClassifier.LexiconUse(rawValue: lexicon) else {
                throw PortunusError(.invalidArgument, "the lexicon is used none, terms or everywhere", field: "lexicon")
            }
            weights.lexicon = use
        }
        return TariffAssistant(
            store: store, modelDirectory: model.map { URL(fileURLWithPath: $0) } ?? TariffAssistant.defaultModelDirectory(), weights: weights)
    }
}

struct TariffClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Suggest HS 2022 subheadings for a goods description, with the nomenclature text that explains each, or abstain.",
        discussion: """
            Offline: BM25 over the nomenclature and description texts fused with MiniLM-L6 sentence embeddings. The first \
            run encodes every text once (minutes) and caches the embeddings in the store.
              portunus tariff classify "men's knitted cotton pullover" --top 5 --json
            """
    )
    @Argument(help: "The goods description (English).") var text: String?
    @Option(help: "How many candidates (1 to 50).") var top = 5
    @Option(help: "With --timings: a CSV file of descriptions (a description or text column) to time.") var queries: String?
    @Flag(help: "Time a full classification (explanations included) of every description in --queries after one warm-up pass: p50, p99, peak memory.")
    var timings = false
    @Flag(help: "JSON.") var json = false
    @OptionGroup var options: TariffModelOptions
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        if timings {
            guard let queries else { throw PortunusError(.missingField, "--timings needs --queries FILE", field: "queries").exit() }
            let latency = try data.withStore { try Self.latency(options.assistant($0), path: queries) }
            if json {
                try printJSON(latency)
                return
            }
            print(
                "portunus: \(latency.queries) queries, p50 \(latency.p50Milliseconds) ms, p99 \(latency.p99Milliseconds) ms, mean \(latency.meanMilliseconds) ms; "
                    + "peak memory \(latency.peakResidentMegabytes) MB; OpenBLAS kernels \(latency.blasCore)")
            return
        }
        guard let text else { throw PortunusError(.missingField, "the goods description is missing", field: "text").exit() }
        let result = try data.withStore { try options.assistant($0).classify(text, top: top, wait: true) }
        if json {
            try printJSON(result)
            return
        }
        if result.abstained { print("no suggestion: \(result.reason ?? "")") }
        if !result.addedWording.isEmpty { print("read as also: \(result.addedWording.joined(separator: "; ")) (customs lexicon)") }
        for candidate in result.abstained ? result.tentative : result.candidates {
            print("\(result.abstained ? "(tentative) " : "")\(candidate.code)  \(candidate.score)  \(candidate.text)")
            print("    \(candidate.chapter.code) \(candidate.chapter.text) > \(candidate.heading.code) \(candidate.heading.text)")
            if !candidate.matchedTerms.isEmpty { print("    matched: \(candidate.matchedTerms.joined(separator: ", "))") }
            if let line = candidate.bestLine, line.source != "hs" {
                print("    closest line (\(line.source) \(line.reference), \(line.similarity)): \(line.text)")
            }
        }
        if !result.abstained { print("confidence: \(result.confidence)") }
    }
}

struct TariffConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Record a classification an officer confirmed (or a binding ruling); the assistant learns it as an example of the code."
    )
    @Argument(help: "The goods description.") var text: String
    @Option(help: "The HS 2022 subheading (6 digits).") var code: String
    @Option(help: "officer or ruling.") var source = "officer"
    @Option(help: "The ruling's or decision's reference.") var reference: String?
    @Option(help: "The declaration it was confirmed on.") var declaration: String?
    @Flag(help: "JSON.") var json = false
    @OptionGroup var options: TariffModelOptions
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let stored = try data.withStore {
            try options.assistant($0).confirm(
                text: text, code: code, source: source, reference: reference, declarationID: declaration, by: commandPrincipal)
        }
        if json {
            try printJSON(stored)
            return
        }
        print("classification \(stored.id): \(stored.code) (\(stored.source)) recorded; the assistant uses it from its next index build")
    }
}

struct TariffIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build (or bring up to date) the assistant's index: encode the texts that are not cached yet."
    )
    @Flag(help: "JSON.") var json = false
    @OptionGroup var options: TariffModelOptions
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let report = try data.withStore { try options.assistant($0).prepare() }
        if json {
            try printJSON(report)
            return
        }
        print(
            "\(report.subheadings) subheadings, \(report.lines) description lines, \(report.confirmed) confirmed classifications; "
                + "\(report.encoded) texts encoded, \(report.cached) from the cache (model \(report.model)), \(report.seconds) s")
    }
}

struct TariffEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Accuracy of the assistant on a labelled case file (description and gold code columns).",
        discussion: """
            Top-1 and top-5 at 6 and 4 digits, top-1 at 2 digits, recall at 50, and accuracy against coverage. Choose \
            weights and thresholds on a development set (the micro set), never on the test set.
              portunus tariff evaluate PORTUNUS_DATASETS/hs-labeled/hsclassify-micro-benchmark-cases.csv --language en
            """
    )
    @Argument(help: "The case file.") var file: String
    @Option(help: "Only the cases of this language (a language column).") var language: String?
    @Option(help: "Fusion weights bm25,subheading,hierarchy,lines (default 1,1,1,1).") var weights: String?
    @Flag(help: "JSON.") var json = false
    @OptionGroup var options: TariffModelOptions
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        var chosen = TariffAssistant.defaultWeights
        if let weights {
            let values = weights.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == 4 else {
                throw PortunusError(.invalidArgument, "weights are four numbers: bm25,subheading,hierarchy,lines", field: "weights").exit()
            }
            chosen = HSClassifier.Weights(bm25: values[0], subheading: values[1], hierarchy: values[2], lines: values[3])
        }
        let report = try data.withStore { store in
            try options.assistant(store, weights: chosen).evaluate(path: file, language: language, tariff: TariffService(store: store))
        }
        if json {
            try printJSON(report)
            return
        }
        print(
            "\(report.cases) cases: 6-digit top-1 \(report.top1) % top-5 \(report.top5) %; 4-digit top-1 \(report.heading1) % top-5 \(report.heading5) %; "
                + "2-digit top-1 \(report.chapter1) %; top-50 \(report.top50) %")
        print("answered \(report.answered) % (the rest abstained): top-1 \(report.answeredTop1) %, top-5 \(report.answeredTop5) %")
        for point in report.coverage {
            print("  most confident \(point.kept) % (score ≥ \(point.minimumScore)): top-1 \(point.top1) %, top-5 \(point.top5) %")
        }
        print("one code singled out in \(report.singled) % of the cases; it is right in \(report.singledTop1) % of them")
        print(
            "gap quantiles (first − second): \(report.gapQuantiles.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
        )
        print(
            "first-candidate score quantiles: \(report.scoreQuantiles.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
        )
    }
}

extension TariffClassifyCommand {
    struct Latency: Encodable {
        var queries: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var meanMilliseconds: Double
        var peakResidentMegabytes: Double
        var blasCore: String
    }

    /// Every case classified once to warm up, then timed one by one.
    static func latency(_ assistant: TariffAssistant, path: String) throws -> Latency {
        let texts = try HSEvaluation.readCases(path: path).map(\.text)
        for text in texts { _ = try assistant.classify(text, top: 5, wait: true) }
        var times: [Double] = []
        for text in texts {
            let start = ContinuousClock.now
            _ = try assistant.classify(text, top: 5, wait: true)
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        times.sort()
        func quantile(_ q: Double) -> Double { (times[min(times.count - 1, Int(Double(times.count) * q))] * 100).rounded() / 100 }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let peak =
            status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        return Latency(
            queries: times.count, p50Milliseconds: quantile(0.5), p99Milliseconds: quantile(0.99),
            meanMilliseconds: (times.reduce(0, +) / Double(max(1, times.count)) * 100).rounded() / 100,
            peakResidentMegabytes: (peak / 1024 * 10).rounded() / 10, blasCore: SentenceEncoder.blasCore)
    }
}
