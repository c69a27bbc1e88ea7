import Foundation
import GRDB
import PortunusCore
import Travel

/// The database within one write transaction, for linking the people of a received file to
/// travellers: reads of candidates and writes of links see one consistent state.
public struct TravellerWriter {
    let db: Database

    /// The flight's id, created when new; times the stored row lacks are filled in.
    public func flight(_ flight: StoredFlight) throws -> Int64 {
        if let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT id FROM flight WHERE number = ? AND origin = ? AND destination = ? AND departure_date = ?"),
            arguments: [flight.number, flight.origin, flight.destination, flight.departureDate])
        {
            let id: Int64 = row["id"]
            try db.cachedStatement(
                sql: """
                    UPDATE flight SET departure_time = COALESCE(departure_time, ?), arrival_time = COALESCE(arrival_time, ?),
                        departure_utc = COALESCE(departure_utc, ?), arrival_utc = COALESCE(arrival_utc, ?) WHERE id = ?
                    """
            ).execute(arguments: [flight.departureTime, flight.arrivalTime, flight.departureUTC, flight.arrivalUTC, id])
            return id
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO flight (number, origin, destination, departure_date, departure_time, arrival_time, departure_utc, arrival_utc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            flight.number, flight.origin, flight.destination, flight.departureDate, flight.departureTime, flight.arrivalTime,
            flight.departureUTC, flight.arrivalUTC,
        ])
        return db.lastInsertedRowID
    }

    /// Whether the file's people are linked already (checked inside the transaction, so that
    /// two requests processing one file cannot both link it).
    public func passengersExist(messageID: Int64) throws -> Bool {
        try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM passenger WHERE message_id = ?)"), arguments: [messageID])
            ?? false
    }

    /// Travellers holding a document of this number and issuing state.
    public func travellers(document number: String, issuingState: String) throws -> [StoredTraveller] {
        try TargetingStore.travellers(
            db,
            sql: """
                SELECT t.* FROM traveller t JOIN traveller_document d ON d.traveller_id = t.id
                WHERE d.number = ? AND d.issuing_state = ? AND t.depersonalised_at IS NULL
                """, arguments: [number, issuingState])
    }

    /// Travellers born on this day.
    public func travellers(bornOn date: String) throws -> [StoredTraveller] {
        try TargetingStore.travellers(
            db, sql: "SELECT * FROM traveller WHERE date_of_birth = ? AND depersonalised_at IS NULL LIMIT 500", arguments: [date])
    }

    /// Travellers already seen in this booking (the same PNR record locator).
    public func travellers(booking locator: String) throws -> [StoredTraveller] {
        try TargetingStore.travellers(
            db,
            sql: """
                SELECT * FROM traveller WHERE depersonalised_at IS NULL AND id IN (SELECT traveller_id FROM passenger WHERE booking = ?)
                """, arguments: [locator])
    }

    public func createTraveller(surname: String, givenNames: String, dateOfBirth: String?, gender: String, nationality: String?) throws -> Int64 {
        try db.cachedStatement(
            sql: "INSERT INTO traveller (created_at, surname, given_names, date_of_birth, gender, nationality) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [ISO8601.format(Date()), surname, givenNames, dateOfBirth, gender, nationality])
        return db.lastInsertedRowID
    }

    /// Fills what the traveller's record does not know yet (a PNR without a date of birth,
    /// later completed by API data).
    public func complete(traveller id: Int64, dateOfBirth: String?, gender: String, nationality: String?) throws {
        try db.cachedStatement(
            sql: """
                UPDATE traveller SET date_of_birth = COALESCE(date_of_birth, ?), nationality = COALESCE(nationality, ?),
                    gender = CASE WHEN gender IN ('U', '') THEN ? ELSE gender END WHERE id = ?
                """
        ).execute(arguments: [dateOfBirth, nationality, gender, id])
    }

    public func addDocuments(traveller id: Int64, _ documents: [StoredTraveller.Document]) throws {
        for document in documents {
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO traveller_document (traveller_id, number, issuing_state, type, expiry) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [id, document.number, document.issuingState, document.type, document.expiry])
        }
    }

    /// Stores one person of a message, linked to a traveller: the role and record locator are
    /// the person's own, `booking` the message's booking of that locator.
    @discardableResult
    public func insertPassenger(
        flightID: Int64, travellerID: Int64, messageID: Int64, source: String, person: TravelMessage.Person, booking: TravelMessage.Booking?,
        link: LinkEvidence
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO passenger (flight_id, traveller_id, message_id, source, role, booking, person_json, booking_json, link_json, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            flightID, travellerID, messageID, source, person.role, person.booking, try TargetingStore.personText(person),
            try booking.map(TargetingStore.bookingText), try JSONColumn.text(link, column: "link_json", table: "passenger"),
            ISO8601.format(Date()),
        ])
        return db.lastInsertedRowID
    }
}
