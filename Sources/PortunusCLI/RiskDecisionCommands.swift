import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import RiskEngine
import Rules
import Storage

extension DataDirectoryOptions {
    /// Like `withStore`, also printing rule-set errors with their place.
    func withRiskStore<T>(_ body: (PortunusStore) throws -> T) throws -> T {
        do {
            return try withStore(body)
        } catch let error as RuleSetError {
            standardError("error: \(error)")
            throw ExitCode(2)
        }
    }
}

struct RiskRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Analysts' rule sets (YAML): validate, upload a new version, list, activate.",
        discussion: "Fields rules may use: " + DeclarationFacts.catalogue.fields.keys.sorted().joined(separator: ", ") + ".",
        subcommands: [RiskRulesValidateCommand.self, RiskRulesUploadCommand.self, RiskRulesListCommand.self, RiskRulesActivateCommand.self]
    )
}

func readRuleFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw PortunusError(.io, "cannot read the rule file", field: path).exit()
    }
    return String(decoding: data, as: UTF8.self)
}

struct RiskRulesValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a rule set; print each problem with line, rule and field.")
    @Argument(help: "The YAML rule set.") var file: String

    func run() async throws {
        do {
            let set = try RuleSetLoader.load(yaml: try readRuleFile(file), catalogue: DeclarationFacts.catalogue)
            print("valid: \(set.rules.count) rules (\(set.rules.map(\.id).joined(separator: ", ")))")
        } catch let error as RuleSetError {
            standardError("error: \(error)")
            throw ExitCode(2)
        }
    }
}

struct RiskRulesUploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Store a validated rule set as a new version.")
    @Argument(help: "The YAML rule set.") var file: String
    @Option(help: "Who wrote this version (recorded with it).") var by: String
    @Option(help: "What changed.") var note: String = ""
    @Flag(help: "Make it the active rule set.") var activate = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let yaml = try readRuleFile(file)
        let version = try data.withRiskStore { store -> Int64 in
            _ = try RuleSetLoader.load(yaml: yaml, catalogue: DeclarationFacts.catalogue)
            let version = try store.insertRuleSet(yaml: yaml, by: by, note: note)
            if activate { try store.activateRuleSet(version: version, by: by) }
            return version
        }
        print("rule set version \(version)\(activate ? " (active)" : "")")
    }
}

struct RiskRulesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List rule set versions: who, when, which is active.")
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        for set in try data.withRiskStore({ try $0.ruleSets() }) {
            print(
                "\(String(set.version).padded(4)) \((set.active ? "*" : "").padded(2)) \(set.createdAt.padded(21)) \(set.createdBy.padded(16)) \(set.note)"
            )
        }
    }
}

struct RiskRulesActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Make a stored version the active rule set.")
    @Argument(help: "The version.") var version: Int64
    @Option(help: "Who activates it (recorded).") var by: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        try data.withRiskStore { try $0.activateRuleSet(version: version, by: by) }
        print("rule set version \(version) is active")
    }
}

struct RiskAssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess the declarations lodged on a day: scores, rules, lanes under the inspection budget, stored decisions.",
        discussion: "Percentages are percentages: --budget 10 inspects 10 % of each office's declarations that day."
    )
    @Option(help: "The lodgement day, YYYY-MM-DD (UTC).") var day: String
    @Option(help: "Only this office.") var office: String?
    @Option(help: "Inspections per office and day, percent of volume.") var budget: Double = 10
    @Option(help: "Inspections per office and day as a count (instead of --budget).") var budgetCount: Int?
    @Option(help: "Share of the budget drawn at random, percent.") var exploration: Double = 10
    @Option(help: "The random seed of the exploration draw (recorded in every decision).") var seed: UInt64 = 0
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        var policy = SelectivityPolicy()
        policy.budget = budgetCount.map(SelectivityPolicy.Budget.count) ?? .percent(budget)
        policy.explorationPercent = exploration
        let assessments = try data.withRiskStore { store in
            try RiskAssessor.active(store: store, policy: policy, seed: seed).assessDay(day, office: office)
        }
        print("assessed \(assessments.count) declarations lodged on \(day)")
        for (office, group) in Dictionary(grouping: assessments, by: \.office).sorted(by: { $0.key < $1.key }) {
            let counts = Lane.allCases.map { lane in "\(lane.rawValue) \(group.count { $0.lane == lane })" }.joined(separator: ", ")
            print(
                "  office \(office): \(counts) (exploration \(group.count { $0.selection == .exploration }), by rule \(group.count { $0.selection == .rule }))"
            )
        }
    }
}

