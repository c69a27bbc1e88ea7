import Clearance
import Foundation
import PortunusCore
import RiskEngine
import Storage

/// The acts of clearance (issue #24): officers ask for documents and accept them, examine,
/// hold, seize and release; traders supply documents; other systems report arrival, gate-out
/// and other agencies' holds. Each act is one step of the declaration's state machine, taken in
/// one transaction with its milestone; a step the state does not allow is a 409 naming the state.
///
/// After each act Portunus takes its own steps in the same transaction (``ClearanceAutomation``):
/// duties once the controls are done, a guarantee's security, and the release when nothing
/// stands in its way. Examinations closed with their act, amendments and webhooks are in the
/// extensions beside this file.
public struct ClearanceService: Sendable {
    let store: PortunusStore
    let declarations: DeclarationService
    /// What time it is: an act's time (a demo replays a day with a clock of its own).
    public var clock: @Sendable () -> Date = { Date() }

    public init(store: PortunusStore) throws(PortunusError) {
        self.store = store
        self.declarations = try DeclarationService(store: store)
    }

    /// The attributes each code may carry (anything else is refused, so that no one writes an
    /// attribute others would read as Portunus's own).
    static let allowed: [MilestoneCode: Set<String>] = [
        .docsRequested: ["documents", "note"], .docsSupplied: ["documents", "note"], .docsAccepted: ["note"],
        .examAssigned: ["examiner", "note"], .examStarted: ["note"], .examDone: ["act", "note"], .amended: ["reason", "version"],
        .held: ["reason"], .seized: ["reason"],
        .released: ["note"], .rejected: ["reason"], .arrived: ["transport", "note"], .exited: ["gate", "note"], .ogaHold: ["agency", "reason"],
        .ogaReleased: ["agency", "note"],
    ]

    /// What an act must carry.
    static let required: [MilestoneCode: String] = [
        .docsRequested: "documents", .docsSupplied: "documents", .examAssigned: "examiner", .held: "reason", .seized: "reason",
        .rejected: "reason",
        .ogaHold: "agency", .ogaReleased: "agency",
    ]

    /// The operation each act needs; codes not listed are steps Portunus takes itself.
    static let acts: [MilestoneCode: Operation] = [
        .docsRequested: .checkDocumentsLodged, .docsAccepted: .checkDocumentsLodged, .docsSupplied: .supplyDocuments,
        .examAssigned: .examineGoods, .examStarted: .examineGoods, .examDone: .examineGoods, .held: .holdGoods, .seized: .holdGoods,
        .rejected: .checkDocumentsLodged,
        .released: .releaseGoods,
    ]

    /// Events other systems report, with the operation they need.
    static let events: Set<MilestoneCode> = [.arrived, .exited, .ogaHold, .ogaReleased]

    /// An officer's or a trader's act on a declaration; returns the state it left.
    public func act(
        _ code: MilestoneCode, on id: String, attributes: [String: String] = [:], office: String? = nil, by principal: Principal
    ) throws(PortunusError) -> ClearanceState {
        guard let operation = Self.acts[code] else {
            throw PortunusError(.invalidArgument, "\(code) is not an act of an officer or a trader", field: "/code")
        }
        try AccessPolicy.require(operation, principal)
        // An examination closed without an act found the goods as declared.
        if code == .examDone {
            let note = attributes["note"] ?? attributes["act"]
            return try closeExamination(id, act: InspectionAct(result: .asDeclared, note: note), by: principal)
        }
        // Visibility as for reading: a trader acts only on its own declarations.
        let declaration = try declarations.visible(id, to: principal)
        let step = try Self.step(code, attributes: attributes)
        let actor = Milestone.Actor(kind: principal.role == .trader ? .trader : .officer, id: principal.keyID)
        if let office { _ = try InputLimits.identifier(office, field: "/office") }
        let milestone = Milestone(
            code: code, at: clock(), office: office ?? declaration.office, actor: actor, attributes: try Self.checked(attributes, for: code))
        return try store.transaction { transaction in
            let outcome = try transaction.applyClearance(
                declarationID: declaration.id.rawValue, step: step, milestone: milestone, idempotencyKey: nil)
            return try ClearanceAutomation.follow(outcome, declaration: declaration, in: transaction, now: clock())
        }.state
    }

