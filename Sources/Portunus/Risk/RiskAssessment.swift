import Foundation
import PortunusCore
import RiskEngine
import Rules
import Storage

/// What an officer and an auditor see of one assessed declaration.
public struct Assessment: Encodable, Sendable, Hashable {
    public var id: String
    /// The model's fraud probability.
    public var score: Double
    /// The score lanes were ranked by (after rules and AEO treatment).
    public var riskScore: Double
    public var lane: Lane
    public var selection: Selection
    public var forcedBy: String?
    public var ruleHits: [RuleHit]
    /// The model's reasons, for the lanes that need them (or on demand).
    public var explanation: RiskExplanation?
    /// The plain-language reasons: rule reasons first, then the model's factors that raise risk.
    public var reasons: [String]
    public var modelID: Int64?
    public var ruleSetVersion: Int64?
    /// The office-day seed of the exploration draw.
    public var seed: UInt64
    public var aeo: Bool
    public var office: String
    public var day: String

    enum CodingKeys: String, CodingKey {
        case id, score, riskScore = "risk_score", lane, selection, forcedBy = "forced_by", ruleHits = "rule_hits", explanation, reasons
        case modelID = "model_id", ruleSetVersion = "rule_set_version", seed, aeo, office, day
    }

    /// The 64-bit seed is written as text: JSON numbers above 2^53 do not survive every client.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(score, forKey: .score)
        try container.encode(riskScore, forKey: .riskScore)
        try container.encode(lane, forKey: .lane)
        try container.encode(selection, forKey: .selection)
        try container.encodeIfPresent(forcedBy, forKey: .forcedBy)
        try container.encode(ruleHits, forKey: .ruleHits)
        try container.encodeIfPresent(explanation, forKey: .explanation)
        try container.encode(reasons, forKey: .reasons)
        try container.encodeIfPresent(modelID, forKey: .modelID)
        try container.encodeIfPresent(ruleSetVersion, forKey: .ruleSetVersion)
        try container.encode(String(seed), forKey: .seed)
        try container.encode(aeo, forKey: .aeo)
        try container.encode(office, forKey: .office)
        try container.encode(day, forKey: .day)
    }
}

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
        if let stored = try store.activeRuleSet() {
            rules = (stored.version, try RuleSetLoader.load(yaml: stored.yaml, catalogue: DeclarationFacts.catalogue))
        }
        return RiskAssessor(store: store, model: model.map { ($0.id, $0.model) }, rules: rules, policy: policy, seed: seed)
    }

    static func day(_ date: Date) -> String { String(ISO8601.format(date).prefix(10)) }

    /// Assesses every declaration lodged on `day` (`YYYY-MM-DD`, UTC), optionally at one office.
    public func assessDay(_ day: String, office: String?) throws -> [Assessment] {
        guard day.count == 10, let start = ISO8601.parse(day) else { throw PortunusError(.invalidDate, "expected YYYY-MM-DD", field: "day") }
        return try assess(store.allDeclarations(matching: .init(office: office, lodgedFrom: start, lodgedBefore: start.addingTimeInterval(86_400))))
    }

    /// Assesses the declarations (and re-assigns the office-days they fall on), stores the
    /// decisions, and returns the assessments of the given declarations.
    public func assess(_ declarations: [Declaration]) throws -> [Assessment] {
        guard !declarations.isEmpty else { return [] }
        let aeoParties = try store.aeoParties()
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
        var earlier: [String: StoredDecision] = [:]
        for key in Set(candidates.values.map { "\($0.office)\n\($0.day)" }) {
            let parts = key.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for stored in try store.decisions(office: parts[0], day: parts[1]) where candidates[stored.declarationID] == nil {
                earlier[stored.declarationID] = stored
                candidates[stored.declarationID] = try Self.candidate(stored)
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let policyJSON = String(decoding: try encoder.encode(policy), as: UTF8.self)
        let now = ISO8601.format(Date())
        var assessments: [String: Assessment] = [:]
        var stored: [StoredDecision] = []
        for decision in decisions {
            let candidate = candidates[decision.id]!
            let previous = earlier[decision.id]
            let explanation =
                explanations[decision.id]
                ?? previous?.explanationJSON.flatMap { try? JSONDecoder().decode(RiskExplanation.self, from: Data($0.utf8)) }
            let assessment = Assessment(
                id: decision.id, score: candidate.score, riskScore: decision.riskScore, lane: decision.lane, selection: decision.selection,
                forcedBy: decision.forcedBy, ruleHits: candidate.ruleHits, explanation: explanation,
                reasons: Self.reasons(candidate.ruleHits, explanation, selection: decision.selection),
                modelID: previous?.modelID ?? model?.id, ruleSetVersion: previous?.ruleSetVersion ?? rules?.version, seed: decision.seed,
                aeo: candidate.aeo, office: candidate.office, day: candidate.day)
            assessments[decision.id] = assessment
            stored.append(
                StoredDecision(
                    declarationID: decision.id, assessedAt: previous?.assessedAt ?? now, office: candidate.office, day: candidate.day,
                    modelID: assessment.modelID, ruleSetVersion: assessment.ruleSetVersion, score: candidate.score, riskScore: decision.riskScore,
                    lane: decision.lane.rawValue, selection: decision.selection.rawValue, forcedBy: decision.forcedBy, seed: decision.seed,
                    aeo: candidate.aeo, hitsJSON: String(decoding: try encoder.encode(candidate.ruleHits), as: UTF8.self),
                    explanationJSON: try explanation.map { String(decoding: try encoder.encode($0), as: UTF8.self) }, policyJSON: policyJSON))
        }
        try store.saveDecisions(stored, ledger: stored.map(AccountableEntry.decision))
        return declarations.map { assessments[$0.id.rawValue]! }
    }

    /// The candidate a stored decision was drawn as.
    static func candidate(_ stored: StoredDecision) throws -> SelectivityCandidate {
        SelectivityCandidate(
            id: stored.declarationID, office: stored.office, day: stored.day, score: stored.score,
            ruleHits: try JSONDecoder().decode([RuleHit].self, from: Data(stored.hitsJSON.utf8)), aeo: stored.aeo)
    }

    static func reasons(_ hits: [RuleHit], _ explanation: RiskExplanation?, selection: Selection) -> [String] {
        var reasons = hits.map(\.reason)
        if selection == .exploration { reasons.append("selected at random for exploration (the model learns only from inspected declarations)") }
        reasons += explanation?.factors.filter { $0.contribution > 0 }.map(\.sentence) ?? []
        return reasons
    }

    /// Re-derives the lanes of a stored office-day from the stored scores, rule hits, AEO
    /// flags, policy and seed; returns the declarations whose stored lane differs (none when
    /// the record is intact).
    public static func rederive(store: PortunusStore, office: String, day: String) throws -> [(id: String, stored: String, derived: String)] {
        let stored = try store.decisions(office: office, day: day)
        guard let first = stored.first else { return [] }
        let policy = try JSONDecoder().decode(SelectivityPolicy.self, from: Data(first.policyJSON.utf8))
        let derived = Selectivity.assignDay(try stored.map(candidate), policy: policy, seed: first.seed)
        let byID = Dictionary(uniqueKeysWithValues: derived.map { ($0.id, $0.lane.rawValue) })
        return stored.compactMap { decision in
            byID[decision.declarationID] == decision.lane ? nil : (decision.declarationID, decision.lane, byID[decision.declarationID] ?? "none")
        }
    }
}