struct RiskExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Why a declaration got its lane: rules, model factors, re-routes.")
    @Argument(help: "The declaration id.") var id: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let (decision, explanation) = try data.withRiskStore { store -> (RiskDecision, RiskExplanation?) in
            guard let decision = try store.decision(declarationID: id) else {
                throw PortunusError(.notFound, "the declaration has not been assessed (portunus risk assess --day …)", field: "id")
            }
            var explanation = decision.assessment.explanation
            if explanation == nil, let model = try RiskModelRegistry(store: store).activeModel(threads: 1),
                let declaration = try store.declaration(id: DeclarationID(unchecked: id))
            {
                explanation = try model.model.explain([RiskRecord(declaration: declaration)]).first
            }
            return (decision, explanation)
        }
        let assessment = decision.assessment
        let reroutes = decision.routing.reroutes
        print(
            "declaration \(id): lane \(decision.laneInForce)\(reroutes.isEmpty ? "" : " (assessed \(assessment.lane))"), selected by \(assessment.selection)"
        )
        print(
            "score \(String(format: "%.3f", assessment.score)), risk score \(String(format: "%.3f", assessment.riskScore))\(assessment.aeo ? " (authorised economic operator)" : "")"
                + ", model \(assessment.modelID.map(String.init) ?? "none"), rule set \(assessment.ruleSetVersion.map(String.init) ?? "none")")
        for hit in assessment.ruleHits { print("  rule \(hit.ruleID): \(hit.reason)") }
        for factor in explanation?.factors ?? [] { print("  model: \(factor.sentence) [\(String(format: "%+.2f", factor.contribution))]") }
        for reroute in reroutes {
            print("  re-routed \(reroute.from) → \(reroute.to) by \(reroute.by) at \(ISO8601.format(reroute.at)): \(reroute.reason)")
        }
    }
}

struct RiskRerouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reroute", abstract: "An officer sends a declaration to another lane, with the reason.")
    @Argument(help: "The declaration id.") var id: String
    @Option(help: "red, yellow, blue or green.") var lane: String
    @Option(help: "Why (recorded).") var reason: String
    @Option(help: "Who (recorded).") var by: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        guard let lane = Lane(rawValue: lane) else {
            throw PortunusError(.invalidArgument, "lane is red, yellow, blue or green", field: "lane").exit()
        }
        let event = LaneRouting.Event.reroute(to: lane, reason: reason, by: by, at: Date())
        if let refusal = LaneRouting.check(event) { throw PortunusError(refusal).exit() }
        // The CLI's acts go on the ledger too (appended by the server or `portunus ledger publish`).
        let routing = try data.withRiskStore { store in
            try store.reroute(
                declarationID: id, ledger: [AccountableEntry.reroute(declarationID: id, to: lane.rawValue, reason: reason, by: "cli:" + by)]
            ) { current throws(PortunusError) in
                switch current.applying(event) {
                case .success(let next): return next
                case .failure(let refusal): throw PortunusError(refusal)
                }
            }
        }
        print("declaration \(id): \(routing.reroutes.last?.from ?? lane) → \(lane)")
    }
}

struct RiskOutcomeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outcome", abstract: "Record what an inspection found (it teaches the next model).")
    @Argument(help: "The declaration id.") var id: String
    @Option(help: "irregularity or no_irregularity.") var result: String
    @Flag(help: "The irregularity is fraud.") var fraud = false
    @Flag(help: "The irregularity is critical (safety, security).") var critical = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        guard let parsed = InspectionOutcome.Result(rawValue: result) else {
            throw PortunusError(.invalidArgument, "result is irregularity or no_irregularity", field: "result").exit()
        }
        let outcome = InspectionOutcome(result: parsed, fraud: fraud, critical: critical)
        try data.withRiskStore {
            try $0.recordOutcome(declarationID: id, outcome, ledger: [AccountableEntry.outcome(declarationID: id, outcome, by: "cli")])
        }
        print("outcome recorded for \(id)")
    }
}

struct RiskAEOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aeo", abstract: "Authorised economic operators (their risk is lowered): add, remove, list.")
    @Argument(help: "add, remove or list.") var action: String
    @Argument(help: "The party id.") var party: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        switch (action, party) {
        case ("add", let party?): try data.withRiskStore { try $0.setAEO(party) }
        case ("remove", let party?): try data.withRiskStore { try $0.removeAEO(party) }
        case ("list", _): for party in try data.withRiskStore({ try $0.aeoParties() }).sorted() { print(party) }
        default: throw PortunusError(.invalidArgument, "use: aeo add PARTY | aeo remove PARTY | aeo list", field: "action").exit()
        }
    }
}

