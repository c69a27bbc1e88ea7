import Clearance
import Foundation
import Logging
import PortunusCore
import RiskEngine
import Storage

/// The declaration use cases behind the API: lodge one or many, list with filters, read one
/// — each for a ``Principal``, with the access rules of ``AccessPolicy`` applied here, so
/// that every front door enforces the same ones.
public struct DeclarationService: Sendable {
    let store: PortunusStore
    let pseudonyms: Pseudonyms
    let logger: Logger
    let tariff: TariffService
    /// What time it is: the time of receipt and of the steps Portunus takes after it (a demo
    /// replays a day with a clock of its own).
    public var clock: @Sendable () -> Date = { Date() }

    public init(store: PortunusStore, logger: Logger = Logger(label: "portunus.declarations")) throws(PortunusError) {
        self.store = store
        self.pseudonyms = try Pseudonyms(store: store)
        self.logger = logger
        tariff = TariffService(store: store)
    }

    /// What happened to one submitted record.
    public struct RecordResult: Sendable {
        public enum Status: String, Sendable, Codable {
            /// Stored now.
            case accepted
            /// The same declaration was already stored: nothing changed (safe to retry).
            case alreadyPresent = "already_present"
            case rejected
        }
        /// Position of the record in the request, from 1 (the NDJSON line).
        public var record: Int
        public var id: String?
        public var status: Status
        public var problems: [PortunusError]
        public var warnings: [PortunusError]
        /// A trader's own reference (the `id` it sent), when Portunus assigned `id`.
        public var reference: String? = nil
        /// The declaration as stored (with its assigned id), when accepted or already present.
        public var declaration: Declaration? = nil
        /// Its assessment, stored with it, when it was accepted now and an assessor was given.
        public var assessment: Assessment? = nil
    }

