import Foundation
import PortunusCore

/// A travel message as Portunus keeps it: what the message says about the flight and every
/// person in it, whatever its type and version, plus what was wrong with it.
public struct TravelMessage: Sendable, Hashable, Codable {
    public var type: String
    /// The sending airline or system (PNRGOV header ORG), when given.
    public var sender: String? = nil
    /// As the message states it: "02B", "05B", "13.1".
    public var version: String
    public var flight: Flight?
    /// Every leg the message lists, in order.
    public var legs: [Flight]
    public var bookings: [Booking]
    public var passengers: [Person]
    public var diagnostics: [EDIFACTDiagnostic]

    public struct Flight: Sendable, Hashable, Codable {
        /// As printed: carrier and number, e.g. "UA0989" (the marketing carrier's, in a PNR).
        public var number: String
        public var departure: String?
        public var arrival: String?
        /// Local times at the airports, as sent (`YYYY-MM-DDTHH:MM`).
        public var departureTime: String?
        public var arrivalTime: String?
        /// The same instants in UTC (`YYYY-MM-DDTHH:MMZ`), when the airport's time zone is known.
        public var departureUTC: String?
        public var arrivalUTC: String?
        /// The airports' IANA time zones, from which local time is derived back from UTC.
        public var departureZone: String?
        public var arrivalZone: String?
        /// Codeshares (PNRGOV TVL marketing:operating carriers, TRA): who sold the seat and who
        /// flies the aircraft, with the operating flight's number when given.
        public var marketingCarrier: String?
        public var operatingCarrier: String?
        public var operatingNumber: String?
        /// Booking class (RBD), status (RPI: HK confirmed, …) and aircraft type (APD).
        public var bookingClass: String?
        public var status: String?
        public var aircraft: String?

        public init(number: String, departure: String? = nil, arrival: String? = nil, departureTime: String? = nil, arrivalTime: String? = nil) {
            self.number = number
            self.departure = departure
            self.arrival = arrival
            self.departureTime = departureTime
            self.arrivalTime = arrivalTime
        }

        enum CodingKeys: String, CodingKey {
            case number, departure, arrival, departureTime = "departure_time", arrivalTime = "arrival_time"
            case departureUTC = "departure_utc", arrivalUTC = "arrival_utc", departureZone = "departure_zone", arrivalZone = "arrival_zone"
            case marketingCarrier = "marketing_carrier", operatingCarrier = "operating_carrier", operatingNumber = "operating_number"
            case bookingClass = "booking_class", status, aircraft
        }

