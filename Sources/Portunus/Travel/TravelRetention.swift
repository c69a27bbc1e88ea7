import Foundation
import PortunusCore
import Storage
import Travel

/// Keeps PNR and API data no longer than the law allows. The EU PNR Directive (2016/681,
/// Art. 12) has data depersonalised six months after transfer and deleted after five years;
/// both periods are settings.
///
/// Depersonalising is irreversible here: names, dates of birth, document numbers and expiry
/// dates, contacts, ticket numbers and free-text history are removed from every stored copy
/// (the passenger rows, the parsed messages, the raw bytes), and a traveller whose every row is
/// depersonalised loses them too. What remains (flights, nationality, gender, routes, bags,
/// payment types, hits and vetting decisions) still serves statistics and the audit. The
/// directive allows re-personalisation on a judicial authority's approval; Portunus does not
/// keep the means for it, which is the stricter reading.
public struct TravelRetention: Sendable {
    public var depersonaliseAfterDays: Int
    public var deleteAfterDays: Int
    let store: PortunusStore

    public init(store: PortunusStore, depersonaliseAfterDays: Int = 183, deleteAfterDays: Int = 1826) {
        self.store = store
        self.depersonaliseAfterDays = depersonaliseAfterDays
        self.deleteAfterDays = deleteAfterDays
    }

    public struct Report: Sendable, Hashable, Encodable {
        public var depersonalisedPassengers = 0
        public var depersonalisedMessages = 0
        public var depersonalisedTravellers = 0
        public var deletedPassengers = 0
        public var deletedMessages = 0
        public var deletedTravellers = 0
        public var deletedFlights = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case depersonalisedPassengers = "depersonalised_passengers", depersonalisedMessages = "depersonalised_messages"
            case depersonalisedTravellers = "depersonalised_travellers", deletedPassengers = "deleted_passengers", deletedMessages =
                "deleted_messages"
            case deletedTravellers = "deleted_travellers", deletedFlights = "deleted_flights"
        }
    }

    /// One run: deletion first (nothing is depersonalised only to be deleted), then
    /// depersonalisation in batches of `batch` rows, each its own short transaction so that
    /// intake is not held up.
    public func run(now: Date = Date(), batch: Int = 500, by actor: String = "retention") throws(PortunusError) -> Report {
        var report = Report()
        let deleteBefore = ISO8601.format(now.addingTimeInterval(-Double(deleteAfterDays) * 86_400))
        let deleted = try store.targeting.deleteTravel(receivedBefore: deleteBefore, by: actor)
        report.deletedPassengers = deleted.passengers
        report.deletedMessages = deleted.messages
        report.deletedTravellers = deleted.travellers
        report.deletedFlights = deleted.flights
        let cutoff = ISO8601.format(now.addingTimeInterval(-Double(depersonaliseAfterDays) * 86_400))
        while true {
            let rows = try store.targeting.passengersToDepersonalise(receivedBefore: cutoff, limit: batch)
            let messages = try store.targeting.messagesToDepersonalise(receivedBefore: cutoff, limit: batch)
            if rows.isEmpty && messages.isEmpty { break }
            let passengers = rows.map { (id: $0.id, person: Self.depersonalised($0.person), booking: $0.booking.map(Self.depersonalised)) }
            let parsed = messages.map { (id: $0.id, messages: $0.messages.map(Self.depersonalised)) }
            report.depersonalisedTravellers += try store.targeting.depersonalise(passengers: passengers, messages: parsed, by: actor)
            report.depersonalisedPassengers += rows.count
            report.depersonalisedMessages += messages.count
        }
        return report
    }

    static func depersonalised(_ message: TravelMessage) -> TravelMessage {
        var message = message
        message.passengers = message.passengers.map(depersonalised)
        message.bookings = message.bookings.map(depersonalised)
        return message
    }

    static func depersonalised(_ person: TravelMessage.Person) -> TravelMessage.Person {
        var person = person
        depersonalise(&person)
        return person
    }

    static func depersonalised(_ booking: TravelMessage.Booking) -> TravelMessage.Booking {
        var booking = booking
        depersonalise(&booking)
        return booking
    }

    static func depersonalise(_ person: inout TravelMessage.Person) {
        person.surname = ""
        person.givenNames = ""
        person.dateOfBirth = nil
        for index in person.documents.indices {
            person.documents[index].number = nil
            person.documents[index].expiry = nil
        }
    }

    static func depersonalise(_ booking: inout TravelMessage.Booking) {
        booking.contacts = []
        booking.tickets = []
        for index in booking.history.indices {
            booking.history[index].text = nil
            booking.history[index].by = nil
        }
        for index in booking.checkIns.indices { booking.checkIns[index].bagTags = [] }
    }
}
