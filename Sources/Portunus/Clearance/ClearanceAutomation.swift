import Clearance
import Foundation
import PortunusCore
import Storage
import Tariff

/// The steps Portunus takes itself after a declaration's step, in the same transaction: it
/// assesses the duties once the lane's controls are done (at once for green; after the
/// documentary check for yellow; after the examination and every laboratory result for red),
/// secures them on a guarantee or deferment account of the importer or the declarant when one
/// has enough left, and releases the goods when the duties are paid or secured (or nothing is
/// due), no agency holds them and no result is awaited. A held declaration waits for an officer.
///
/// Without a national tariff (no national currency set) duties are not assessed and the
/// declaration stays where it is; a calculation that cannot be made (a quantity the tariff
/// charges on and the item does not declare) is stored with its problem, for the officer and the
/// trader to see, and the declaration waits: an officer holds it and amends it (or a later step
/// assesses again).
enum ClearanceAutomation {
    static let portunus = Milestone.Actor(kind: .system, id: "portunus")

    /// The steps that follow `state` for `declaration`, each with its milestone; the state after
    /// them is what they lead to. Stores the duty assessment and any guarantee debit it makes.
    static func followUps(
        after state: ClearanceState, declaration: Declaration, seq: Int64, in transaction: StoreTransaction, now: Date,
        received: Date? = nil
    ) throws -> [(ClearanceStep, Milestone)] {
        var state = state
        var steps: [(ClearanceStep, Milestone)] = []
        func take(_ step: ClearanceStep, _ attributes: [String: String] = [:]) throws {
            do { state = try state.applying(step) } catch { throw error.error }
            steps.append((step, Milestone(code: step.code, at: now, office: declaration.office, actor: portunus, attributes: attributes)))
        }
        if state.stage != .held, state.stage != .dutyAssessed, state.pendingSamples == 0, state.allows(.dutyAssessed),
            let calculator = try transaction.dutyCalculator()
        {
            // The duties are on the facts as they stand: the latest version's goods items, under the
            // tariff of the day Portunus received the declaration (not the `lodged_at` it states).
            var charged = declaration
            if state.version > 1, let items = try transaction.versionItems(seq: seq, version: state.version) { charged.items = items }
            let day = CalendarDay(try received ?? transaction.receivedAt(seq: seq) ?? declaration.lodgedAt)
            let result = Result { () throws(PortunusError) -> DutyCalculation in
                try calculator.calculate(try dutyItems(charged, in: transaction), on: day)
            }
            try transaction.saveDutyAssessment(seq: seq, version: state.version, at: now, result)
            if case .success(let calculation) = result {
                let total = calculation.total
                let attributes = ["total": total.amount.description, "currency": total.currency.code]
                // What earlier versions' payments and guarantees already settle counts.
                let (paid, secured) = try transaction.settled(seq: seq)
                if total.amount.isZero {
                    try take(.dutyAssessedNothingDue, attributes)
                } else {
                    try take(.dutyAssessed, attributes)
                    let due = total.amount.scaledValue
                    if paid.scaledValue >= due {
                        try take(.paid, ["reference": "paid before"])
                        try transaction.freeGuarantees(seq: seq, version: state.version, upTo: nil, at: now)
                    } else if paid.scaledValue + secured.scaledValue >= due {
                        try take(.secured, ["guarantee": "held before"])
                    } else if let guarantee = try transaction.secureFromGuarantee(
                        seq: seq, version: state.version, holders: try guaranteeHolders(declaration, seq: seq, in: transaction),
                        amount: Money(FixedDecimal(scaledValue: due - paid.scaledValue - secured.scaledValue), total.currency), day: CalendarDay(now),
                        at: now, reference: "\(declaration.id.rawValue)/\(state.version)")
                    {
                        try take(.secured, ["guarantee": guarantee])
                    }
                }
            }
        }
        if releasable(state) || (state.stage == .riskAssessed && state.lane == .blue && state.agencyHolds.isEmpty) { try take(.released) }
        return steps
    }

