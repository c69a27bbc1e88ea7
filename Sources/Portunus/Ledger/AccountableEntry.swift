import Crypto
import Foundation
import Ledger
import PortunusCore
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
    public static func make(type: String, at: String, subject: String?, secrets: String? = nil,
                            fields: [String: CanonicalJSON]) -> LedgerOutboxEntry {
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

    /// The full assessment as stored, as one canonical document: what `assessment_sha256`
    /// in a decision entry is the hash of, and what the API returns as `record`.
    public static func assessmentRecord(_ decision: StoredDecision) -> CanonicalJSON {
        func parsed(_ text: String?) -> CanonicalJSON {
            guard let text, let value = try? JSONValue.parse(Data(text.utf8)) else { return .null }
            return value.canonical
        }
        return .object([
            "declaration": .string(decision.declarationID), "assessed_at": .string(decision.assessedAt),
            "office": .string(decision.office), "day": .string(decision.day),
            "model": decision.modelID.map { .integer($0) } ?? .null, "rule_set": decision.ruleSetVersion.map { .integer($0) } ?? .null,
            "score": .number(decision.score), "risk_score": .number(decision.riskScore), "lane": .string(decision.lane),
            "selection": .string(decision.selection), "forced_by": decision.forcedBy.map { .string($0) } ?? .null,
            "seed": .string(String(decision.seed)), "aeo": .bool(decision.aeo),
            "rule_hits": parsed(decision.hitsJSON), "explanation": parsed(decision.explanationJSON), "policy": parsed(decision.policyJSON),
        ])
    }

    public static func assessmentSHA256(_ decision: StoredDecision) -> String { sha256(assessmentRecord(decision).data) }

    public static func decision(_ decision: StoredDecision) -> LedgerOutboxEntry {
        let rules = ((try? JSONDecoder().decode([RuleHit].self, from: Data(decision.hitsJSON.utf8))) ?? []).map { CanonicalJSON.string($0.ruleID) }
        return make(type: Kind.decision, at: decision.assessedAt, subject: decision.declarationID, fields: [
            "declaration": .string(decision.declarationID), "lane": .string(decision.lane), "selection": .string(decision.selection),
            "score": .number(decision.score), "model": decision.modelID.map { .integer($0) } ?? .null,
            "rule_set": decision.ruleSetVersion.map { .integer($0) } ?? .null, "rules": .array(rules),
            "assessment_sha256": .string(assessmentSHA256(decision)),
        ])
    }

    /// An officer's re-route. The free-text reason may name people, so only its hash goes in.
    public static func reroute(declarationID: String, to lane: String, reason: String, by keyID: String) -> LedgerOutboxEntry {
        make(type: Kind.reroute, at: ISO8601.format(Date()), subject: declarationID, fields: [
            "declaration": .string(declarationID), "to": .string(lane), "by": .string(keyID),
            "reason_sha256": .string(sha256(Data(reason.utf8))),
        ])
    }

    /// A cargo-tracking alert as stored: what happened, where and when, to which movement,
    /// and the lane it raised the linked declaration to. Positions of vehicles and the
    /// control room's words only, no personal data.
    public static func trackingAlert(_ alert: StoredAlert) -> LedgerOutboxEntry {
        var fields: [String: CanonicalJSON] = [
            "alert": .integer(alert.id), "kind": .string(alert.kind), "event_at": .string(alert.at), "device": .string(alert.device),
            "detail": .string(alert.detail),
        ]
        if let movement = alert.movement { fields["movement"] = .string(movement) }
        if let declaration = alert.declarationID { fields["declaration"] = .string(declaration) }
        if let zone = alert.zone { fields["zone"] = .string(zone) }
        if let latitude = alert.latitude, let longitude = alert.longitude {
            fields["position"] = .array([.number(longitude), .number(latitude)])
        }
        if let lane = alert.raisedLane { fields["raised_lane"] = .string(lane) }
        return make(type: Kind.trackingAlert, at: alert.createdAt, subject: alert.movement ?? alert.device, fields: fields)
    }

    public static func outcome(declarationID: String, _ outcome: InspectionOutcome, by keyID: String) -> LedgerOutboxEntry {
        var fields: [String: CanonicalJSON] = [
            "declaration": .string(declarationID), "result": .string(outcome.result.rawValue), "fraud": .bool(outcome.fraud),
            "critical": .bool(outcome.critical), "by": .string(keyID),
        ]
        if let revenue = outcome.revenueRecovered {
            fields["revenue"] = .object(["amount": .string(revenue.amount.description), "currency": .string(revenue.currency.code)])
        }
        return make(type: Kind.outcome, at: ISO8601.format(Date()), subject: declarationID, fields: fields)
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
    /// The value as canonical JSON (numbers become doubles, as RFC 8785 reads them).
    var canonical: CanonicalJSON {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let text): .number(Double(text) ?? 0)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(\.canonical))
        case .object(let members): .object(members.mapValues(\.canonical))
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
            if value == value.rounded(), Swift.abs(value) < 9.007_199_254_740_992e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
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
