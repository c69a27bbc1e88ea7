import Foundation
import PortunusCore
import Rules
import Travel

/// What travel rules may ask about one traveller on one flight: the person as API and PNR
/// messages give them, the booking, the flight, and fields derived from them.
public struct TravelFacts: RuleFacts, Sendable {
    public var person: TravelMessage.Person
    public var flight: TravelMessage.Flight
    /// The traveller's booking (from the latest PNR), when there is one.
    public var booking: TravelMessage.Booking?
    /// api, pnr, or api+pnr.
    public var sources: String
    /// The traveller has a watch-list hit on this flight.
    public var onWatchList: Bool
    /// Another traveller in the same booking on this flight has a watch-list hit.
    public var coTravellerOnWatchList: Bool
    /// How many other flights of this traveller are on record.
    public var previousFlights: Int

    public init(
        person: TravelMessage.Person, flight: TravelMessage.Flight, booking: TravelMessage.Booking?, sources: String, onWatchList: Bool = false,
        coTravellerOnWatchList: Bool = false, previousFlights: Int = 0
    ) {
        self.person = person
        self.flight = flight
        self.booking = booking
        self.sources = sources
        self.onWatchList = onWatchList
        self.coTravellerOnWatchList = coTravellerOnWatchList
        self.previousFlights = previousFlights
    }

    /// Severities a travel rule may give (`then: { severity: high }`), lowest first.
    public static let severities = ["normal", "high", "top"]

    public static let catalogue = FieldCatalogue(
        fields: [
            "role": .init(.text, "passenger, crew or infant"),
            "gender": .init(.text, "M, F, X or U"),
            "nationality": .init(.text, "ISO 3166 alpha-3 as travel documents write it"),
            "residence": .init(.text, "country of residence"),
            "age": .init(.number, "age in whole years on the day of departure"),
            "document_type": .init(.text, "type of the first travel document (P passport, I identity card, V visa, …)"),
            "document_issuer": .init(.text, "issuing state of the first travel document"),
            "document_expiry_days": .init(.number, "days from departure to the first document's expiry (negative: expired)"),
            "embarkation": .init(.text, "where the traveller boards (airport)"),
            "debarkation": .init(.text, "where the traveller leaves the aircraft (airport)"),
            "source": .init(.text, "which messages name the traveller: api, pnr or api+pnr"),
            "flight_number": .init(.text, "carrier and number, e.g. UA0988"),
            "carrier": .init(.text, "the flight's carrier (first two characters of the number)"),
            "origin": .init(.text, "the flight's departure airport"),
            "destination": .init(.text, "the flight's arrival airport"),
            "departure_hour": .init(.number, "local hour of departure, 0–23"),
            "hours_booked_before_departure": .init(.number, "hours between the booking's creation and the flight's departure"),
            "one_way": .init(.bool, "the itinerary does not return to where it starts"),
            "trip_duration_days": .init(.number, "days from the first departure to the last arrival of a round trip"),
            "dwell_hours": .init(.number, "the longest connection at a transit airport (under 24 hours between arrival and next departure)"),
            "transit_airports": .init(.list, "airports where the itinerary connects (list: `in` holds when one of them is listed)"),
            "route_airports": .init(.list, "every airport of the itinerary, in order (list)"),
            "route": .init(.text, "the itinerary as text, e.g. FRA-IAD-FRA"),
            "legs": .init(.number, "number of flights in the itinerary"),
            "paid_cash": .init(.bool, "a form of payment is cash (FOP CA)"),
            "payment_types": .init(.list, "forms of payment: CC card, CA cash, MS miscellaneous, … (list)"),
            "bags": .init(.number, "checked bags of this traveller (PNR check-in, else the API list's MEA), else the booking's declared bags"),
            "bag_weight_kg": .init(.number, "total weight of the traveller's checked bags in kilograms (PNR check-in, else the API list)"),
            "travellers_in_booking": .init(.number, "how many travellers the booking holds"),
            "agency_country": .init(.text, "country of the booking agency"),
            "tickets": .init(.number, "ticket numbers on the booking"),
            "on_watch_list": .init(.bool, "the traveller has a watch-list hit on this flight"),
            "co_traveller_on_watch_list": .init(.bool, "another traveller in the same booking on this flight has a watch-list hit"),
            "previous_flights": .init(.number, "other flights of this traveller on record"),
        ], lanes: severities, laneKey: "severity")

