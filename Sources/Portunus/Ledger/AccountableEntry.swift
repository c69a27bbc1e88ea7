import Crypto
import Foundation
import Ledger
import PortunusCore
import RiskEngine
import Rules
import Storage

/// The ledger entries Portunus writes for acts that must be accountable, as RFC 8785
/// canonical JSON. Every entry has the same envelope:
///
/// ```json
/// {"at":"2026-11-30T09:12:03Z","seq":17,"type":"portunus.risk.decision","v":1, …}
/// ```
///
/// `type` and `v` (the schema version of that type) say how to read the rest; `seq` is the
/// entry's place in the outbox (so a restarted writer knows what it already appended); `at`
/// is when the act happened. Personal data never goes in: identifiers of declarations,
/// certificates, samples and API keys do, and where a person is concerned only a salted
/// commitment, `SHA-256(salt ‖ value)` in hex, whose salt stays in the database.
public enum AccountableEntry {
    public enum Kind {
        public static let decision = "portunus.risk.decision"
        public static let reroute = "portunus.risk.reroute"
        public static let outcome = "portunus.risk.outcome"
        public static let unmask = "portunus.access.unmask"
        public static let custody = "portunus.lab.custody"
        public static let aeo = "portunus.certificate.aeo"
        public static let origin = "portunus.certificate.origin"
        public static let vetting = "portunus.travel.vetting"
        public static let trackingAlert = "portunus.tracking.alert"
        public static let all: Set<String> = [decision, reroute, outcome, unmask, custody, aeo, origin, vetting, trackingAlert]
    }

    /// The schema version of every type above.
    public static let version = 1

    /// An outbox entry of `type` with these fields inside the common envelope.
    public static func make(
        type: String, at: String, subject: String?, secrets: String? = nil,
        fields: [String: CanonicalJSON]
    ) -> LedgerOutboxEntry {
        LedgerOutboxEntry(type: type, subject: subject, secrets: secrets) { seq in
            var members = fields
            members["type"] = .string(type)
            if members["v"] == nil { members["v"] = .integer(version) }
            members["seq"] = .integer(seq)
            members["at"] = .string(at)
            return CanonicalJSON.object(members).data
        }
    }

    static func sha256(_ data: Data) -> String { Hex.encode(SHA256.hash(data: data)) }

    /// Fields of an entry that the public log carries only as salted commitments, with the
    /// salts and values that stay in the outbox's `secrets` column for an auditor or a
    /// partner to whom they are disclosed. A lane, a score, a watch-list hit or a position
    /// tells an outsider what customs is about to do or where a person is; the commitment
    /// proves later that the value shown is the one recorded then, and hides it until then.
    public struct Sealed: Sendable {
        public var fields: [String: CanonicalJSON] = [:]
        public var secrets: [String: CanonicalJSON] = [:]

        public init() {}

        /// Commits to `value` under `name`; the salt and the value are kept.
        public mutating func commit(_ name: String, to value: CanonicalJSON) {
            let (commitment, salt) = AccountableEntry.commitment(to: AccountableEntry.committedText(value))
            fields[name] = .string(commitment)
            secrets[name] = .object(["salt": .string(salt), "value": value])
        }

        /// The secrets column's text, or nil when nothing was committed.
        public var secretsText: String? { secrets.isEmpty ? nil : CanonicalJSON.object(secrets).text }
    }

    /// What a commitment hashes after its salt: a text as its UTF-8 (as the unmasking
    /// entries always have), any other value as its RFC 8785 canonical JSON.
    public static func committedText(_ value: CanonicalJSON) -> String { value.stringValue ?? value.text }

    /// A salted commitment to a value, and the salt (base64) to keep.
    public static func commitment(to value: String) -> (commitment: String, salt: String) {
        var generator = SystemRandomNumberGenerator()
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return (sha256(salt + Data(value.utf8)), salt.base64EncodedString())
    }

    /// Whether a value opens a commitment with its salt.
    public static func opens(_ commitment: String, value: String, salt: String) -> Bool {
        guard let salt = Data(base64Encoded: salt) else { return false }
        return sha256(salt + Data(value.utf8)) == commitment
    }

    // MARK: Risk decisions