    /// An event another system reports (a port's arrival, a terminal's gate-out, an agency's hold
    /// or release). With an idempotency key, a replay changes nothing and answers the state as it is.
    public func report(
        _ code: MilestoneCode, on id: String, at: Date, source: String, actorKind: Milestone.Actor.Kind, attributes: [String: String] = [:],
        office: String? = nil, idempotencyKey: String?, limits: InputLimits = InputLimits(), by principal: Principal
    ) throws(PortunusError) -> ClearanceOutcome {
        try AccessPolicy.require(.reportClearanceEvents, principal)
        guard let idempotencyKey else {
            throw PortunusError(.missingField, "an event carries its idempotency key, so that a replay changes nothing", field: "/idempotency_key")
        }
        let at = try limits.time(at, now: clock(), field: "/at")
        if let office { _ = try InputLimits.identifier(office, field: "/office") }
        guard Self.events.contains(code) else {
            throw PortunusError(
                .invalidArgument, "\(code) is not an event other systems report (ARRIVED, EXITED, OGA_HOLD, OGA_RELEASED)", field: "/code")
        }
        guard actorKind == .port || actorKind == .agency else {
            throw PortunusError(.invalidArgument, "an event comes from a port or an agency", field: "/actor_kind")
        }
        _ = try InputLimits.identifier(source, field: "/source")
        _ = try InputLimits.identifier(idempotencyKey, field: "/idempotency_key")
        // A partner key speaks for one organisation: its events come from it, and an agency's
        // hold or release is that agency's own.
        if principal.role == .partner {
            guard let party = principal.party else {
                throw PortunusError(.forbidden, "a partner key reports events only when bound to the agency or port it speaks for")
            }
            guard source == party else { throw PortunusError(.forbidden, "this key speaks for \(party), not for this source", field: "/source") }
            if let agency = attributes["agency"], agency != party {
                throw PortunusError(.forbidden, "this key speaks for \(party), not for this agency", field: "/attributes/agency")
            }
        }
        // Other systems report on any declaration (they do not read declarations).
        guard let declarationID = try? DeclarationID(id), let declaration = try store.declarations.declaration(id: declarationID) else {
            throw PortunusError(.notFound, "no such declaration", field: "id")
        }
        let step = try Self.step(code, attributes: attributes)
        let milestone = Milestone(
            code: code, at: at, office: office ?? declaration.office, actor: .init(kind: actorKind, id: source), source: source,
            attributes: try Self.checked(attributes, for: code))
        return try store.transaction { transaction in
            let outcome = try transaction.applyClearance(
                declarationID: declaration.id.rawValue, step: step, milestone: milestone, idempotencyKey: idempotencyKey)
            return try ClearanceAutomation.follow(outcome, declaration: declaration, in: transaction, now: clock())
        }
    }

    /// The state machine's step for a code, with the agency it names.
    static func step(_ code: MilestoneCode, attributes: [String: String]) throws(PortunusError) -> ClearanceStep {
        switch code {
        case .docsRequested: .docsRequested
        case .docsSupplied: .docsSupplied
        case .docsAccepted: .docsAccepted
        case .examAssigned: .examAssigned
        case .examStarted: .examStarted
        case .examDone: .examDone
        case .held: .held
        case .seized: .seized
        case .released: .released
        case .rejected: .rejected
        case .arrived: .arrived
        case .exited: .exited
        case .ogaHold: .ogaHold(agency: attributes["agency"] ?? "")
        case .ogaReleased: .ogaReleased(agency: attributes["agency"] ?? "")
        default: throw PortunusError(.invalidArgument, "\(code) is a step Portunus takes itself", field: "/code")
        }
    }

    /// The attributes, bounded, with those the code needs present.
    static func checked(_ attributes: [String: String], for code: MilestoneCode) throws(PortunusError) -> [String: String] {
        guard attributes.count <= 16 else { throw PortunusError(.invalidArgument, "at most 16 attributes", field: "/attributes") }
        for (key, value) in attributes {
            guard allowed[code]?.contains(key) == true else {
                throw PortunusError(.unknownField, "\(code) carries no \(key)", field: "/attributes/\(key)")
            }
            guard value.utf8.count <= 2_000 else {
                throw PortunusError(.invalidArgument, "an attribute is at most 2,000 bytes", field: "/attributes/\(key)")
            }
        }
        if let name = required[code], (attributes[name] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw PortunusError(.missingField, "\(code) needs \(name)", field: "/attributes/\(name)")
        }
        if let agency = attributes["agency"] { _ = try InputLimits.identifier(agency, field: "/attributes/agency") }
        return attributes
    }
}