    public func value(of field: String) -> RuleValue? {
        switch field {
        case "role": return .text(person.role)
        case "gender": return .text(person.gender)
        case "nationality": return person.nationality.map(RuleValue.text)
        case "residence": return person.residence.map(RuleValue.text)
        case "age":
            guard let birth = person.dateOfBirth, let day = departureDay, let born = TravelTime.day(birth) else { return nil }
            var years = day.year - born.year
            if (day.month, day.day) < (born.month, born.day) { years -= 1 }
            return .number(Double(years))
        case "document_type": return person.documents.first?.type.map(RuleValue.text)
        case "document_issuer": return person.documents.first?.issuingState.map(RuleValue.text)
        case "document_expiry_days":
            guard let expiry = person.documents.first?.expiry, let end = TravelTime.minutes(expiry), let start = departureMinutes else { return nil }
            return .number(Double((end - start) / 1440))
        case "embarkation": return (person.embarkation ?? flight.departure).map(RuleValue.text)
        case "debarkation": return (person.debarkation ?? flight.arrival).map(RuleValue.text)
        case "source": return .text(sources)
        case "flight_number": return .text(flight.number)
        case "carrier": return .text(String(flight.number.prefix(2)))
        case "origin": return flight.departure.map(RuleValue.text)
        case "destination": return flight.arrival.map(RuleValue.text)
        case "departure_hour":
            guard let time = flight.departureTime, time.count >= 13, let hour = Int(time.dropFirst(11).prefix(2)) else { return nil }
            return .number(Double(hour))
        case "hours_booked_before_departure":
            // RCI gives the booking's creation in GMT; the departure is taken in UTC when the
            // airport's zone is known.
            guard let created = booking?.created.flatMap(TravelTime.minutes), let departure = departureMinutes else { return nil }
            return .number((Double(departure - created) / 60).rounded(toPlaces: 1))
        case "one_way":
            guard let legs = itinerary, let first = legs.first?.departure, let last = legs.last?.arrival else { return nil }
            return .bool(first != last)
        case "trip_duration_days":
            guard let legs = itinerary, legs.count >= 2, legs.first?.departure == legs.last?.arrival,
                let start = legs.first?.departureTime.flatMap(TravelTime.minutes),
                let end = (legs.last?.arrivalTime ?? legs.last?.departureTime).flatMap(TravelTime.minutes)
            else { return nil }
            return .number((Double(end - start) / 1440).rounded(toPlaces: 1))
        case "dwell_hours":
            guard let connections = connections, !connections.isEmpty else { return itinerary == nil ? nil : .number(0) }
            return .number((connections.map(\.hours).max() ?? 0).rounded(toPlaces: 1))
        case "transit_airports": return connections.map { .list($0.map(\.airport)) }
        case "route_airports":
            guard let legs = itinerary, !legs.isEmpty else { return nil }
            return .list(Self.airports(legs))
        case "route":
            guard let legs = itinerary, !legs.isEmpty else { return nil }
            return .text(Self.airports(legs).joined(separator: "-"))
        case "legs": return itinerary.map { .number(Double($0.count)) }
        case "paid_cash": return booking.map { .bool($0.payments.contains("CA")) }
        case "payment_types": return booking.map { .list($0.payments) }
        case "bags":
            if let checked = checkIns, checked.contains(where: { $0.bags != nil }) { return .number(Double(checked.compactMap(\.bags).reduce(0, +))) }
            if let bags = person.bags { return .number(Double(bags)) }
            return booking?.bags.map { .number(Double($0)) }
        case "bag_weight_kg":
            func kilograms(_ weight: Double, _ unit: String?) -> Double { unit?.uppercased().hasPrefix("L") == true ? weight * 0.453_592_37 : weight }
            if let checked = checkIns, checked.contains(where: { $0.bagWeight != nil }) {
                return .number(
                    checked.reduce(0.0) { total, check in total + (check.bagWeight.map { kilograms($0, check.weightUnit) } ?? 0) }.rounded(
                        toPlaces: 1))
            }
            return person.bagWeight.map { .number(kilograms($0, person.weightUnit).rounded(toPlaces: 1)) }
        case "travellers_in_booking": return booking.map { .number(Double($0.travellers)) }
        case "agency_country": return booking?.agency?.country.map(RuleValue.text)
        case "tickets": return booking.map { .number(Double($0.tickets.count)) }
        case "on_watch_list": return .bool(onWatchList)
        case "co_traveller_on_watch_list": return .bool(coTravellerOnWatchList)
        case "previous_flights": return .number(Double(previousFlights))
        default: return nil
        }
    }