        /// Every key is written, null when unknown.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try container.encode(departure, forKey: .departure)
            try container.encode(arrival, forKey: .arrival)
            try container.encode(departureTime, forKey: .departureTime)
            try container.encode(arrivalTime, forKey: .arrivalTime)
            try container.encode(departureUTC, forKey: .departureUTC)
            try container.encode(arrivalUTC, forKey: .arrivalUTC)
            try container.encode(departureZone, forKey: .departureZone)
            try container.encode(arrivalZone, forKey: .arrivalZone)
            try container.encode(marketingCarrier, forKey: .marketingCarrier)
            try container.encode(operatingCarrier, forKey: .operatingCarrier)
            try container.encode(operatingNumber, forKey: .operatingNumber)
            try container.encode(bookingClass, forKey: .bookingClass)
            try container.encode(status, forKey: .status)
            try container.encode(aircraft, forKey: .aircraft)
        }
    }

    public struct Document: Sendable, Hashable, Codable {
        public var type: String?
        public var number: String?
        public var issuingState: String?
        public var expiry: String?

        enum CodingKeys: String, CodingKey { case type, number, issuingState = "issuing_state", expiry }

        /// Every key is written, null when unknown: readers see what the message did not say.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(number, forKey: .number)
            try container.encode(issuingState, forKey: .issuingState)
            try container.encode(expiry, forKey: .expiry)
        }
    }

    public struct Person: Sendable, Hashable, Codable {
        /// passenger, crew or infant.
        public var role: String
        public var surname: String
        /// All given names joined by one space.
        public var givenNames: String
        /// YYYY-MM-DD.
        public var dateOfBirth: String?
        /// M, F, X or U.
        public var gender: String
        public var nationality: String?
        public var residence: String?
        public var embarkation: String?
        public var debarkation: String?
        public var documents: [Document]
        /// Booking reference (PNR record locator) when the message gives one.
        public var booking: String?
        public var seat: String?
        /// The traveller's reference within the booking (PNRGOV TIF), which seats and
        /// check-ins name.
        public var reference: String?
        /// Checked bags as the API list gives them (PAXLST MEA: count, and total weight with its
        /// unit, KGM or LBR).
        public var bags: Int? = nil
        public var bagWeight: Double? = nil
        public var weightUnit: String? = nil

        enum CodingKeys: String, CodingKey {
            case role, surname, givenNames = "given_names", dateOfBirth = "date_of_birth", gender, nationality, residence, embarkation, debarkation
            case documents, booking, seat, reference, bags, bagWeight = "bag_weight", weightUnit = "weight_unit"
        }

        /// Every key is written, null when unknown.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            try container.encode(surname, forKey: .surname)
            try container.encode(givenNames, forKey: .givenNames)
            try container.encode(dateOfBirth, forKey: .dateOfBirth)
            try container.encode(gender, forKey: .gender)
            try container.encode(nationality, forKey: .nationality)
            try container.encode(residence, forKey: .residence)
            try container.encode(embarkation, forKey: .embarkation)
            try container.encode(debarkation, forKey: .debarkation)
            try container.encode(documents, forKey: .documents)
            try container.encode(booking, forKey: .booking)
            try container.encode(seat, forKey: .seat)
            try container.encode(reference, forKey: .reference)
            try container.encode(bags, forKey: .bags)
            try container.encode(bagWeight, forKey: .bagWeight)
            try container.encode(weightUnit, forKey: .weightUnit)
        }
    }

    public struct Booking: Sendable, Hashable, Codable {
        public var locator: String
        /// When the PNR was made (RCI), `YYYY-MM-DDTHH:MM`.
        public var created: String?
        public var travellers: Int
        /// The booked flights (TVL), in order.
        public var itinerary: [Flight] = []
        /// Ticket numbers (TKT).
        public var tickets: [String] = []
        /// Forms of payment (FOP), by type code: CC card, CA cash, MS miscellaneous, …
        public var payments: [String] = []
        /// Excess or checked bags declared (EBD), when given.
        public var bags: Int?
        /// The booking agent or agency (the booking's ORG).
        public var agency: Agency?
        /// Phones, e-mail addresses, postal addresses and payers (ADD, IFT and SSR CTCx remarks).
        public var contacts: [Contact] = []
        /// Last transaction on the PNR (DAT 700) and ticket issue (DAT 710), `YYYY-MM-DDTHH:MM`.
        public var lastChanged: String?
        public var ticketed: String?
        /// Seats requested or assigned per leg (SSR SEAT), by traveller reference.
        public var seats: [Seat] = []
        /// Check-in per leg and traveller (TRI, TIF, SSD, TBD), with bags and tags.
        public var checkIns: [CheckIn] = []
        /// The booking's history: structured (ABI, DAT, SAC, IFT, TVL) and free text (LTS).
        public var history: [HistoryItem] = []

        enum CodingKeys: String, CodingKey {
            case locator, created, travellers, itinerary, tickets, payments, bags, agency, contacts
            case lastChanged = "last_changed", ticketed, seats, checkIns = "check_ins", history
        }
    }

    public struct Agency: Sendable, Hashable, Codable {
        /// Airline or reservation system, and its location (city or airport).
        public var system: String?
        public var location: String?
        /// IATA / ARC agency number and the agent's location or office id.
        public var agencyNumber: String?
        public var agentLocation: String?
        /// Originator type (A airline agent, T travel agent, …), country and currency.
        public var originatorType: String?
        public var country: String?
        public var currency: String?

        enum CodingKeys: String, CodingKey {
            case system, location, agencyNumber = "agency_number", agentLocation = "agent_location", originatorType = "originator_type", country,
                currency
        }
    }

    public struct Contact: Sendable, Hashable, Codable {
        /// phone, email, address or payer.
        public var kind: String
        public var value: String
        /// The segment it came from: ADD, IFT or SSR.
        public var source: String
    }

    public struct Seat: Sendable, Hashable, Codable {
        /// The leg, by flight number as printed.
        public var flight: String
        public var seat: String
        /// The traveller's reference (TIF), when the message names it.
        public var traveller: String?
    }

    public struct CheckIn: Sendable, Hashable, Codable {
        public var flight: String
        public var traveller: String?
        /// Check-in sequence (TRI).
        public var sequence: String?
        public var seat: String?
        public var cabin: String?
        /// When checked in (the leg's DAT 2), `YYYY-MM-DDTHH:MM`.
        public var time: String?
        /// Bags checked (TBD): count, total weight and its unit (KG, LB) and tag numbers.
        public var bags: Int?
        public var bagWeight: Double?
        public var weightUnit: String?
        public var bagTags: [String] = []

        enum CodingKeys: String, CodingKey {
            case flight, traveller, sequence, seat, cabin, time, bags, bagWeight = "bag_weight", weightUnit = "weight_unit", bagTags = "bag_tags"
        }
    }

    public struct HistoryItem: Sendable, Hashable, Codable {
        /// ABI (structured) or LTS (free text).
        public var source: String
        /// When, and by whom (airline or system), for structured history.
        public var time: String?
        public var by: String?
        /// SAC status: A added, X cancelled, …
        public var action: String?
        /// The change as the airline wrote it (IFT) or the LTS line.
        public var text: String?
        /// The flight the change concerns (TVL), as printed.
        public var flight: String?
    }

    enum CodingKeys: String, CodingKey { case type, sender, version, flight, legs, bookings, passengers, diagnostics }
}