    /// Lodges decoded documents in one transaction. Bad documents are rejected with their
    /// problems; good ones are stored together, or not at all if storage fails.
    ///
    /// With an `assessor`, the good ones are assessed first (score, rules, lane, explanation:
    /// nothing stored yet), then each declaration that is new is stored with its decision and
    /// its ledger outbox entry in that one transaction. If the assessment fails nothing is
    /// stored, and the caller's retry lodges and assesses afresh; a declaration is never stored
    /// without its assessment.
    public func lodge(
        _ documents: [Result<(Declaration, [PortunusError]), DeclarationJSON.DecodeFailure>], assessor: (any LodgementAssessor)? = nil,
        explain: OnlineRiskAssessor.Explain = .inspected, by principal: Principal
    ) throws(PortunusError) -> [RecordResult] {
        try AccessPolicy.require(.lodgeDeclarations, principal)
        // The time of receipt, before the assessment: LODGED never comes after RISK_ASSESSED.
        let received = clock()
        var results: [RecordResult] = []
        var batch: [StoredDeclaration] = []
        var batchIndex: [Int] = []
        var seen = Set<String>()
        for (index, document) in documents.enumerated() {
            switch document {
            case .failure(let failure):
                results.append(RecordResult(record: index + 1, id: failure.id, status: .rejected, problems: failure.problems, warnings: []))
            case .success(let (declaration, warnings)):
                if principal.role == .trader, let party = principal.party,
                    declaration.parties.importer != party && declaration.parties.declarant != party
                {
                    let problem = PortunusError(
                        .forbidden, "a trader key lodges only declarations where its party is the importer or the declarant",
                        field: "/parties/importer")
                    results.append(RecordResult(record: index + 1, id: declaration.id.rawValue, status: .rejected, problems: [problem], warnings: []))
                    continue
                }
                if !seen.insert(declaration.id.rawValue).inserted {
                    let problem = PortunusError(.conflictingID, "this id appears twice in the request", field: "/id")
                    results.append(RecordResult(record: index + 1, id: declaration.id.rawValue, status: .rejected, problems: [problem], warnings: []))
                    continue
                }
                // The HS codes against the edition in force at the lodgement date: warnings only.
                let all = warnings + (try tariff.warnings(for: declaration))
                // A trader's id is its own reference, unique per party; the declaration id is
                // Portunus's. So a clash says only that the trader reused its own reference,
                // never that another party's declaration has that id.
                var stored = declaration
                var reference: StoredDeclaration.Reference? = nil
                if principal.role == .trader, let party = principal.party {
                    reference = .init(party: party, reference: declaration.id.rawValue)
                    stored.id =
                        try store.declarations.declarationID(referenceParty: party, reference: declaration.id.rawValue).map(
                            DeclarationID.init(unchecked:))
                        ?? Self.assignedID()
                }
                results.append(
                    RecordResult(
                        record: index + 1, id: stored.id.rawValue, status: .accepted, problems: [], warnings: all,
                        reference: reference?.reference, declaration: stored))
                batchIndex.append(results.count - 1)
                batch.append(StoredDeclaration(declaration: stored, warnings: all, reference: reference))
            }
        }
        guard !batch.isEmpty else { return results }
        let prepared: [RiskDecision]
        do {
            // Declarations stored already (a retried batch) are not assessed again: they will be
            // already_present (or a conflict). One lodged meanwhile by another request is caught
            // by the transaction, and its prepared decision discarded.
            var fresh = batch.map(\.declaration)
            if assessor != nil {
                let stored = try store.declarations.storedDeclarationIDs(fresh.map(\.id.rawValue))
                if !stored.isEmpty { fresh.removeAll { stored.contains($0.id.rawValue) } }
            }
            prepared = try assessor?.prepare(fresh, explain: explain) ?? []
        } catch let error as PortunusError {
            throw error
        } catch {
            throw PortunusError(.internalError, "the assessment failed; nothing was stored")
        }
        // The time of the assessment on the service's clock (the decision's own is the system clock's).
        let assessed = clock()
        let decisionsByID = Dictionary(prepared.map { ($0.declarationID, $0) }, uniquingKeysWith: { first, _ in first })
        // The ledger entries (canonical records, salted commitments) are made before the
        // transaction: the database's one writer is held only for the inserts.
        let encoded = try EncodedDecisions(prepared)
        let columns = encoded.jsonColumns
        let entriesByID = Dictionary(
            prepared.map { ($0.declarationID, AccountableEntry.decision($0, columns: columns[$0.declarationID])) },
            uniquingKeysWith: { first, _ in first })
        let outcomes: [StoredDeclaration.Outcome]
        var stored: [RiskDecision] = []
        do throws(PortunusError) {
            outcomes = try store.transaction { transaction in
                let outcomes = try transaction.insertDeclarations(batch)
                stored = zip(batch, outcomes).compactMap { entry, outcome in
                    outcome == .inserted ? decisionsByID[entry.declaration.id.rawValue] : nil
                }
                try transaction.saveDecisions(
                    encoded.only(Set(stored.map(\.declarationID))), ledger: stored.compactMap { entriesByID[$0.declarationID] })
                let inserted = zip(batch, outcomes).filter { $0.1 == .inserted }.map(\.0.declaration)
                let first = Self.firstSteps(of: inserted, decisions: decisionsByID, received: received, assessed: assessed, by: principal)
                _ = try transaction.applyClearance(
                    try Self.withFollowUps(first, declarations: inserted, in: transaction, now: clock(), received: received))
                return outcomes
            }
        } catch {
            assessor?.discard(prepared)
            throw error
        }
        if stored.count < prepared.count {
            let kept = Set(stored.map(\.declarationID))
            assessor?.discard(prepared.filter { !kept.contains($0.declarationID) })
        }
        for (position, outcome) in zip(batchIndex, outcomes) {
            switch outcome {
            case .inserted:
                results[position].assessment = results[position].id.flatMap { decisionsByID[$0]?.assessment }
            case .alreadyPresent:
                results[position].status = .alreadyPresent
                results[position].warnings = []
            case .conflict:
                results[position].status = .rejected
                results[position].warnings = []
                results[position].declaration = nil
                results[position].problems = [
                    PortunusError(
                        .conflictingID,
                        results[position].reference == nil
                            ? "a different declaration with this id is already stored"
                            : "you lodged a different declaration under this reference before", field: "/id")
                ]
                if results[position].reference != nil { results[position].id = nil }
            }
        }
        return results
    }

