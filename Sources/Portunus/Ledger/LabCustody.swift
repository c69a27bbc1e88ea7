import Clearance
import Foundation
import Ledger
import PortunusCore
import Storage

/// Chain of custody for customs-laboratory samples: taken, sealed, received, tested,
/// result — in that order, each by a key, each on the ledger, so that a court or a trader
/// contesting a result can check that the sample was never out of the record.
///
/// The ledger entry carries the sample and declaration ids, the event, the seal number and the
/// conclusion in clear (none of them personal data), and the SHA-256 of the event's full
/// details (free text such as findings may name people).
public struct LabCustodyService: Sendable {
    public static let conclusions: Set<String> = ["conform", "non_conform", "inconclusive"]

    public let store: PortunusStore

    public init(store: PortunusStore) { self.store = store }

    /// The fields each event takes (besides `event`), and which are required.
    static let fields: [String: (allowed: Set<String>, required: Set<String>)] = [
        "taken": (["id", "declaration", "description", "quantity", "place"], ["description"]),
        "sealed": (["seal"], ["seal"]),
        "received": (["laboratory", "seal_intact"], ["laboratory", "seal_intact"]),
        "tested": (["method", "notes"], ["method"]),
        "result": (["conclusion", "findings", "report"], ["conclusion"]),
    ]

    /// Reads an event's details: strings of at most 500 bytes, `seal_intact` a boolean.
    static func details(_ body: Data, event: String) throws(PortunusError) -> [String: CanonicalJSON] {
        var reader = StrictJSONReader()
        guard let spec = fields[event] else {
            throw PortunusError(.invalidArgument, "event is one of \(Self.eventNames)", field: "/event")
        }
        let root = try JSONValue.parse(body)
        guard let members = reader.object(root, at: "", allowed: spec.allowed.union(["event"])) else {
            throw reader.problems.first ?? PortunusError(.wrongType, "expected an object", field: "")
        }
        var details: [String: CanonicalJSON] = [:]
        for key in spec.allowed.sorted() {
            guard let value = members[key] else {
                if spec.required.contains(key) { reader.report(PortunusError(.missingField, "\(key) is required for \(event)", field: "/\(key)")) }
                continue
            }
            switch (key, value) {
            case ("seal_intact", .bool(let intact)): details[key] = .bool(intact)
            case (_, .string(let text)) where key != "seal_intact" && !text.isEmpty && text.utf8.count <= 500: details[key] = .string(text)
            default:
                reader.report(
                    PortunusError(
                        .wrongType, key == "seal_intact" ? "seal_intact is true or false" : "\(key) is a non-empty string of at most 500 bytes",
                        field: "/\(key)"))
            }
        }
        if event == "result", let conclusion = details["conclusion"]?.stringValue, !conclusions.contains(conclusion) {
            reader.report(PortunusError(.invalidArgument, "conclusion is conform, non_conform or inconclusive", field: "/conclusion"))
        }
        if let first = reader.problems.first { throw first }
        return details
    }

    static func entry(sample: String, declaration: String?, event: String, details: [String: CanonicalJSON], by keyID: String) -> LedgerOutboxEntry {
        var fields: [String: CanonicalJSON] = [
            "sample": .string(sample), "event": .string(event), "by": .string(keyID),
            "details_sha256": .string(AccountableEntry.sha256(CanonicalJSON.object(details).data)),
        ]
        if let declaration { fields["declaration"] = .string(declaration) }
        for key in ["seal", "seal_intact", "laboratory", "conclusion"] { if let value = details[key] { fields[key] = value } }
        return AccountableEntry.make(type: AccountableEntry.Kind.custody, at: ISO8601.format(Date()), subject: sample, fields: fields)
    }

