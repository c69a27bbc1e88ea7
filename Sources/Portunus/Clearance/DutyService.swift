import Clearance
import Foundation
import PortunusCore
import Storage
import Tariff

/// Duties and taxes for the API and the CLI: a declaration's calculation, payments, guarantees.
///
/// Duties are assessed by Portunus itself (``ClearanceAutomation``) once the lane's controls are
/// done; this service shows them, records what is paid, and registers the guarantees that let
/// goods go before they are paid.
public struct DutyService: Sendable {
    let store: PortunusStore
    let declarations: DeclarationService
    /// What time it is: a payment's time (a demo replays a day with a clock of its own).
    public var clock: @Sendable () -> Date = { Date() }

    public init(store: PortunusStore) throws(PortunusError) {
        self.store = store
        self.declarations = try DeclarationService(store: store)
    }

    /// The duty calculation on a declaration's latest assessed version, with what was paid and
    /// secured; for whoever may read the declaration (a trader, its own).
    public func duties(_ id: String, by principal: Principal) throws(PortunusError) -> DutyAssessment {
        let declaration = try declarations.visible(id, to: principal)
        guard let assessment = try store.duties.assessment(declarationID: declaration.id.rawValue) else {
            let state = try store.clearance.state(declarationID: declaration.id.rawValue)
            throw PortunusError(
                .notFound, "no duties are assessed on this declaration yet (it is \(state?.stage.rawValue ?? "unknown"))", field: "id")
        }
        return assessment
    }

    /// What a payment left: the assessment with it, the state, and whether it was a replay.
    public struct PaymentOutcome: Sendable {
        public var assessment: DutyAssessment
        public var state: ClearanceState
        public var replayed: Bool
    }

    /// Records a payment of a declaration's duties (a receipt from a cashier, a bank or a payment
    /// system). The amount is in the assessment's currency and no more than what is outstanding;
    /// when it settles the assessment, the declaration moves to `PAID` and is released if nothing
    /// else holds it. An idempotency key makes a retry harmless.
    public func pay(
        _ id: String, amount: Money, reference: String, account: String? = nil, idempotencyKey: String?, by principal: Principal
    ) throws(PortunusError) -> PaymentOutcome {
        try AccessPolicy.require(.recordPayments, principal)
        // A bank's key speaks for that bank: the payment is recorded as the bank's.
        if principal.role == .partner, principal.party == nil {
            throw PortunusError(.forbidden, "a partner key records payments only when bound to the bank or payment system it speaks for")
        }
        _ = try InputLimits.identifier(reference, field: "/reference")
        if let account { _ = try InputLimits.identifier(account, field: "/account") }
        if let idempotencyKey { _ = try InputLimits.identifier(idempotencyKey, field: "/idempotency_key") }
        guard !amount.amount.isNegative, !amount.amount.isZero else {
            throw PortunusError(.invalidArgument, "a payment is a positive amount", field: "/amount/amount")
        }
        // A bank or a cashier pays on any declaration (they do not read declarations).
        guard let declarationID = try? DeclarationID(id), let declaration = try store.declarations.declaration(id: declarationID) else {
            throw PortunusError(.notFound, "no such declaration", field: "id")
        }
        let actorKind = principal.role == .partner ? "bank" : "officer"
        let now = clock()
        return try store.transaction { transaction in
            guard let (seq, state) = try transaction.clearanceState(declarationID: declaration.id.rawValue),
                let assessment = try transaction.dutyAssessment(seq: seq, declarationID: declaration.id.rawValue, version: state.version),
                let calculation = assessment.calculation
            else {
                throw PortunusError(.conflict, "no duties are assessed on the declaration's current version", field: "/amount")
            }
            // Paid while the duties are due or secured (a deferment account is paid later); not
            // during a hold or before the lane's controls, when what is due may still change.
            guard [.dutyAssessed, .secured, .released, .exited].contains(state.stage) else {
                throw PortunusError(.conflict, "no payment is taken while the declaration is \(state)", field: "/amount")
            }
            guard amount.currency == calculation.currency else {
                throw PortunusError(.invalidArgument, "the duties are due in \(calculation.currency)", field: "/amount/currency")
            }
            let payment = DutySettlement(
                kind: .payment, amount: amount, reference: reference, account: account, at: now, actorKind: actorKind,
                actorID: principal.role == .partner ? principal.party ?? principal.keyID : principal.keyID)
            if let idempotencyKey, try transaction.recordPaymentReplayed(idempotencyKey, seq: seq, payment) {
                return PaymentOutcome(assessment: assessment, state: state, replayed: true)
            }
            guard amount.amount <= assessment.outstanding else {
                throw PortunusError(.conflict, "the payment is more than what is outstanding", field: "/amount/amount")
            }
            try transaction.recordPayment(seq: seq, version: state.version, payment, idempotencyKey: idempotencyKey)
            var outcome = ClearanceOutcome(state: state, replayed: false)
            var after = try transaction.dutyAssessment(seq: seq, declarationID: declaration.id.rawValue, version: state.version) ?? assessment
            if after.outstanding.isZero {
                // Paid in full: nothing stays held for it.
                try transaction.freeGuarantees(seq: seq, version: state.version, upTo: nil, at: now)
                after = try transaction.dutyAssessment(seq: seq, declarationID: declaration.id.rawValue, version: state.version) ?? after
            }
            if after.outstanding.isZero, state.stage == .dutyAssessed {
                let milestone = Milestone(
                    code: .paid, at: now, office: declaration.office,
                    actor: .init(kind: principal.role == .partner ? .bank : .officer, id: principal.keyID),
                    attributes: ["reference": reference])
                outcome = try transaction.applyClearance(
                    declarationID: declaration.id.rawValue, step: .paid, milestone: milestone, idempotencyKey: nil)
                outcome = try ClearanceAutomation.follow(outcome, declaration: declaration, in: transaction, now: now)
            }
            return PaymentOutcome(assessment: after, state: outcome.state, replayed: false)
        }
    }

    /// Registers a guarantee or a deferment account for a trader.
    public func addGuarantee(_ guarantee: DutyGuarantee, by principal: Principal) throws(PortunusError) -> DutyGuarantee {
        try AccessPolicy.require(.manageGuarantees, principal)
        _ = try InputLimits.identifier(guarantee.reference, field: "/reference")
        _ = try InputLimits.identifier(guarantee.holder, field: "/holder")
        guard !guarantee.amount.amount.isNegative, !guarantee.amount.amount.isZero else {
            throw PortunusError(.invalidArgument, "a guarantee covers a positive amount", field: "/amount/amount")
        }
        if let national = try store.tariff.nationalCurrency(), guarantee.amount.currency != national {
            throw PortunusError(
                .invalidArgument, "duties are due in \(national): a guarantee in another currency secures nothing", field: "/amount/currency")
        }
        if let through = guarantee.through, through < guarantee.from {
            throw PortunusError(.invalidArgument, "the guarantee ends before it starts", field: "/through")
        }
        try store.duties.addGuarantee(guarantee, by: principal.keyID)
        return guarantee
    }

    /// The guarantees registered, of one holder or all.
    public func guarantees(holder: String?, by principal: Principal) throws(PortunusError) -> [DutyGuarantee] {
        try AccessPolicy.require(.manageGuarantees, principal)
        return try store.duties.guarantees(holder: holder)
    }
}