    /// Whose guarantee may secure a declaration's duties: the trader's that lodged it (a broker
    /// lodging for an importer uses its own guarantee, never the importer's account unasked);
    /// the importer's when customs lodged it.
    static func guaranteeHolders(_ declaration: Declaration, seq: Int64, in transaction: StoreTransaction) throws -> [String] {
        if let party = try transaction.lodgingParty(seq: seq) { return [party] }
        return [declaration.parties.importer]
    }

    /// Takes Portunus's own steps after `outcome` in the same transaction (none after a replay),
    /// and returns the outcome they lead to.
    static func follow(_ outcome: ClearanceOutcome, declaration: Declaration, in transaction: StoreTransaction, now: Date = Date()) throws
        -> ClearanceOutcome
    {
        guard !outcome.replayed, let seq = try transaction.declarationSeq(declaration.id.rawValue) else { return outcome }
        let steps = try followUps(after: outcome.state, declaration: declaration, seq: seq, in: transaction, now: now)
        guard !steps.isEmpty else { return outcome }
        let id = declaration.id.rawValue
        return try transaction.applyClearance(steps.map { (id, $0.0, $0.1) }, starting: false).last ?? outcome
    }

    /// Nothing stands between the goods and their release: duties settled after the assessment,
    /// no agency's hold, no sample awaiting its result.
    static func releasable(_ state: ClearanceState) -> Bool {
        let settledStage = state.stage == .paid || state.stage == .secured || (state.stage == .dutyAssessed && state.dutiesSettled)
        return settledStage && state.agencyHolds.isEmpty && state.pendingSamples == 0
    }

    /// The declaration's goods items as the calculation reads them, with each preference's proof checked.
    static func dutyItems(_ declaration: Declaration, in transaction: StoreTransaction) throws(PortunusError) -> [DutyItem] {
        var items: [DutyItem] = []
        items.reserveCapacity(declaration.items.count)
        for item in declaration.items {
            var problem: String? = nil
            if let preference = item.preference, let proof = preference.proof {
                problem = try proofProblem(proof, item: item, preference, in: transaction)
            }
            items.append(DutyItem(item, proofProblem: problem))
        }
        return items
    }

    /// Why a proof of origin cannot be relied on, or nil when it can. A certificate of origin in
    /// the ledger's register must be in force, for the item's origin, cover its HS subheading,
    /// and (when it names one) the preference claimed. A reference that is not in the register is a
    /// proof the trader holds (a statement on origin, a paper certificate): taken as declared, and
    /// checked by the documentary control like any other document.
    static func proofProblem(_ proof: String, item: GoodsItem, _ preference: GoodsItem.Preference, in transaction: StoreTransaction)
        throws(PortunusError) -> String?
    {
        let certificate: StoredCertificate?
        do { certificate = try transaction.certificate(id: proof) } catch let error as PortunusError { throw error } catch {
            throw PortunusError(.storage, "the certificate register cannot be read")
        }
        guard let certificate else { return nil }
        guard certificate.kind == .origin else { return "\(proof) is not a certificate of origin" }
        guard certificate.status.inForce else { return "the certificate of origin \(proof) is \(certificate.status)" }
        guard case .object(let document) = try JSONValue.parse(Data(certificate.document.utf8)) else {
            return "the certificate of origin \(proof) cannot be read"
        }
        guard case .string(item.countryOfOrigin.code)? = document["origin_country"] else {
            return "the certificate of origin \(proof) is for another country of origin"
        }
        if case .string(let named)? = document["preference"], named != preference.agreement {
            return "the certificate of origin \(proof) is for the preference \(named)"
        }
        let subheading = String(item.hsCode.digits.prefix(6))
        var covered = false
        if case .array(let goods)? = document["goods"] {
            for line in goods {
                if case .object(let fields) = line, case .string(let code)? = fields["hs_code"],
                    code.hasPrefix(subheading) || subheading.hasPrefix(code)
                {
                    covered = true
                }
            }
        }
        return covered ? nil : "the certificate of origin \(proof) does not cover subheading \(subheading)"
    }
}
