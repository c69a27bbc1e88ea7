import Foundation

/// Reads a PNR push (PNRGOV 10.1, 11.1, 13.1) into a ``TravelMessage``: the reported flight
/// (the message-level TVL), and per booking (SRC … ) the record locator and creation time
/// (RCI), the travellers (TIF, infants included), their SSR DOCS travel documents, birth
/// dates and genders (FI/MI infants), the itinerary (TVL), tickets (TKT), forms of payment
/// (FOP, cash included) and excess bags (EBD). Segments it does not read are skipped.
public enum PNRGOVParser {
    public static func parse(_ message: EDIFACTMessage, today: Date = Date()) -> TravelMessage {
        var flight: TravelMessage.Flight?
        var bookings: [TravelMessage.Booking] = []
        var people: [TravelMessage.Person] = []
        var diagnostics: [EDIFACTDiagnostic] = []
        var booking: TravelMessage.Booking?
        /// Travellers of the current booking, with their TIF reference.
        var travellers: [(reference: String?, person: TravelMessage.Person)] = []

        func flush() {
            if var current = booking {
                current.travellers = travellers.count
                bookings.append(current)
            }
            people += travellers.map(\.person)
            booking = nil
            travellers = []
        }

        for segment in message.segments {
            switch segment.tag {
            case "SRC":
                flush()
                booking = TravelMessage.Booking(locator: "", created: nil, travellers: 0)
            case "RCI":
                guard booking != nil, booking!.locator.isEmpty else { continue }
                booking!.locator = segment.value(0, 1) ?? ""
                if let date = segment.value(0, 3) { booking!.created = dayMonthYear(date, time: segment.value(0, 4)) }
            case "TVL":
                let leg = TravelMessage.Flight(
                    number: (segment.value(3) ?? "") + (segment.value(4, 0) ?? ""), departure: segment.value(1), arrival: segment.value(2),
                    departureTime: segment.value(0, 0).flatMap { dayMonthYear($0, time: segment.value(0, 1)) },
                    arrivalTime: segment.value(0, 2).flatMap { dayMonthYear($0, time: segment.value(0, 3)) }
                        ?? segment.value(0, 3).flatMap { time in segment.value(0, 0).flatMap { dayMonthYear($0, time: time) } })
                if booking == nil { flight = flight ?? leg } else { booking!.itinerary.append(leg) }
            case "TIF":
                guard booking != nil else { continue }
                let surname = segment.value(0, 0) ?? ""
                let given = segment.value(1, 0) ?? ""
                let type = segment.value(1, 1) ?? segment.value(0, 1)
                // An infant already known from its DOCS (they often come first) is the same person.
                if type == "IN", let known = travellers.lastIndex(where: {
                    $0.reference == nil && $0.person.role == "infant" && Docs.squeeze($0.person.surname) == Docs.squeeze(surname)
                }) {
                    travellers[known].reference = segment.value(1, 2)
                    travellers[known].person.surname = surname
                    travellers[known].person.givenNames = given
                    continue
                }
                // A traveller listed again (a split PNR repeats its names) is the same person.
                if travellers.contains(where: { $0.reference == segment.value(1, 2) && Docs.squeeze($0.person.surname) == Docs.squeeze(surname)
                    && Docs.squeeze($0.person.givenNames) == Docs.squeeze(given) }) {
                    continue
                }
                travellers.append((segment.value(1, 2), TravelMessage.Person(
                    role: type == "IN" ? "infant" : "passenger", surname: surname, givenNames: given, dateOfBirth: nil, gender: "U",
                    nationality: nil, residence: nil, embarkation: nil, debarkation: nil, documents: [], booking: booking?.locator, seat: nil)))
            case "SSR":
                guard booking != nil, segment.value(0, 0) == "DOCS", let text = segment.value(0, 8) else { continue }
                guard let docs = Docs(text, today: today) else {
                    diagnostics.append(EDIFACTDiagnostic(code: "ssr.docs", severity: .warning, message: "an SSR DOCS that cannot be read",
                                                         segment: segment.position, byteOffset: segment.byteOffset, line: segment.line))
                    continue
                }
                // The traveller the SSR names by reference, else by surname, else the last one;
                // an infant's DOCS (FI/MI) goes to the infant.
                let reference = segment.value(2, 2) ?? segment.value(2, 0)
                var index = docs.infant ? nil : travellers.lastIndex { $0.reference != nil && $0.reference == reference }
                if index == nil {
                    // By name: same surname, the right kind (infant or not), best with the
                    // given name too; else the last traveller the SSR follows.
                    let sameName = travellers.indices.filter { Docs.squeeze(travellers[$0].person.surname) == Docs.squeeze(docs.surname) }
                    let sameKind = sameName.filter { (travellers[$0].person.role == "infant") == docs.infant }
                    let given = Docs.squeeze(docs.givenNames.split(separator: " ").first.map(String.init) ?? "")
                    index = sameKind.last { !given.isEmpty && Docs.squeeze(travellers[$0].person.givenNames).hasPrefix(given) }
                        ?? sameKind.last ?? (docs.infant ? nil : sameName.last ?? travellers.indices.last)
                }
                if docs.infant, index == nil {
                    // An infant known only from its DOCS.
                    travellers.append((nil, TravelMessage.Person(
                        role: "infant", surname: docs.surname, givenNames: docs.givenNames, dateOfBirth: nil, gender: "U", nationality: nil,
                        residence: nil, embarkation: nil, debarkation: nil, documents: [], booking: booking?.locator, seat: nil)))
                    index = travellers.count - 1
                }
                guard let index else { continue }
                var person = travellers[index].person
                person.dateOfBirth = person.dateOfBirth ?? docs.dateOfBirth
                if person.gender == "U" { person.gender = docs.gender }
                person.nationality = person.nationality ?? docs.nationality
                if docs.document.number != nil || docs.document.type != nil, !person.documents.contains(docs.document) { person.documents.append(docs.document) }
                travellers[index].person = person
            case "TKT":
                if let number = segment.value(0, 0), booking != nil { booking!.tickets.append(number) }
            case "FOP":
                if let type = segment.value(0, 0), booking != nil { booking!.payments.append(type) }
            case "EBD":
                if booking != nil, let count = Int(segment.value(1, 0) ?? "") { booking!.bags = (booking!.bags ?? 0) + count }
            default:
                continue
            }
        }
        flush()
        if let count = message.segments.first(where: { $0.tag == "EQN" }).flatMap({ Int($0.value(0) ?? "") }), count != bookings.count,
           let segment = message.segments.first(where: { $0.tag == "EQN" }) {
            diagnostics.append(EDIFACTDiagnostic(code: "eqn.count", severity: .warning, message: "EQN counts \(count) bookings; the message has \(bookings.count)",
                                                 segment: segment.position, byteOffset: segment.byteOffset, line: segment.line))
        }
        return TravelMessage(type: "PNRGOV", version: message.version, flight: flight, legs: flight.map { [$0] } ?? [], bookings: bookings,
                             passengers: people, diagnostics: diagnostics)
    }