struct RiskWorklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worklist", abstract: "An officer's worklist: assessed declarations by lane in force, riskiest first.")
    @Option(help: "The office.") var office: String?
    @Option(help: "red, yellow, blue or green.") var lane: String?
    @Option(help: "The lodgement day, YYYY-MM-DD.") var day: String?
    @Option(help: "At most this many.") var limit: Int = 50
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let lane = try lane.map { text in
            guard let lane = Lane(rawValue: text) else {
                throw PortunusError(.invalidArgument, "lane is red, yellow, blue or green", field: "lane").exit()
            }
            return lane
        }
        for decision in try data.withRiskStore({ try $0.worklist(office: office, lane: lane, day: day, limit: limit) }) {
            let assessment = decision.assessment
            print(
                "\(decision.declarationID.padded(14)) \(assessment.office.padded(6)) \(assessment.day) \(decision.laneInForce.rawValue.padded(6)) "
                    + "\(String(format: "%.3f", assessment.riskScore)) \(assessment.selection)\(assessment.forcedBy.map { " (\($0))" } ?? "")")
        }
    }
}

struct RiskSimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a stream week by week: inspect k, reveal only their labels, retrain; exploitation only against the exploration mix.",
        discussion: """
            Percentages are percentages: --rate 10 inspects 10 % of each week, --exploration 10 draws 10 % of those at \
            random. The stream files are replayed together in date order (on the KCS data: the validation and test files). \
            Revenue is the duty proxy (fraud × value × duty rate / 100).
            """
    )
    @Option(help: ArgumentHelp("Labelled training declarations (the starting model).", valueName: "file")) var train: String
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Declarations replayed in date order.", valueName: "file")) var stream: [String]
    @Option(help: "Layout of the files: kcs or portunus.") var format: String = "kcs"
    @Option(help: "Inspections per week, percent.") var rate: Double = 10
    @Option(help: "Share of the inspections drawn at random, percent.") var exploration: Double = 10
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Threads for XGBoost.") var threads: Int = 2
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        CommandLogging.bootstrap()
        guard let mapping = ColumnMapping.builtIn[format] else { throw ValidationError("--format must be kcs or portunus") }
        let report: RiskSimulation.Report
        do {
            func read(_ path: String) throws -> [RiskRecord] {
                try DeclarationFile.read(path: path, mapping: mapping).declarations.map(RiskRecord.init(declaration:))
            }
            report = try RiskSimulation(ratePercent: rate, explorationPercent: exploration, seed: seed, threads: threads)
                .run(training: try read(train), stream: try stream.flatMap(read)) { standardError($0) }
        } catch let error as PortunusError {
            throw error.exit()
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print(
            "week  start       n      k    | exploitation: P    norm P  revenue norm | exploration \(String(format: "%g", exploration))%: P    norm P  revenue norm"
        )
        for (a, b) in zip(report.arms[0].weeks, report.arms[1].weeks) {
            print(
                String(format: "%4d  ", a.week) + a.start
                    + String(
                        format: " %6d %6d | %.3f  %.3f  %.3f        | %.3f  %.3f  %.3f", a.declarations,
                        a.inspected, a.precision, a.normalizedPrecision, a.normalizedRevenue, b.precision, b.normalizedPrecision, b.normalizedRevenue)
            )
        }
        for arm in report.arms {
            print(
                arm.name
                    + String(
                        format: ": mean precision %.3f (normalised %.3f), revenue %.0f (normalised %.3f)", arm.meanPrecision,
                        arm.meanNormalizedPrecision, arm.totalRevenue, arm.normalizedRevenue))
        }
    }
}

struct RiskRetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "The feedback loop: train on the last days' inspected declarations (recorded outcomes included), register, activate if not worse.",
        discussion: "`portunus serve` does the same on a schedule when the configuration sets retrainEveryHours."
    )
    @Option(help: "Days of inspected declarations to learn from.") var days: Int = 365
    @Option(help: "Train as of this date (YYYY-MM-DD; default now).") var asOf: String?
    @Option(help: "Threads for XGBoost.") var threads: Int = 2
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let now =
            try asOf.map { value -> Date in
                guard let date = ISO8601.parse(value) else { throw PortunusError(.invalidDate, "expected YYYY-MM-DD", field: "as-of").exit() }
                return date
            } ?? Date()
        let outcome = try data.withRiskStore { try RiskTraining.retrain(store: $0, days: days, now: now, threads: threads) }
        print("model \(outcome.id) registered\(outcome.activated ? " and active" : "; the active model validates better and stays")")
    }
}