    var departureMinutes: Int? { (flight.departureUTC ?? flight.departureTime).flatMap(TravelTime.minutes) }

    var departureDay: (year: Int, month: Int, day: Int)? { flight.departureTime.flatMap(TravelTime.day) }

    /// The booked flights, or nil without a booking that lists them.
    var itinerary: [TravelMessage.Flight]? {
        guard let legs = booking?.itinerary, !legs.isEmpty else { return nil }
        return legs
    }

    /// Connections: where a leg arrives and the next leaves from, within 24 hours (both times
    /// are local at that airport, so their difference needs no time zone).
    var connections: [(airport: String, hours: Double)]? {
        guard let legs = itinerary else { return nil }
        var result: [(String, Double)] = []
        for (leg, next) in zip(legs, legs.dropFirst()) {
            guard let airport = leg.arrival, airport == next.departure,
                let arrived = leg.arrivalTime.flatMap(TravelTime.minutes), let leaves = next.departureTime.flatMap(TravelTime.minutes)
            else { continue }
            let hours = Double(leaves - arrived) / 60
            if hours >= 0 && hours < 24 { result.append((airport, hours)) }
        }
        return result
    }

    /// This traveller's check-ins on this flight.
    var checkIns: [TravelMessage.CheckIn]? {
        guard let booking else { return nil }
        let mine = booking.checkIns.filter { check in
            (person.reference == nil || check.traveller == nil || check.traveller == person.reference) && Self.sameFlight(check.flight, flight.number)
        }
        return mine.isEmpty ? nil : mine
    }

    static func sameFlight(_ a: String, _ b: String) -> Bool {
        func key(_ text: String) -> String {
            let carrier = text.prefix(2)
            let number = text.dropFirst(2).drop { $0 == "0" }
            return String(carrier) + String(number)
        }
        return key(a) == key(b)
    }

    static func airports(_ legs: [TravelMessage.Flight]) -> [String] {
        var result: [String] = []
        for leg in legs {
            if let departure = leg.departure, result.last != departure { result.append(departure) }
            if let arrival = leg.arrival { result.append(arrival) }
        }
        return result
    }
}

/// Times as travel messages write them (`YYYY-MM-DDTHH:MM`, optionally with `Z`, or a date).
enum TravelTime {
    static func day(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return (year, month, day)
    }

    /// Minutes since 1970 on the clock the text is written in.
    static func minutes(_ text: String) -> Int? {
        guard let date = ISO8601.parse(text.prefix(10)) else { return nil }
        var minutes = Int(date.timeIntervalSince1970 / 60)
        if text.count >= 16, let hour = Int(text.dropFirst(11).prefix(2)), let minute = Int(text.dropFirst(14).prefix(2)) {
            minutes += hour * 60 + minute
        }
        return minutes
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
