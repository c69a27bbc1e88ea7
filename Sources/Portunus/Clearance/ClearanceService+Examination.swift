import Clearance
import Foundation
import PortunusCore
import Storage

extension ClearanceService {
    /// An examiner closes the examination with its act: `EXAM_DONE`, the act stored, and — when
    /// the act corrects facts — a new version of the declaration with `AMENDED`, all in one
    /// transaction. The act's result and fraud flags become the inspection outcome the risk model
    /// learns from (on the ledger, as `POST …/outcome` records it). Portunus then assesses the
    /// duties on the corrected facts, unless a laboratory result is awaited.
    public func closeExamination(_ id: String, act: InspectionAct, by principal: Principal) throws(PortunusError) -> ClearanceState {
        try AccessPolicy.require(.examineGoods, principal)
        let declaration = try declarations.visible(id, to: principal)
        let now = clock()
        let officer = Milestone.Actor(kind: .officer, id: principal.keyID)
        return try store.transaction { transaction in
            guard let (seq, state) = try transaction.clearanceState(declarationID: declaration.id.rawValue) else {
                throw PortunusError(.notFound, "no such declaration", field: "id")
            }
            let items = try transaction.versionItems(seq: seq, version: state.version) ?? declaration.items
            if let problem = act.problems(items: items).first { throw problem }
            let corrected = act.corrected(items)
            if let corrected {
                var amended = declaration
                amended.items = corrected
                if let problem = amended.validate(now: now).errors.first { throw problem }
            }
            let actID = try transaction.saveInspectionAct(seq: seq, version: state.version, at: now, examiner: principal.keyID, act)
            var outcome = try transaction.applyClearance(
                declarationID: declaration.id.rawValue, step: .examDone,
                milestone: Milestone(
                    code: .examDone, at: now, office: declaration.office, actor: officer,
                    attributes: ["act": String(actID), "result": act.result.rawValue]), idempotencyKey: nil)
            if let corrected {
                try transaction.saveVersion(
                    seq: seq, version: outcome.state.version + 1, items: corrected, reason: "inspection act \(actID)", at: now, actor: officer)
                outcome = try transaction.applyClearance(
                    declarationID: declaration.id.rawValue, step: .amended,
                    milestone: Milestone(
                        code: .amended, at: now, office: declaration.office, actor: officer,
                        attributes: ["version": String(outcome.state.version + 1), "reason": "inspection act \(actID)"]), idempotencyKey: nil)
            }
            try transaction.recordOutcome(
                declarationID: declaration.id.rawValue, act.outcome,
                ledger: [AccountableEntry.outcome(declarationID: declaration.id.rawValue, act.outcome, by: principal.keyID)])
            return try ClearanceAutomation.follow(outcome, declaration: declaration, in: transaction, now: now)
        }.state
    }

    /// Amends a declaration's goods items (all of them, as a declaration gives them): a new
    /// version, the earlier ones kept, with `AMENDED`; the duties are assessed again on it once the
    /// lane's controls allow. An officer amends after documents were supplied or checked, after an
    /// examination, on the duties before they are paid, or while holding the goods; the amendment
    /// settles the documentary check. A trader amends its own declarations only after supplying
    /// documents (the officer then still checks them) or on the duties before they are paid, and
    /// never after an examination or during a hold.
    public func amend(_ id: String, items: [GoodsItem], reason: String, by principal: Principal) throws(PortunusError) -> ClearanceState {
        try AccessPolicy.require(.amendDeclarations, principal)
        let declaration = try declarations.visible(id, to: principal)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, reason.utf8.count <= 2_000 else {
            throw PortunusError(.invalidArgument, "a reason of 1 to 2,000 bytes", field: "/reason")
        }
        let now = clock()
        var amended = declaration
        amended.items = items
        if let problem = amended.validate(now: now).errors.first { throw problem }
        let actor = Milestone.Actor(kind: principal.role == .trader ? .trader : .officer, id: principal.keyID)
        return try store.transaction { transaction in
            guard let seq = try transaction.declarationSeq(declaration.id.rawValue) else {
                throw PortunusError(.notFound, "no such declaration", field: "id")
            }
            let outcome = try transaction.applyClearance(
                declarationID: declaration.id.rawValue, step: principal.role == .trader ? .amendedByTrader : .amended,
                milestone: Milestone(code: .amended, at: now, office: declaration.office, actor: actor, attributes: ["reason": reason]),
                idempotencyKey: nil)
            try transaction.saveVersion(seq: seq, version: outcome.state.version, items: items, reason: reason, at: now, actor: actor)
            return try ClearanceAutomation.follow(outcome, declaration: declaration, in: transaction, now: now)
        }.state
    }

    /// A declaration's versions after the first and its inspection acts, for whoever may read it
    /// (a trader sees its own declaration's versions, and of the acts only the result and the
    /// findings, not the examiner).
    public func history(_ id: String, by principal: Principal) throws(PortunusError) -> (
        versions: [StoredDeclarationVersion], acts: [StoredInspectionAct]
    ) {
        let declaration = try declarations.visible(id, to: principal)
        var versions = try store.clearance.versions(declarationID: declaration.id.rawValue) ?? []
        var acts = try store.clearance.inspectionActs(declarationID: declaration.id.rawValue) ?? []
        if principal.role == .trader {
            for index in versions.indices where versions[index].actor.kind == .officer { versions[index].actor.id = "" }
            for index in acts.indices {
                acts[index].examiner = ""
                acts[index].act.fraud = false
                acts[index].act.critical = false
            }
        }
        return (versions, acts)
    }
}
