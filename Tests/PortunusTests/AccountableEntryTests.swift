import Foundation
import Ledger
import RiskEngine
import Rules
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

/// Every entry type Portunus writes to the public ledger, made with values that would tell an
/// outsider what customs is about to do or where a person is: none of them is in the bytes,
/// and each commitment opens with the salt and value the outbox keeps.
@Suite("Accountable entries: what goes on the public log")
struct AccountableEntryTests {
    /// Words that must never be in a public entry: lanes, a score, a rule id and its reason,
    /// a watch-list reference, a flight, free text naming a person, positions.
    static let secrets = [
        "\"red\"", "\"yellow\"", "\"lane\"", "0.8731", "TIPOFF-77", "Informant", "LIST-REF-9", "UA988", "Jane Doe",
        "-4.0412", "39.6151", "7.7777", "\"position\"", "\"detail\"", "\"score\"",
    ]

    static func entries() -> [String: LedgerOutboxEntry] {
        let hits = #"[{"rule":"TIPOFF-77","effect":{"lane":"red"},"reason":"Informant reports concealed arms"}]"#
        let assessment = Assessment(
            id: "D-1", score: 0.8731, riskScore: 0.8731, lane: .red, selection: .rule, forcedBy: "TIPOFF-77",
            ruleHits: try! JSONDecoder().decode([RuleHit].self, from: Data(hits.utf8)), explanation: nil, modelID: 3, ruleSetVersion: 2,
            seed: 7, aeo: false, office: "SEA01", day: "2026-12-01")
        let decision = RiskDecision(
            assessment: assessment, assessedAt: ISO8601.parse("2026-12-01T00:00:00Z")!, basis: .day(SelectivityPolicy()))
        let alert = StoredAlert(
            id: 5, kind: .droneRestrictedAirspace, at: ISO8601.parse("2026-12-01T00:00:00Z")!, device: "DRONE-1", movement: nil, declarationID: nil,
            latitude: -4.0412, longitude: 39.6151, zone: "MBA-CTR", detail: "drone in restricted airspace MBA-CTR", raisedLane: .red,
            createdAt: ISO8601.parse("2026-12-01T00:00:01Z")!, operatorLatitude: 7.7777, operatorLongitude: 7.7777)
        let hit = StoredTravelHit(
            id: 1, vettingID: 9,
            found: NewTravelHit(
                kind: "watch_list", reference: "LIST-REF-9", list: "terror", category: "watch", severity: 3, score: 0.99, reasons: ["name match"]),
            createdAt: ISO8601.parse("2026-12-01T00:00:00Z")!)
        let vetting = StoredVetting(
            id: 9, flightID: 4, travellerID: 12, status: .referred, severity: 3, createdAt: ISO8601.parse("2026-12-01T00:00:00Z")!,
            updatedAt: ISO8601.parse("2026-12-01T00:00:00Z")!, hits: [hit])
        let flight = StoredFlight(id: 4, number: "UA988", origin: "FRA", destination: "IAD", departureDate: "2026-12-02")
        return [
            AccountableEntry.Kind.decision: AccountableEntry.decision(decision),
            AccountableEntry.Kind.reroute: AccountableEntry.reroute(
                declarationID: "D-1", to: "yellow", reason: "seen by Jane Doe's broker", by: "k1"),
            AccountableEntry.Kind.outcome: AccountableEntry.outcome(
                declarationID: "D-1", InspectionOutcome(result: .irregularity, fraud: true, critical: false),
                by: "k1"),
            AccountableEntry.Kind.unmask: AccountableEntry.unmask(
                by: "k1", action: "declarations.read", records: 1, subject: "D-1",
                justification: "Jane Doe's case"),
            AccountableEntry.Kind.custody: LabCustodyService.entry(
                sample: "S-1", declaration: "D-1", event: "taken", details: ["seal": "SEAL-1"], by: "k1"),
            AccountableEntry.Kind.aeo: CertificateService.statusEntry(
                .aeo, id: "AEO-1", status: .suspended, documentSHA256: String(repeating: "0", count: 64),
                reason: "Jane Doe under investigation", by: "k1"),
            AccountableEntry.Kind.origin: CertificateService.statusEntry(
                .origin, id: "COO-1", status: .revoked, documentSHA256: String(repeating: "0", count: 64),
                reason: "Jane Doe forged it", by: "k1"),
            AccountableEntry.Kind.vetting: VettingService.entry(
                vetting: vetting, flight: flight, action: "status", value: "referred",
                note: "Jane Doe to secondary", by: "k1"),
            AccountableEntry.Kind.trackingAlert: AccountableEntry.trackingAlert(alert),
        ]
    }

    @Test("no entry type carries a lane before the act, a score, a rule, a reason, a watch-list hit, a flight or a person's position")
    func nothingTells() throws {
        let entries = Self.entries()
        #expect(Set(entries.keys) == AccountableEntry.Kind.all, "every entry type is made here")
        for (type, entry) in entries {
            let text = String(decoding: entry.make(1), as: UTF8.self)
            for secret in Self.secrets {
                #expect(!text.contains(secret), "\(secret) in \(type): \(text)")
            }
        }
    }

    @Test("each commitment opens with the salt and value the outbox keeps, and with nothing else")
    func commitmentsOpen() throws {
        for (type, entry) in Self.entries() {
            guard let secrets = entry.secrets else { continue }
            guard case .object(let members) = try JSONValue.parse(entry.make(1)) else {
                Issue.record("\(type) is not an object")
                continue
            }
            for (name, sealed) in try JSONValue.parse(Data(secrets.utf8)).canonical.objectMembers {
                let commitment = try #require(members[name]?.canonical.stringValue, "\(type).\(name)")
                let salt = try #require(sealed["salt"]?.stringValue)
                guard let value = sealed["value"] else { continue }  // a decision's record is re-derived, not kept
                #expect(AccountableEntry.opens(commitment, value: AccountableEntry.committedText(value), salt: salt), "\(type).\(name)")
                #expect(!AccountableEntry.opens(commitment, value: AccountableEntry.committedText(value) + " ", salt: salt))
            }
        }
        let decision = try #require(Self.entries()[AccountableEntry.Kind.decision])
        #expect(AccountableEntry.assessmentSalt(secrets: decision.secrets) != nil)
    }
}

extension CanonicalJSON {
    var objectMembers: [String: CanonicalJSON] {
        if case .object(let members) = self { members } else { [:] }
    }
}
