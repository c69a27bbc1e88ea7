import Foundation
import PortunusCore
import RiskEngine
import Rules
import Storage
import Synchronization

/// Assesses declarations as they are lodged (the HTTP API): the active model and rule set,
/// lanes by ``OnlineSelectivity`` (thresholds from the office's last 7 days of assessed
/// scores, the budget cap on the day's counts, a seeded exploration draw), explanations for
/// the lanes that need them. One per process: decisions of an office's day are taken one at a
/// time, so the day's counts stay exact under concurrent requests.
public final class OnlineRiskAssessor: Sendable {
    public enum Explain: String, Sendable { case none, inspected, all }

    let store: PortunusStore
    let policy: SelectivityPolicy
    let seed: UInt64
    let threads: Int
    private let state = Mutex<State>(State())

    struct State {
        var modelID: Int64?
        var model: RiskModel?
        var rulesVersion: Int64?
        var rules: RuleSet?
        /// Authorised economic operators, looked up again with the model and rules.
        var aeoParties: Set<String> = []
        var checkedAt = Date.distantPast
        /// Per office-day: the thresholds in force (from the 7 days before it).
        var thresholds: [String: OnlineSelectivity.Thresholds] = [:]
        /// Per office-day: the counts so far (read from the store once, then kept here).
        var counters: [String: OnlineSelectivity.Counters] = [:]
    }

    /// How often the active model and rule set are looked up again.
    static let refresh: TimeInterval = 5

    public init(store: PortunusStore, policy: SelectivityPolicy = .init(), seed: UInt64 = 0, threads: Int = 1) {
        self.store = store
        self.policy = policy
        self.seed = seed
        self.threads = threads
    }

    /// The active model, rule set and AEO list, looked up every few seconds rather than per
    /// request; a model or rule set is reloaded only when another was activated. Loading happens
    /// outside the lock: requests go on with the previous model meanwhile.
    func current() throws -> (Int64?, RiskModel?, Int64?, RuleSet?, Set<String>) {
        let (due, modelID, model, rulesVersion, rules, aeo) = state.withLock { state in
            let due = Date().timeIntervalSince(state.checkedAt) > Self.refresh
            if due { state.checkedAt = Date() }
            return (due, state.modelID, state.model, state.rulesVersion, state.rules, state.aeoParties)
        }
        guard due else { return (modelID, model, rulesVersion, rules, aeo) }
        let aeoParties = try store.decisions.aeoParties()
        let activeModel = try store.riskModels.activeModelID()
        let newModel = activeModel == modelID ? model : try RiskModelRegistry(store: store).activeModel(threads: threads)?.model
        let activeRules = try store.decisions.activeRuleSet()
        let newRules =
            activeRules?.version == rulesVersion
            ? rules : try activeRules.map { try RuleSetLoader.load(yaml: $0.yaml, catalogue: DeclarationFacts.catalogue) }
        state.withLock { state in
            if activeModel != state.modelID { state.thresholds = [:] }
            state.modelID = activeModel
            state.model = newModel
            state.rulesVersion = activeRules?.version
            state.rules = newRules
            state.aeoParties = aeoParties
        }
        return (activeModel, newModel, activeRules?.version, newRules, aeoParties)
    }

    func thresholds(office: String, day: String) throws -> OnlineSelectivity.Thresholds {
        let key = office + "\n" + day
        if let cached = state.withLock({ $0.thresholds[key] }) { return cached }
        guard let today = ISO8601.parse(day) else { throw PortunusError(.invalidDate, "bad day", field: "day") }
        let from = String(ISO8601.format(today.addingTimeInterval(-7 * 86_400)).prefix(10))
        var recent = try store.decisions.recentRiskScores(office: office, from: from, before: day)
        if recent.scores.count < 100 { recent = try store.decisions.recentRiskScores(office: nil, from: from, before: day) }
        let value = OnlineSelectivity.thresholds(
            recent: recent.scores, policy: policy,
            typicalDailyVolume: recent.days > 0 ? recent.scores.count / recent.days : 0)
        state.withLock {
            if $0.thresholds.count > 10_000 { $0.thresholds.removeAll() }
            $0.thresholds[key] = value
        }
        return value
    }

