import Foundation
import Ledger
import PortunusCore
import Storage
import Travel

/// The officers' side of travel targeting: the vetting list (new → in review → cleared or
/// referred), notes, port-of-entry lookouts and their encounter outcomes, every change audited
/// and on the ledger; travellers shown masked, unmasked one at a time with a justification.
public struct VettingService: Sendable {
    public let store: PortunusStore

    public init(store: PortunusStore) { self.store = store }

    /// A vetting act (schema v2): which item and traveller record, what kind of act, by whom;
    /// the new status or outcome, the watch-list hits, the flight and the note go in as one
    /// salted commitment. Before the flight lands they say whom customs will stop and why.
    static func entry(vetting: StoredVetting, flight: StoredFlight?, action: String, value: String, note: String?, by keyID: String)
        -> LedgerOutboxEntry
    {
        var committed: [String: CanonicalJSON] = [
            "value": .string(value), "hits": .array(vetting.hits.map { .string("\($0.kind):\($0.reference)") }),
        ]
        if let flight {
            committed["flight"] = .string(flight.number)
            committed["departure_date"] = .string(flight.departureDate)
        }
        if let note { committed["note"] = .string(note) }
        var sealed = AccountableEntry.Sealed()
        sealed.commit("vetting_commitment", to: .object(committed))
        var fields = sealed.fields
        fields["v"] = 2
        fields["vetting"] = .integer(Int64(vetting.id))
        fields["traveller"] = .integer(vetting.travellerID)
        fields["action"] = .string(action)
        fields["by"] = .string(keyID)
        return AccountableEntry.make(
            type: AccountableEntry.Kind.vetting, at: ISO8601.format(Date()), subject: "vetting:\(vetting.id)",
            secrets: sealed.secretsText, fields: fields)
    }

    func item(_ id: Int64) throws(PortunusError) -> StoredVetting {
        guard let item = try store.targeting.vetting(id: id) else { throw PortunusError(.notFound, "no such vetting item", field: "id") }
        return item
    }