    /// The first milestones of declarations lodged now, recorded in the lodgement's transaction:
    /// `LODGED` by the caller, `ACCEPTED` by Portunus (the checks passed), and `RISK_ASSESSED` with
    /// the lane when an assessor decided one.
    static func firstSteps(
        of declarations: [Declaration], decisions: [String: RiskDecision], received now: Date, assessed: Date, by principal: Principal
    ) -> [(declarationID: String, step: ClearanceStep, milestone: Milestone)] {
        let caller = Milestone.Actor(kind: principal.role == .trader ? .trader : .officer, id: principal.keyID)
        let portunus = Milestone.Actor(kind: .system, id: "portunus")
        var steps: [(declarationID: String, step: ClearanceStep, milestone: Milestone)] = []
        steps.reserveCapacity(declarations.count * 3)
        for declaration in declarations {
            let id = declaration.id.rawValue
            steps.append((id, .lodged, Milestone(code: .lodged, at: now, office: declaration.office, actor: caller)))
            steps.append((id, .accepted, Milestone(code: .accepted, at: now, office: declaration.office, actor: portunus)))
            if let decision = decisions[id] {
                let lane = decision.laneInForce
                steps.append(
                    (
                        id, .riskAssessed(lane),
                        Milestone(
                            code: .riskAssessed, at: max(now, assessed), office: declaration.office, actor: portunus,
                            attributes: ["lane": lane.rawValue])
                    ))
            }
        }
        return steps
    }

    /// The first steps with, after each declaration's, the steps Portunus takes itself (duties,
    /// a guarantee's security and the release for the green lane, the release for blue), all to be
    /// applied in the lodgement's transaction.
    static func withFollowUps(
        _ steps: [(declarationID: String, step: ClearanceStep, milestone: Milestone)], declarations: [Declaration], in transaction: StoreTransaction,
        now: Date, received: Date
    ) throws -> [(declarationID: String, step: ClearanceStep, milestone: Milestone)] {
        var result: [(declarationID: String, step: ClearanceStep, milestone: Milestone)] = []
        result.reserveCapacity(steps.count * 2)
        var index = steps.startIndex
        var byID: [String: Declaration] = [:]
        for declaration in declarations { byID[declaration.id.rawValue] = declaration }
        while index < steps.endIndex {
            let id = steps[index].declarationID
            var state = ClearanceState.initial
            while index < steps.endIndex, steps[index].declarationID == id {
                do { state = try state.applying(steps[index].step) } catch { throw error.error }
                result.append(steps[index])
                index += 1
            }
            guard let declaration = byID[id], let seq = try transaction.declarationSeq(id) else { continue }
            for (step, milestone) in try ClearanceAutomation.followUps(
                after: state, declaration: declaration, seq: seq, in: transaction, now: now, received: received)
            {
                result.append((id, step, milestone))
            }
        }
        return result
    }