    /// The full assessment as stored, as one canonical document: what
    /// `assessment_commitment` in a decision entry commits to, and what the API returns as
    /// `record` (with the salt) to those who may read assessments.
    public static func assessmentRecord(_ decision: RiskDecision, columns: EncodedDecisions.JSONColumns? = nil) -> CanonicalJSON {
        func canonical(_ value: some Encodable) -> CanonicalJSON {
            guard let data = try? DecisionStore.columnJSON(value), let parsed = try? JSONValue.parse(data) else { return .null }
            return parsed.canonical
        }
        // The columns' text is what `canonical` would encode: parsing it is the cheaper half.
        func canonical(text: String) -> CanonicalJSON {
            guard let parsed = try? JSONValue.parse(Data(text.utf8)) else { return .null }
            return parsed.canonical
        }
        let assessment = decision.assessment
        return .object([
            "declaration": .string(assessment.id), "assessed_at": .string(ISO8601.format(decision.assessedAt)),
            "office": .string(assessment.office), "day": .string(assessment.day),
            "model": assessment.modelID.map { .integer($0) } ?? .null, "rule_set": assessment.ruleSetVersion.map { .integer($0) } ?? .null,
            "score": .number(assessment.score), "risk_score": .number(assessment.riskScore), "lane": .string(assessment.lane.rawValue),
            "selection": .string(assessment.selection.rawValue), "forced_by": assessment.forcedBy.map { .string($0) } ?? .null,
            "seed": .string(String(assessment.seed)), "aeo": .bool(assessment.aeo),
            "rule_hits": columns.map { canonical(text: $0.ruleHits) } ?? canonical(assessment.ruleHits),
            "explanation": columns.map { $0.explanation.map { canonical(text: $0) } ?? .null } ?? assessment.explanation.map(canonical) ?? .null,
            "policy": columns.map { canonical(text: $0.basis) } ?? canonical(decision.basis),
        ])
    }

    /// The unsalted hash of the assessment record (for comparing two records; the ledger
    /// carries the salted commitment, which a short record could otherwise be guessed from).
    public static func assessmentSHA256(_ decision: RiskDecision) -> String { sha256(assessmentRecord(decision).data) }

    /// A decision (schema v2): which declaration, under which model and rule set, and a salted
    /// commitment to the whole assessment (lane, selection, score, rules, explanation). The
    /// lane is what customs is about to do, so it stays out of the public log until disclosed:
    /// the salt is in the outbox's secrets, and `GET …/assessment` gives it with the record.
    public static func decision(_ decision: RiskDecision, columns: EncodedDecisions.JSONColumns? = nil) -> LedgerOutboxEntry {
        let (commitment, salt) = self.commitment(to: assessmentRecord(decision, columns: columns).text)
        let secrets: CanonicalJSON = ["assessment_commitment": ["salt": .string(salt)]]
        let assessment = decision.assessment
        return make(
            type: Kind.decision, at: ISO8601.format(decision.assessedAt), subject: assessment.id, secrets: secrets.text,
            fields: [
                "v": 2, "declaration": .string(assessment.id), "model": assessment.modelID.map { .integer($0) } ?? .null,
                "rule_set": assessment.ruleSetVersion.map { .integer($0) } ?? .null, "assessment_commitment": .string(commitment),
            ])
    }

    /// The salt of a decision entry's `assessment_commitment`, from the outbox's secrets.
    public static func assessmentSalt(secrets: String?) -> String? {
        guard let secrets, let value = try? JSONValue.parse(Data(secrets.utf8)) else { return nil }
        return value.canonical["assessment_commitment"]?["salt"]?.stringValue
    }

    /// An officer's re-route (schema v2): which declaration, by whom, and a commitment to the
    /// new lane and the reason (free text that may name people; the lane says what customs
    /// will do).
    public static func reroute(declarationID: String, to lane: String, reason: String, by keyID: String) -> LedgerOutboxEntry {
        var sealed = Sealed()
        sealed.commit("reroute_commitment", to: ["to": .string(lane), "reason": .string(reason)])
        var fields = sealed.fields
        fields["v"] = 2
        fields["declaration"] = .string(declarationID)
        fields["by"] = .string(keyID)
        return make(type: Kind.reroute, at: ISO8601.format(Date()), subject: declarationID, secrets: sealed.secretsText, fields: fields)
    }

    /// A cargo-tracking alert (schema v2): what happened, when, to which device, movement,
    /// declaration and zone; the position, the control room's text (which for drones named
    /// the operator's position) and the lane raised go in as one commitment, since they say
    /// where a driver or a pilot is and what customs will do.
    public static func trackingAlert(_ alert: StoredAlert) -> LedgerOutboxEntry {
        var committed: [String: CanonicalJSON] = ["detail": .string(alert.detail)]
        if let latitude = alert.latitude, let longitude = alert.longitude {
            committed["position"] = .array([.number(longitude.isFinite ? longitude : 0), .number(latitude.isFinite ? latitude : 0)])
        }
        if let lane = alert.raisedLane { committed["raised_lane"] = .string(lane.rawValue) }
        var sealed = Sealed()
        sealed.commit("detail_commitment", to: .object(committed))
        var fields = sealed.fields
        fields["v"] = 2
        fields["alert"] = .integer(alert.id)
        fields["kind"] = .string(alert.kind.rawValue)
        fields["event_at"] = .string(ISO8601.format(alert.at))
        fields["device"] = .string(alert.device)
        if let movement = alert.movement { fields["movement"] = .string(movement) }
        if let declaration = alert.declarationID { fields["declaration"] = .string(declaration) }
        if let zone = alert.zone { fields["zone"] = .string(zone) }
        return make(
            type: Kind.trackingAlert, at: ISO8601.format(alert.createdAt), subject: alert.movement ?? alert.device, secrets: sealed.secretsText,
            fields: fields)
    }