    /// `DDMMYY` and `HHMM[SS]` as `YYYY-MM-DDTHH:MM` (dates in PNRs are recent: 20YY).
    static func dayMonthYear(_ date: String, time: String?) -> String? {
        let digits = date.trimmingCharacters(in: .whitespaces)
        guard digits.count == 6, digits.allSatisfy(\.isNumber) else { return nil }
        let day = digits.prefix(2), month = digits.dropFirst(2).prefix(2), year = digits.suffix(2)
        var text = "20\(year)-\(month)-\(day)"
        if let time, time.count >= 4, time.prefix(4).allSatisfy(\.isNumber) { text += "T\(time.prefix(2)):\(time.dropFirst(2).prefix(2))" }
        return text
    }

    /// The free text of an SSR DOCS: `/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SURNAME/GIVEN/MIDDLE`.
    struct Docs {
        var document: TravelMessage.Document
        var nationality: String?
        var dateOfBirth: String?
        var gender: String
        var infant: Bool
        var surname: String
        var givenNames: String

        init?(_ text: String, today: Date) {
            var fields = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.first == "" { fields.removeFirst() }
            guard fields.count >= 8 else { return nil }
            func field(_ index: Int) -> String? { index < fields.count && !fields[index].isEmpty ? fields[index] : nil }
            document = TravelMessage.Document(type: field(0), number: field(2), issuingState: field(1),
                                              expiry: field(6).flatMap { Self.date($0) }.flatMap { TravelDates.expiry($0, today: today) })
            nationality = field(3)
            dateOfBirth = field(4).flatMap { Self.date($0) }.flatMap { TravelDates.birth($0, today: today) }
            let code = (field(5) ?? "U").uppercased()
            infant = code == "FI" || code == "MI"
            gender = ["M", "F", "X"].contains(String(code.prefix(1))) ? String(code.prefix(1)) : "U"
            surname = field(7) ?? ""
            givenNames = fields.dropFirst(8).filter { !$0.isEmpty }.joined(separator: " ")
        }

        /// `30MAY76` as `760530` (YYMMDD), for the century rules.
        static func date(_ text: String) -> String? {
            let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            guard text.count == 7, let month = months.firstIndex(of: String(text.dropFirst(2).prefix(3)).uppercased()) else { return nil }
            return "\(text.suffix(2))\(String(format: "%02d", month + 1))\(text.prefix(2))"
        }

        /// Names compared without spaces (PNR names are often split or glued).
        static func squeeze(_ name: String) -> String { name.uppercased().filter { !$0.isWhitespace } }
    }
}
