import Foundation
import Ledger
import PortunusCore
import RiskEngine
import Rules
import Storage

/// The risk-decision use cases behind the HTTP API, each for a ``Principal`` and checked
/// against ``AccessPolicy``: assess a day, read an assessment, worklists, re-routes,
/// outcomes, models and rule sets. Every change records the key that made it.
public struct RiskDecisionService: Sendable {
    public let store: PortunusStore
    let threads: Int

    public init(store: PortunusStore, threads: Int = 1) {
        self.store = store
        self.threads = threads
    }

    /// Assesses every declaration lodged on `day` (UTC), optionally at one office.
    public func assess(day: String, office: String?, policy: SelectivityPolicy, seed: UInt64, by principal: Principal) throws -> [Assessment] {
        try AccessPolicy.require(.assess, principal)
        return try RiskAssessor.active(store: store, policy: policy, seed: seed, threads: threads).assessDay(day, office: office)
    }

    public func decision(_ id: String, by principal: Principal) throws(PortunusError) -> RiskDecision {
        try AccessPolicy.require(.readAssessment, principal)
        guard let decision = try store.decisions.decision(declarationID: id) else {
            throw PortunusError(.notFound, "the declaration has not been assessed", field: "id")
        }
        return decision
    }

    /// A decision with what opens its ledger entry: the canonical record its
    /// `assessment_commitment` commits to, the salt, and where the entry is in the log (nil
    /// while it waits to be appended).
    public struct Disclosed: Sendable {
        public var decision: RiskDecision
        public var record: CanonicalJSON
        public var assessmentSalt: String?
        public var ledgerIndex: UInt64?
    }

    /// One declaration's decision as `GET …/assessment` shows it, with its ledger commitment opened.
    public func disclosedDecision(_ id: String, by principal: Principal) throws(PortunusError) -> Disclosed {
        let decision = try decision(id, by: principal)
        let entry = try store.ledger.entries(type: AccountableEntry.Kind.decision, subject: id).last
        let salt = try entry.flatMap { entry throws(PortunusError) in
            AccountableEntry.assessmentSalt(secrets: try store.ledger.secrets(seq: entry.seq))
        }
        return Disclosed(
            decision: decision, record: AccountableEntry.assessmentRecord(decision), assessmentSalt: salt, ledgerIndex: entry?.ledgerIndex)
    }

    public func worklist(office: String?, lane: Lane?, day: String?, limit: Int, by principal: Principal) throws(PortunusError) -> [RiskDecision] {
        try AccessPolicy.require(.worklist, principal)
        return try store.decisions.worklist(office: office, lane: lane, day: day, limit: limit)
    }

    /// Re-routes a declaration to `lane` with the officer's reason (``LaneRouting``); returns
    /// the decision as it now stands.
    @discardableResult
    public func reroute(_ id: String, to lane: Lane, reason: String, by principal: Principal) throws(PortunusError) -> RiskDecision {
        try AccessPolicy.require(.reroute, principal)
        let event = LaneRouting.Event.reroute(to: lane, reason: reason, by: principal.keyID, at: Date())
        // A refusal whatever the state comes before the store is read: "no reason" before
        // "not assessed", as the API has always answered.
        if let refusal = LaneRouting.check(event) { throw refusal.error }
        try store.decisions.reroute(
            declarationID: id, ledger: [AccountableEntry.reroute(declarationID: id, to: lane.rawValue, reason: reason, by: principal.keyID)]
        ) { current throws(LaneRouting.Refusal) in try current.applying(event) }
        return try decision(id, by: principal)
    }

    public func recordOutcome(_ id: String, _ outcome: InspectionOutcome, by principal: Principal) throws(PortunusError) {
        try AccessPolicy.require(.recordOutcome, principal)
        try store.transaction { transaction in
            try transaction.recordOutcome(
                declarationID: id, outcome, ledger: [AccountableEntry.outcome(declarationID: id, outcome, by: principal.keyID)])
            try transaction.recordAudit(keyID: principal.keyID, action: "risk.outcome", subject: id)
        }
    }

    // MARK: Models

    public func models(by principal: Principal) throws -> [RiskModelRegistry.Entry] {
        try AccessPolicy.require(.manageModels, principal)
        return try RiskModelRegistry(store: store).list()
    }

    public func activateModel(_ id: Int64, by principal: Principal) throws {
        try AccessPolicy.require(.manageModels, principal)
        try store.transaction { transaction in
            try transaction.activateRiskModel(id: id, reason: "activated")
            try transaction.recordAudit(keyID: principal.keyID, action: "risk.model.activate", subject: String(id))
        }
    }

    public func rollBackModel(by principal: Principal) throws -> Int64 {
        try AccessPolicy.require(.manageModels, principal)
        return try store.transaction { transaction in
            let id = try transaction.rollBackRiskModel()
            try transaction.recordAudit(keyID: principal.keyID, action: "risk.model.rollback", subject: String(id))
            return id
        }
    }

    // MARK: Rule sets

    /// Validates a rule set; a `RuleSetError` carries the line, rule id and field.
    public func validateRules(_ yaml: String, by principal: Principal) throws -> RuleSet {
        try AccessPolicy.require(.manageRules, principal)
        return try RuleSetLoader.load(yaml: yaml, catalogue: DeclarationFacts.catalogue)
    }

    /// Stores a validated rule set as a new version, recording the key that wrote it.
    public func uploadRules(_ yaml: String, note: String, activate: Bool, by principal: Principal) throws -> Int64 {
        _ = try validateRules(yaml, by: principal)
        // Stored and, when asked, activated as one act: never a new version that failed to activate.
        return try store.transaction { transaction in
            let version = try transaction.insertRuleSet(yaml: yaml, by: principal.keyID, note: note)
            if activate { try transaction.activateRuleSet(version: version, by: principal.keyID) }
            return version
        }
    }

    public func activateRules(_ version: Int64, by principal: Principal) throws {
        try AccessPolicy.require(.manageRules, principal)
        try store.decisions.activateRuleSet(version: version, by: principal.keyID)
    }

    public func ruleSets(by principal: Principal) throws -> [StoredRuleSet] {
        try AccessPolicy.require(.manageRules, principal)
        return try store.decisions.ruleSets()
    }
}