    /// An inspection's outcome (schema v2): which declaration and by whom, and a salted commitment
    /// to the result, the fraud flags and the revenue recovered — what an inspection found about a
    /// trader is not for every reader of the public log; the salt is in the outbox's secrets.
    public static func outcome(declarationID: String, _ outcome: InspectionOutcome, by keyID: String) -> LedgerOutboxEntry {
        var committed: [String: CanonicalJSON] = [
            "result": .string(outcome.result.rawValue), "fraud": .bool(outcome.fraud), "critical": .bool(outcome.critical),
        ]
        if let revenue = outcome.revenueRecovered {
            committed["revenue"] = .object(["amount": .string(revenue.amount.description), "currency": .string(revenue.currency.code)])
        }
        var sealed = Sealed()
        sealed.commit("outcome_commitment", to: .object(committed))
        var fields = sealed.fields
        fields["v"] = 2
        fields["declaration"] = .string(declarationID)
        fields["by"] = .string(keyID)
        return make(type: Kind.outcome, at: ISO8601.format(Date()), subject: declarationID, secrets: sealed.secretsText, fields: fields)
    }

    /// Personal data shown unmasked: who, what kind of act, how many records, and a commitment
    /// to which records (the commitment's salt stays in the database for an auditor).
    public static func unmask(by keyID: String, action: String, records: Int, subject: String, justification: String? = nil) -> LedgerOutboxEntry {
        let (commitment, salt) = self.commitment(to: subject)
        var fields: [String: CanonicalJSON] = [
            "by": .string(keyID), "action": .string(action), "records": .integer(records), "subject_commitment": .string(commitment),
        ]
        var secrets: [String: CanonicalJSON] = ["subject_commitment": .object(["salt": .string(salt), "value": .string(subject)])]
        if let justification {
            let (justified, justificationSalt) = self.commitment(to: justification)
            fields["justification_commitment"] = .string(justified)
            secrets["justification_commitment"] = .object(["salt": .string(justificationSalt), "value": .string(justification)])
        }
        return make(type: Kind.unmask, at: ISO8601.format(Date()), subject: nil, secrets: CanonicalJSON.object(secrets).text, fields: fields)
    }
}

extension JSONValue {
    /// The value as canonical JSON for reading what is already stored or received for
    /// verification: a number no double holds becomes NaN, which canonicalises to `null`, so
    /// a hash over it fails to match instead of trapping.
    var canonical: CanonicalJSON {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let text): .number(Double(text) ?? .nan)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(\.canonical))
        case .object(let members): .object(members.mapValues(\.canonical))
        }
    }

    /// The value as canonical JSON for what enters the ledger (numbers become doubles, as RFC 8785 reads them). A number
    /// no double holds (`1e400`) is refused at its JSON pointer: RFC 8785 has no infinity, and
    /// the entry's hash must be re-derivable by every reader.
    func canonical(at pointer: String) throws(PortunusError) -> CanonicalJSON {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let text):
            guard let value = Double(text), value.isFinite else {
                throw PortunusError(.invalidNumber, "a number beyond the range of a double (RFC 8785 §3.2.2.3)", field: pointer)
            }
            return .number(value)
        case .string(let value): return .string(value)
        case .array(let values):
            var result: [CanonicalJSON] = []
            for (index, value) in values.enumerated() { result.append(try value.canonical(at: pointer + "/\(index)")) }
            return .array(result)
        case .object(let members):
            var result: [String: CanonicalJSON] = [:]
            for (key, value) in members {
                result[key] = try value.canonical(at: pointer + "/" + JSONValue.pointerToken(key))
            }
            return .object(result)
        }
    }
}

extension CanonicalJSON: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), Swift.abs(value) < 9.007_199_254_740_992e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}

extension CanonicalJSON {
    /// Parses JSON text strictly (duplicate member names and bad syntax are `json.invalid`
    /// with line and byte offset) into its canonical value.
    public static func parse(_ data: Data) throws(PortunusError) -> CanonicalJSON {
        try JSONValue.parse(data).canonical
    }
}
