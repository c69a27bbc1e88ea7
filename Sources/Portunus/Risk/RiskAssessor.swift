import Foundation
import PortunusCore
import RiskEngine
import Rules
import Storage

/// Assesses declarations: the active model's score, the active rule set, selectivity lanes
/// under the inspection budget per office and day, explanations for the lanes that need them;
/// stores every decision with what re-derives it.
///
/// Lanes are assigned per office and day over the whole day's queue (the budget is a share of
/// the day's volume): assessing more declarations of a day re-assigns that day, and each
/// decision keeps the office-day seed, so a stored day re-derives exactly.
public struct RiskAssessor: Sendable {
    public let store: PortunusStore
    public let model: (id: Int64?, model: RiskModel)?
    public let rules: (version: Int64?, set: RuleSet)?
    public let policy: SelectivityPolicy
    public let seed: UInt64
    /// Lanes whose decisions carry an explanation (TreeSHAP is slower than scoring).
    public let explainLanes: Set<Lane>

    public init(
        store: PortunusStore, model: (id: Int64?, model: RiskModel)?, rules: (version: Int64?, set: RuleSet)?,
        policy: SelectivityPolicy = .init(), seed: UInt64 = 0, explainLanes: Set<Lane> = [.red, .yellow]
    ) {
        self.store = store
        self.model = model
        self.rules = rules
        self.policy = policy
        self.seed = seed
        self.explainLanes = explainLanes
    }

    /// The active model and rule set of the store.
    public static func active(store: PortunusStore, policy: SelectivityPolicy = .init(), seed: UInt64 = 0, threads: Int = 1) throws -> RiskAssessor {
        let model = try RiskModelRegistry(store: store).activeModel(threads: threads)
        var rules: (Int64?, RuleSet)? = nil
        if let stored = try store.decisions.activeRuleSet() {
            rules = (stored.version, try RuleSetLoader.load(yaml: stored.yaml, catalogue: DeclarationFacts.catalogue))
        }
        return RiskAssessor(store: store, model: model.map { ($0.id, $0.model) }, rules: rules, policy: policy, seed: seed)
    }

    static func day(_ date: Date) -> String { String(ISO8601.format(date).prefix(10)) }

    /// Assesses every declaration lodged on `day` (`YYYY-MM-DD`, UTC), optionally at one office.
    public func assessDay(_ day: String, office: String?) throws -> [Assessment] {
        guard day.count == 10, let start = ISO8601.parse(day) else { throw PortunusError(.invalidDate, "expected YYYY-MM-DD", field: "day") }
        return try assess(
            store.declarations.allDeclarations(matching: .init(office: office, lodgedFrom: start, lodgedBefore: start.addingTimeInterval(86_400))))
    }

    /// Assesses the declarations (and re-assigns the office-days they fall on), stores the
    /// decisions, and returns the assessments of the given declarations.
    public func assess(_ declarations: [Declaration]) throws -> [Assessment] {
        guard !declarations.isEmpty else { return [] }
        let aeoParties = try store.decisions.aeoParties()
        let records = declarations.map(RiskRecord.init(declaration:))
        let scores = try model.map { try $0.model.score(records).map(Double.init) } ?? Array(repeating: 0, count: declarations.count)
        var candidates: [String: SelectivityCandidate] = [:]
        var fresh: [String: (declaration: Declaration, record: RiskRecord)] = [:]
        for (index, declaration) in declarations.enumerated() {
            let aeo = aeoParties.contains(declaration.parties.importer)
            let hits =
                rules.map {
                    DeclarationFacts.evaluate($0.set, declaration: declaration, pipeline: model?.model.pipeline, score: scores[index], aeo: aeo)
                } ?? []
            let id = declaration.id.rawValue
            candidates[id] = SelectivityCandidate(
                id: id, office: declaration.office, day: Self.day(declaration.lodgedAt), score: scores[index],
                ruleHits: hits, aeo: aeo)
            fresh[id] = (declaration, records[index])
        }
        // Earlier assessments of the same office-days join the draw, as stored.
        var earlier: [String: RiskDecision] = [:]
        for key in Set(candidates.values.map { "\($0.office)\n\($0.day)" }) {
            let parts = key.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for stored in try store.decisions.decisions(office: parts[0], day: parts[1]) where candidates[stored.declarationID] == nil {
                earlier[stored.declarationID] = stored
                candidates[stored.declarationID] = stored.assessment.candidate
            }
        }
        let all = candidates.values.sorted { $0.id < $1.id }
        let decisions = Selectivity.assign(all, policy: policy, seed: seed)

        // Explanations for the new declarations in the lanes that need them.
        let needing = decisions.filter { fresh[$0.id] != nil && explainLanes.contains($0.lane) }
        var explanations: [String: RiskExplanation] = [:]
        if let model, !needing.isEmpty {
            for (decision, explanation) in zip(needing, try model.model.explain(needing.map { fresh[$0.id]!.record })) {
                explanations[decision.id] = explanation
            }
        }
        let now = Date()
        var assessments: [String: Assessment] = [:]
        var stored: [RiskDecision] = []
        for decision in decisions {
            let candidate = candidates[decision.id]!
            let previous = earlier[decision.id]
            let assessment = Assessment(
                id: decision.id, score: candidate.score, riskScore: decision.riskScore, lane: decision.lane, selection: decision.selection,
                forcedBy: decision.forcedBy, ruleHits: candidate.ruleHits,
                explanation: explanations[decision.id] ?? previous?.assessment.explanation,
                modelID: previous?.assessment.modelID ?? model?.id, ruleSetVersion: previous?.assessment.ruleSetVersion ?? rules?.version,
                seed: decision.seed, aeo: candidate.aeo, office: candidate.office, day: candidate.day)
            assessments[decision.id] = assessment
            stored.append(RiskDecision(assessment: assessment, assessedAt: previous?.assessedAt ?? now, basis: .day(policy)))
        }
        try store.decisions.saveDecisions(stored, ledger: stored.map { AccountableEntry.decision($0) })
        return declarations.map { assessments[$0.id.rawValue]! }
    }

    /// Re-derives the lanes of a stored office-day from the stored scores, rule hits, AEO
    /// flags, policy and seed; returns the declarations whose stored lane differs (none when
    /// the record is intact).
    public static func rederive(store: PortunusStore, office: String, day: String) throws -> [(id: String, stored: Lane, derived: Lane?)] {
        let stored = try store.decisions.decisions(office: office, day: day)
        guard let first = stored.first else { return [] }
        let derived = Selectivity.assignDay(stored.map(\.assessment.candidate), policy: first.basis.policy, seed: first.assessment.seed)
        let byID = Dictionary(uniqueKeysWithValues: derived.map { ($0.id, $0.lane) })
        return stored.compactMap { decision in
            byID[decision.declarationID] == decision.assessment.lane
                ? nil : (decision.declarationID, decision.assessment.lane, byID[decision.declarationID])
        }
    }
}