    /// A sample taken (the first custody event).
    public func take(_ body: Data, by principal: Principal) throws(PortunusError) -> StoredSample {
        try AccessPolicy.require(.recordCustody, principal)
        var details = try Self.details(body, event: "taken")
        let id = details.removeValue(forKey: "id")?.stringValue ?? CertificateService.newID(prefix: "S-")
        guard CertificateService.validID(id) else { throw PortunusError(.invalidID, "an id is 1–64 of A–Z a–z 0–9 - _ . :", field: "/id") }
        let declaration = details["declaration"]?.stringValue
        if let declaration, try store.declarations.declaration(id: DeclarationID(unchecked: declaration)) == nil {
            throw PortunusError(.notFound, "no such declaration", field: "/declaration")
        }
        let loaded = try declaration.flatMap { id throws(PortunusError) in try store.declarations.declaration(id: DeclarationID(unchecked: id)) }
        try store.transaction { transaction in
            try transaction.createSample(
                id: id, declarationID: declaration, description: details["description"]?.stringValue ?? "", by: principal.keyID,
                details: CanonicalJSON.object(details).text,
                ledger: Self.entry(sample: id, declaration: declaration, event: "taken", details: details, by: principal.keyID))
            // A sample of goods under examination (or held) holds them until its result: SAMPLE_TAKEN.
            // One taken after release (a post-clearance audit) holds nothing.
            if let loaded, let (_, state) = try transaction.clearanceState(declarationID: loaded.id.rawValue),
                (try? state.applying(.sampleTaken)) != nil
            {
                _ = try transaction.applyClearance(
                    declarationID: loaded.id.rawValue, step: .sampleTaken,
                    milestone: Milestone(
                        code: .sampleTaken, at: Date(), office: loaded.office, actor: .init(kind: .officer, id: principal.keyID),
                        attributes: ["sample": id]), idempotencyKey: nil)
            }
        }
        guard let sample = try store.certificates.sample(id: id) else { throw PortunusError(.internalError, "the sample was not stored") }
        return sample
    }

    /// The events that may be recorded after a sample is taken, for messages.
    static let eventNames = CustodyState.Event.allCases.map(\.rawValue).joined(separator: ", ")

    /// The next custody event; the sample's own transition refuses one out of order (a
    /// conflict), in the store's transaction.
    public func record(sample id: String, _ body: Data, by principal: Principal) throws(PortunusError) -> StoredSample {
        try AccessPolicy.require(.recordCustody, principal)
        guard case .object(let members) = try JSONValue.parse(body), case .string(let name)? = members["event"] else {
            throw PortunusError(.missingField, "event is required", field: "/event")
        }
        guard let event = CustodyState.Event(rawValue: name) else {
            throw PortunusError(.invalidArgument, "event is one of \(Self.eventNames)", field: "/event")
        }
        let details = try Self.details(body, event: event.rawValue)
        guard let sample = try store.certificates.sample(id: id) else { throw PortunusError(.notFound, "no such sample", field: "id") }
        let declaration = try sample.declarationID.flatMap { id throws(PortunusError) in
            try store.declarations.declaration(id: DeclarationID(unchecked: id))
        }
        try store.transaction { transaction in
            let state = try transaction.recordSampleEvent(
                id: id, by: principal.keyID, details: CanonicalJSON.object(details).text,
                ledger: Self.entry(sample: id, declaration: sample.declarationID, event: event.rawValue, details: details, by: principal.keyID)
            ) { state throws(CustodyState.Refusal) in try state.applying(event) }
            // The result the clearance waited for: LAB_RESULT, then what follows (duties, release).
            // (Goods seized meanwhile wait for nothing: the custody chain still closes.)
            if state == .result, let declaration, try transaction.clearanceAwaits(sample: id, declarationID: declaration.id.rawValue),
                let (_, current) = try transaction.clearanceState(declarationID: declaration.id.rawValue), (try? current.applying(.labResult)) != nil
            {
                var attributes = ["sample": id]
                if let conclusion = details["conclusion"]?.stringValue { attributes["conclusion"] = conclusion }
                let outcome = try transaction.applyClearance(
                    declarationID: declaration.id.rawValue, step: .labResult,
                    milestone: Milestone(
                        code: .labResult, at: Date(), office: declaration.office, actor: .init(kind: .officer, id: principal.keyID),
                        attributes: attributes), idempotencyKey: nil)
                _ = try ClearanceAutomation.follow(outcome, declaration: declaration, in: transaction)
            }
        }
        guard let updated = try store.certificates.sample(id: id) else { throw PortunusError(.internalError, "the sample was not stored") }
        return updated
    }

    public func sample(_ id: String, by principal: Principal) throws(PortunusError) -> StoredSample {
        try AccessPolicy.require(.readSamples, principal)
        guard let sample = try store.certificates.sample(id: id) else { throw PortunusError(.notFound, "no such sample", field: "id") }
        return sample
    }
}
