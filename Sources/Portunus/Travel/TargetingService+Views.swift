import Foundation
import PortunusCore
import Storage
import Travel

/// What the travel targeting answers show: hits, vetting items, lookouts, flights with their
/// travellers (masked) and watch lists with their entries (masked). The JSON keys are the API's.
extension TargetingService {
    public struct HitView: Sendable, Encodable {
        var id: Int64
        var kind: String
        var reference: String
        var list: String?
        var category: String
        var severity: Int
        var score: Double
        var reasons: [String]
        var createdAt: String
        enum CodingKeys: String, CodingKey { case id, kind, reference, list, category, severity, score, reasons, createdAt = "created_at" }

        init(_ hit: StoredTravelHit) {
            id = hit.id
            kind = hit.kind
            reference = hit.reference
            list = hit.list
            category = hit.category
            severity = hit.severity
            score = hit.score
            reasons = hit.reasons
            createdAt = ISO8601.format(hit.createdAt)
        }
    }

    public struct LookoutView: Sendable, Encodable {
        public var id: Int64
        var vetting: Int64
        var port: String
        var status: LookoutState.Status
        var outcome: LookoutState.Outcome?
        var createdAt: String
        var createdBy: String
        var updatedAt: String
        var flight: VettingService.FlightView?
        var traveller: Int64?
        enum CodingKeys: String, CodingKey {
            case id, vetting, port, status, outcome, createdAt = "created_at", createdBy = "created_by", updatedAt = "updated_at", flight, traveller
        }
    }

    public struct VettingView: Sendable, Encodable {
        public var id: Int64
        var flight: VettingService.FlightView?
        var traveller: Int64
        var status: VettingStatus
        var severity: Int
        var createdAt: String
        var updatedAt: String
        var hits: [HitView]
        var events: [Event]
        var lookout: LookoutView?
        /// The statuses the item may move to.
        var next: [VettingStatus]

        struct Event: Sendable, Encodable {
            var at: String
            var by: String
            var kind: String
            var value: String
            var note: String?
            var ledgerIndex: UInt64?
            enum CodingKeys: String, CodingKey { case at, by, kind, value, note, ledgerIndex = "ledger_index" }
        }

        enum CodingKeys: String, CodingKey {
            case id, flight, traveller, status, severity, createdAt = "created_at", updatedAt = "updated_at", hits, events, lookout, next
        }
    }

    /// A hit across flights, with its item's status.
    public struct FlaggedHit: Sendable, Encodable {
        var vetting: Int64
        var flight: Int64
        var traveller: Int64
        var status: VettingStatus
        var hit: HitView
    }

    /// A flight with how many travellers it has, how many are on its vetting list, and how
    /// many of those are still open.
    public struct FlightSummary: Sendable, Encodable {
        var flight: VettingService.FlightView
        var travellers: Int
        var vetting: Int
        var open: Int
    }

    /// A traveller on a flight, masked: no names, dates of birth or document numbers.
    public struct OnBoard: Sendable, Encodable {
        var traveller: Int64
        var sources: [String]
        var role: String
        var gender: String
        var nationality: String?
        var booking: String?
        var seat: String?
        var vetting: Int64?
        var status: VettingStatus?
    }

    /// A flight and everyone the received files put on it.
    public struct Manifest: Sendable, Encodable {
        var flight: VettingService.FlightView
        var travellers: [OnBoard]
    }

    public struct WatchListView: Sendable, Encodable {
        public var name: String
        var kind: String
        var description: String
        var createdAt: String
        var entries: Int
        enum CodingKeys: String, CodingKey { case name, kind, description, createdAt = "created_at", entries }

        public init(_ list: StoredWatchList) {
            name = list.name
            kind = list.kind
            description = list.description
            createdAt = ISO8601.format(list.createdAt)
            entries = list.entries
        }
    }

    /// An entry as listed: its particulars are personal data and stay masked here.
    public struct EntryView: Sendable, Encodable {
        public var id: Int64
        var externalID: String
        var list: String
        var category: String
        var severity: Int
        var masked = true
        var names: Int
        var hasBirthDate: Bool
        var nationality: String?
        var hasDocument: Bool
        var documentCountry: String?
        var traveller: Int64?
        var addedAt: String
        var addedBy: String
        enum CodingKeys: String, CodingKey {
            case id, externalID = "external_id", list, category, severity, masked, names, hasBirthDate = "has_birth_date", nationality
            case hasDocument = "has_document", documentCountry = "document_country", traveller, addedAt = "added_at", addedBy = "added_by"
        }

        public init(_ entry: StoredWatchListEntry) {
            id = entry.id
            externalID = entry.externalID
            list = entry.list
            category = entry.category
            severity = entry.severity
            names = entry.names.count
            hasBirthDate = entry.birthDate != nil
            nationality = entry.nationality
            hasDocument = entry.documentNumber != nil
            documentCountry = entry.documentCountry
            traveller = entry.travellerID
            addedAt = ISO8601.format(entry.addedAt)
            addedBy = entry.addedBy
        }
    }

    /// The travel rule set in force, as the analysts wrote it.
    public struct RulesDocument: Sendable {
        public var version: Int64
        public var yaml: String
    }

    func view(_ lookout: StoredLookout) throws(PortunusError) -> LookoutView {
        let item = try store.targeting.vetting(id: lookout.vettingID)
        return LookoutView(
            id: lookout.id, vetting: lookout.vettingID, port: lookout.port, status: lookout.status, outcome: lookout.outcome,
            createdAt: ISO8601.format(lookout.createdAt), createdBy: lookout.createdBy, updatedAt: ISO8601.format(lookout.updatedAt),
            flight: try item.flatMap { item throws(PortunusError) in try store.targeting.flight(id: item.flightID) }.map(
                VettingService.FlightView.init),
            traveller: item?.travellerID)
    }

    func view(_ item: StoredVetting) throws(PortunusError) -> VettingView {
        VettingView(
            id: item.id, flight: try store.targeting.flight(id: item.flightID).map(VettingService.FlightView.init), traveller: item.travellerID,
            status: item.status, severity: item.severity, createdAt: ISO8601.format(item.createdAt), updatedAt: ISO8601.format(item.updatedAt),
            hits: item.hits.map(HitView.init),
            events: item.events.map {
                .init(at: ISO8601.format($0.at), by: $0.by, kind: $0.kind, value: $0.value, note: $0.note, ledgerIndex: $0.ledgerIndex)
            },
            lookout: try item.lookout.map { lookout throws(PortunusError) in try view(lookout) },
            next: item.status.next)
    }
}