    static func note(_ text: String?) throws(PortunusError) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 4000 else { throw PortunusError(.invalidArgument, "a note is 1–4000 bytes", field: "/note") }
        return trimmed
    }

    /// An officer moves an item to `status`. The item's transition is checked before the note
    /// is read (a refused move is reported first), and again in the store's transaction, which
    /// is what keeps two officers from moving the item from the same status.
    public func changeStatus(_ id: Int64, to status: String, note: String?, by principal: Principal) throws(PortunusError) -> StoredVetting {
        try AccessPolicy.require(.vetTravellers, principal)
        guard let status = VettingStatus(rawValue: status) else {
            throw PortunusError(.invalidArgument, "status is in_review, cleared or referred", field: "/status")
        }
        let event = VettingStatus.Event.change(to: status)
        let item = try item(id)
        do { _ = try item.status.applying(event) } catch { throw error.error }
        let note = try Self.note(note)
        try store.targeting.changeVettingStatus(
            id: id, by: principal.keyID, note: note,
            ledger: Self.entry(
                vetting: item, flight: try store.targeting.flight(id: item.flightID), action: "status", value: status.rawValue, note: note,
                by: principal.keyID)
        ) { current throws(VettingStatus.Refusal) in try current.applying(event) }
        return try self.item(id)
    }

    public func addNote(_ id: Int64, text: String, by principal: Principal) throws(PortunusError) -> StoredVetting {
        try AccessPolicy.require(.vetTravellers, principal)
        guard let note = try Self.note(text) else { throw PortunusError(.missingField, "text is required", field: "/text") }
        try store.targeting.addVettingNote(id: id, by: principal.keyID, text: note)
        return try item(id)
    }

    /// Promotes a traveller under review or referred to a lookout at the port (the flight's
    /// arrival airport unless given).
    public func promote(_ id: Int64, port: String?, note: String?, by principal: Principal) throws(PortunusError) -> StoredLookout {
        try AccessPolicy.require(.vetTravellers, principal)
        let item = try item(id)
        guard item.status.mayBecomeLookout else { throw VettingStatus.Refusal.notALookoutCandidate(item.status).error }
        let flight = try store.targeting.flight(id: item.flightID)
        let port = (port ?? flight?.destination ?? "").uppercased()
        guard port.count == 3, port.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw PortunusError(.invalidArgument, "port is an IATA airport code", field: "/port")
        }
        let note = try Self.note(note)
        let lookoutID = try store.targeting.promoteLookout(
            vettingID: id, port: port, by: principal.keyID, note: note,
            ledger: Self.entry(vetting: item, flight: flight, action: "lookout", value: port, note: note, by: principal.keyID)
        ) { current throws(LookoutState.Refusal) in try current?.applying(.promoted) ?? .active }
        return try store.targeting.lookout(id: lookoutID)!
    }

    /// Records what happened at the port; the lookout closes.
    public func recordOutcome(lookout id: Int64, outcome: String, note: String?, by principal: Principal) throws(PortunusError) -> StoredLookout {
        try AccessPolicy.require(.vetTravellers, principal)
        guard let outcome = LookoutState.Outcome(rawValue: outcome) else {
            throw PortunusError(
                .invalidArgument, "outcome is one of \(LookoutState.Outcome.allCases.map(\.rawValue).joined(separator: ", "))", field: "/outcome")
        }
        return try close(lookout: id, .encountered(outcome), note: note, by: principal)
    }

    /// Takes a traveller off the lookout list without an encounter.
    public func demote(lookout id: Int64, note: String?, by principal: Principal) throws(PortunusError) -> StoredLookout {
        try AccessPolicy.require(.vetTravellers, principal)
        return try close(lookout: id, .demoted, note: note, by: principal)
    }

    /// Ends a lookout by `event` (an encounter's outcome or a demotion): the lookout's own
    /// transition decides, in the store's transaction.
    func close(lookout id: Int64, _ event: LookoutState.Event, note: String?, by principal: Principal) throws(PortunusError) -> StoredLookout {
        guard let lookout = try store.targeting.lookout(id: id) else { throw PortunusError(.notFound, "no such lookout", field: "id") }
        let item = try item(lookout.vettingID)
        let note = try Self.note(note)
        let outcome: LookoutState.Outcome? = if case .encountered(let outcome) = event { outcome } else { nil }
        try store.targeting.closeLookout(
            id: id, by: principal.keyID, note: note,
            ledger: Self.entry(
                vetting: item, flight: try store.targeting.flight(id: item.flightID), action: outcome == nil ? "demote" : "outcome",
                value: outcome?.rawValue ?? "demoted", note: note, by: principal.keyID)
        ) { current throws(LookoutState.Refusal) in try current.applying(event) }
        return try store.targeting.lookout(id: id)!
    }

    // MARK: Reading, masked

    /// A traveller as shown: names, date of birth and document numbers only when unmasked.
    public struct TravellerView: Sendable, Encodable {
        public var id: Int64
        public var masked: Bool
        public var depersonalised: Bool
        public var surname: String?
        public var givenNames: String?
        public var dateOfBirth: String?
        public var gender: String
        public var nationality: String?
        public var documents: [DocumentView]
        public var history: [Appearance]
        public var coTravellers: [CoTraveller]
        public var vetting: [VettingReference]

        public struct DocumentView: Sendable, Encodable {
            var type: String?
            var issuingState: String
            var number: String?
            var expiry: String?
            enum CodingKeys: String, CodingKey { case type, issuingState = "issuing_state", number, expiry }
        }

        public struct Appearance: Sendable, Encodable {
            var flight: FlightView
            var source: String
            var role: String
            var booking: String?
            var receivedAt: String
            var link: LinkEvidence
            enum CodingKeys: String, CodingKey { case flight, source, role, booking, receivedAt = "received_at", link }
        }

        public struct CoTraveller: Sendable, Encodable {
            var traveller: Int64
            var flights: Int
        }

        public struct VettingReference: Sendable, Encodable {
            var id: Int64
            var flight: Int64
            var status: VettingStatus
        }

        enum CodingKeys: String, CodingKey {
            case id, masked, depersonalised, surname, givenNames = "given_names", dateOfBirth = "date_of_birth", gender, nationality, documents,
                history
            case coTravellers = "co_travellers", vetting
        }
    }

    public struct FlightView: Sendable, Encodable {
        var id: Int64
        var number: String
        var origin: String
        var destination: String
        var departureDate: String
        var departureTime: String?
        var arrivalTime: String?
        var departureUTC: String?
        var arrivalUTC: String?

        public init(_ flight: StoredFlight) {
            id = flight.id
            number = flight.number
            origin = flight.origin
            destination = flight.destination
            departureDate = flight.departureDate
            departureTime = flight.departureTime
            arrivalTime = flight.arrivalTime
            departureUTC = flight.departureUTC
            arrivalUTC = flight.arrivalUTC
        }

        enum CodingKeys: String, CodingKey {
            case id, number, origin, destination, departureDate = "departure_date", departureTime = "departure_local", arrivalTime = "arrival_local"
            case departureUTC = "departure_utc", arrivalUTC = "arrival_utc"
        }
    }

    public func traveller(_ id: Int64, by principal: Principal) throws(PortunusError) -> TravellerView {
        try AccessPolicy.require(.readTravel, principal)
        return try view(id, unmasked: false)
    }

    /// The traveller unmasked: needs the `unmask` grant and a justification, which is
    /// recorded (audit, and a commitment on the ledger) before anything is shown.
    public func unmask(_ id: Int64, justification: String, by principal: Principal) throws(PortunusError) -> TravellerView {
        try AccessPolicy.require(.readTravel, principal)
        guard principal.grants.contains(.unmask) else { throw PortunusError(.forbidden, "unmasking needs a key with the unmask grant") }
        let text = justification.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 10, text.utf8.count <= 1000 else {
            throw PortunusError(.invalidArgument, "a justification is 10–1000 characters: why this record must be seen", field: "/justification")
        }
        guard try store.targeting.traveller(id: id) != nil else { throw PortunusError(.notFound, "no such traveller", field: "id") }
        let subject = "traveller:\(id)"
        try store.targeting.recordUnmask(
            keyID: principal.keyID, subject: subject, justification: text,
            ledger: AccountableEntry.unmask(by: principal.keyID, action: "travel.unmask", records: 1, subject: subject, justification: text))
        return try view(id, unmasked: true)
    }

    func view(_ id: Int64, unmasked: Bool) throws(PortunusError) -> TravellerView {
        guard let traveller = try store.targeting.traveller(id: id) else { throw PortunusError(.notFound, "no such traveller", field: "id") }
        let history = try store.targeting.history(traveller: id).map { passenger, flight in
            TravellerView.Appearance(
                flight: FlightView(flight), source: passenger.source, role: passenger.role, booking: passenger.locator,
                receivedAt: ISO8601.format(passenger.receivedAt), link: passenger.link)
        }
        let vetting = try store.targeting.vettingList(flightID: nil, travellerID: id, status: nil, limit: 1000).map {
            TravellerView.VettingReference(id: $0.id, flight: $0.flightID, status: $0.status)
        }
        return TravellerView(
            id: id, masked: !unmasked, depersonalised: traveller.depersonalisedAt != nil,
            surname: unmasked ? traveller.surname : nil, givenNames: unmasked ? traveller.givenNames : nil,
            dateOfBirth: unmasked ? traveller.dateOfBirth : nil, gender: traveller.gender, nationality: traveller.nationality,
            documents: traveller.documents.map {
                TravellerView.DocumentView(
                    type: $0.type, issuingState: $0.issuingState, number: unmasked ? $0.number : nil, expiry: unmasked ? $0.expiry : nil)
            },
            history: history,
            coTravellers: try store.targeting.coTravellers(traveller: id).map {
                TravellerView.CoTraveller(traveller: $0.traveller, flights: $0.flights)
            },
            vetting: vetting)
    }
}