    /// A declaration id Portunus assigns to what a trader lodges: `P` and 15 random
    /// characters of the RFC 4648 base32 alphabet (75 bits), so ids say nothing of order,
    /// volume or party.
    static func assignedID() -> DeclarationID {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return DeclarationID(unchecked: "P" + String((0..<15).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] }))
    }

    /// A page of declarations.
    public struct Page: Sendable {
        public var declarations: [Declaration]
        /// Opaque cursor for the next page; nil on the last one.
        public var next: String?
    }

    public struct Filter: Sendable, Hashable {
        public var office: String?
        public var importer: String?
        public var hsPrefix: String?
        public var lodgedFrom: Date?
        public var lodgedBefore: Date?
        public var cursor: String?
        /// A clearance state's name (`released`, `exam_assigned`, …).
        public var state: String?
        public var limit: Int

        public init(
            office: String? = nil, importer: String? = nil, hsPrefix: String? = nil, lodgedFrom: Date? = nil,
            lodgedBefore: Date? = nil, cursor: String? = nil, state: String? = nil, limit: Int = 100
        ) {
            self.state = state
            self.office = office
            self.importer = importer
            self.hsPrefix = hsPrefix
            self.lodgedFrom = lodgedFrom
            self.lodgedBefore = lodgedBefore
            self.cursor = cursor
            self.limit = limit
        }
    }

    public static let maximumPageSize = 500

    public func list(_ filter: Filter, by principal: Principal) throws(PortunusError) -> Page {
        try AccessPolicy.require(.listDeclarations, principal)
        guard (1...DeclarationService.maximumPageSize).contains(filter.limit) else {
            throw PortunusError(.invalidArgument, "limit must be from 1 to \(DeclarationService.maximumPageSize)", field: "limit")
        }
        if let prefix = filter.hsPrefix, prefix.isEmpty || prefix.utf8.count > 10 || !prefix.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw PortunusError(.invalidHSCode, "hs must be 1 to 10 digits", field: "hs")
        }
        if filter.importer != nil && principal.role != .trader && !principal.has(.unmask) {
            throw PortunusError(.forbidden, "filtering by importer needs the unmask grant", field: "importer")
        }
        var after: Int64? = nil
        if let cursor = filter.cursor {
            guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
                text.hasPrefix("seq:"), let value = Int64(text.dropFirst(4))
            else {
                throw PortunusError(.invalidArgument, "cursor is not one this server issued", field: "cursor")
            }
            after = value
        }
        var stage: ClearanceState.Stage? = nil
        if let state = filter.state {
            guard let known = ClearanceState.Stage(rawValue: state) else {
                let names = ClearanceState.Stage.allCases.map(\.rawValue).joined(separator: ", ")
                throw PortunusError(.invalidArgument, "state is one of \(names)", field: "state")
            }
            stage = known
        }
        var query = DeclarationStore.DeclarationQuery(
            office: filter.office, importer: filter.importer, hsPrefix: filter.hsPrefix, lodgedFrom: filter.lodgedFrom,
            lodgedBefore: filter.lodgedBefore, after: after, limit: filter.limit)
        if principal.role == .trader { query.party = principal.party ?? "\u{0}" }
        query.stage = stage
        let (declarations, next) = try store.declarations.declarations(matching: query)
        return Page(
            declarations: try present(declarations, to: principal),
            next: next.map { Data("seq:\($0)".utf8).base64EncodedString() })
    }

    /// One declaration. A trader asking for a declaration that is not its own gets the same
    /// answer as for one that does not exist, so ids of others cannot be probed.
    public func read(_ id: String, by principal: Principal) throws(PortunusError) -> Declaration {
        try present([try visible(id, to: principal)], to: principal)[0]
    }

    /// The declaration as stored, when the principal may read it (else not found, as ``read(_:by:)``).
    func visible(_ id: String, to principal: Principal) throws(PortunusError) -> Declaration {
        try AccessPolicy.require(.readDeclaration, principal)
        let declarationID: DeclarationID
        do { declarationID = try DeclarationID(id) } catch {
            throw PortunusError(.notFound, "no such declaration", field: "id")
        }
        guard let declaration = try store.declarations.declaration(id: declarationID) else {
            throw PortunusError(.notFound, "no such declaration", field: "id")
        }
        if principal.role == .trader,
            declaration.parties.importer != principal.party && declaration.parties.declarant != principal.party
        {
            throw PortunusError(.notFound, "no such declaration", field: "id")
        }
        return declaration
    }

    /// Masks party identifiers unless the principal may see them; records each unmasked read.
    func present(_ declarations: [Declaration], to principal: Principal) throws(PortunusError) -> [Declaration] {
        guard principal.has(.unmask) else {
            return declarations.map { pseudonyms.mask($0, except: principal.role == .trader ? principal.party : nil) }
        }
        if !declarations.isEmpty {
            let ids = declarations.map(\.id.rawValue)
            let subject = ids.count == 1 ? ids[0] : "\(ids.count) declarations: \(ids.first!) … \(ids.last!)"
            try store.keys.recordAudit(
                keyID: principal.keyID, action: "declarations.unmasked", subject: subject,
                ledger: [
                    AccountableEntry.unmask(
                        by: principal.keyID, action: "declarations.unmasked", records: ids.count, subject: ids.joined(separator: "\n"))
                ])
        }
        return declarations
    }

}

/// What assesses declarations as they are lodged (``OnlineRiskAssessor`` in the server): it
/// prepares their decisions without storing anything, so that the lodgement stores each
/// declaration with its decision in one transaction.
public protocol LodgementAssessor: Sendable {
    /// The decisions for declarations about to be stored, in their order; nothing stored.
    func prepare(_ declarations: [Declaration], explain: OnlineRiskAssessor.Explain) throws -> [RiskDecision]
    /// Prepared decisions that were not stored after all.
    func discard(_ decisions: [RiskDecision])
}

extension OnlineRiskAssessor: LodgementAssessor {}