    /// Assesses declarations about to be stored, and stores nothing: the caller stores the
    /// decisions in the transaction that stores the declarations (``DeclarationService``), so
    /// that a declaration is never stored unassessed. The day's counts kept in memory already
    /// include these decisions; if they are not stored after all, the caller hands them to
    /// ``discard(_:)``.
    public func prepare(_ declarations: [Declaration], explain: Explain = .inspected) throws -> [RiskDecision] {
        guard !declarations.isEmpty else { return [] }
        let (modelID, model, rulesVersion, rules, aeoParties) = try current()
        let records = declarations.map(RiskRecord.init(declaration:))
        let scores = try model.map { try $0.score(records).map(Double.init) } ?? Array(repeating: 0, count: declarations.count)
        var candidates: [SelectivityCandidate] = []
        for (index, declaration) in declarations.enumerated() {
            let aeo = aeoParties.contains(declaration.parties.importer)
            let hits =
                rules.map { DeclarationFacts.evaluate($0, declaration: declaration, pipeline: model?.pipeline, score: scores[index], aeo: aeo) }
                ?? []
            candidates.append(
                SelectivityCandidate(
                    id: declaration.id.rawValue, office: declaration.office, day: RiskAssessor.day(declaration.lodgedAt), score: scores[index],
                    ruleHits: hits, aeo: aeo))
        }
        var thresholdsByOffice: [String: OnlineSelectivity.Thresholds] = [:]
        for candidate in candidates where thresholdsByOffice[candidate.office + "\n" + candidate.day] == nil {
            thresholdsByOffice[candidate.office + "\n" + candidate.day] = try thresholds(office: candidate.office, day: candidate.day)
        }
        // Decide under the lock, one request at a time, on counts kept in memory (read from
        // the store the first time an office-day is seen); explain outside it.
        let decisions: [(LaneDecision, OnlineSelectivity.Counters)] = try state.withLock { state in
            if state.counters.count > 10_000 { state.counters.removeAll() }
            var result: [(LaneDecision, OnlineSelectivity.Counters)] = []
            for candidate in candidates {
                let key = candidate.office + "\n" + candidate.day
                if state.counters[key] == nil {
                    let stored = try store.decisions.dayCounters(office: candidate.office, day: candidate.day)
                    state.counters[key] = .init(assessed: stored.assessed, inspected: stored.inspected)
                }
                let before = state.counters[key]!
                let (decision, after) = OnlineSelectivity.decide(
                    candidate, policy: policy, thresholds: thresholdsByOffice[key]!, counters: before,
                    seed: Selectivity.seedFor(office: candidate.office, day: candidate.day, seed: seed))
                state.counters[key] = after
                result.append((decision, before))
            }
            return result
        }
        do {
            let wanted = decisions.indices.filter { explain == .all || (explain == .inspected && decisions[$0].0.lane.inspects) }
            var explanations: [Int: RiskExplanation] = [:]
            if let model, !wanted.isEmpty {
                for (index, explanation) in zip(wanted, try model.explain(wanted.map { records[$0] })) { explanations[index] = explanation }
            }
            let now = Date()
            return decisions.enumerated().map { index, element in
                let (decision, before) = element
                let candidate = candidates[index]
                let assessment = Assessment(
                    id: decision.id, score: candidate.score, riskScore: decision.riskScore, lane: decision.lane, selection: decision.selection,
                    forcedBy: decision.forcedBy, ruleHits: candidate.ruleHits, explanation: explanations[index], modelID: modelID,
                    ruleSetVersion: rulesVersion, seed: decision.seed, aeo: candidate.aeo, office: candidate.office, day: candidate.day)
                let record = OnlineSelectivity.Record(
                    policy: policy, thresholds: thresholdsByOffice[candidate.office + "\n" + candidate.day]!, before: before)
                return RiskDecision(assessment: assessment, assessedAt: now, basis: .online(record))
            }
        } catch {
            forget(officeDays: candidates.map { ($0.office, $0.day) })
            throw error
        }
    }

    /// Decisions from ``prepare(_:explain:)`` that were not stored (the transaction failed, or
    /// a declaration turned out to be stored already): the day's counts of their office-days
    /// are read from the store again on next use, so the budget counts only what is stored.
    public func discard(_ decisions: [RiskDecision]) {
        forget(officeDays: decisions.map { ($0.assessment.office, $0.assessment.day) })
    }

    func forget(officeDays: [(String, String)]) {
        guard !officeDays.isEmpty else { return }
        state.withLock { state in
            for (office, day) in officeDays { state.counters[office + "\n" + day] = nil }
        }
    }
}
