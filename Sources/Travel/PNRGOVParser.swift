import Foundation
import PortunusCore

/// Reads a PNR push (PNRGOV 10.1, 11.1, 13.1) into a ``TravelMessage``.
///
/// The header's ORG (sender) and TVL (the reported flight), then per booking (SRC … ):
/// - Gr1: the record locator and creation time (RCI), last change and ticketing (DAT 700/710),
///   the agency (ORG), addresses and phones (ADD), contact remarks (IFT and SSR CTCE/CTCM/…),
///   excess bags (EBD);
/// - Gr2: travellers (TIF, infants included; a split PNR lists them once), SSR DOCS birth
///   dates, genders (FI/MI infants) and documents, SSR DOCO visas;
/// - Gr3–4: tickets (TKT, with DAT 710), forms of payment (FOP, cash included) and payers
///   (IFT 43);
/// - Gr5–7: the itinerary (TVL marketing:operating carriers and class, TRA operating flight,
///   RPI status, APD aircraft), seats (SSR SEAT), and check-in per traveller (DAT 2, TRI, TIF,
///   SSD seat and cabin, TBD bags, weight and tags);
/// - Gr10–12 and LTS: the booking's history. Segments inside a history item (TVL, TIF, SSR)
///   describe the past and are not read as the booking's present.
/// Segments it does not read are skipped.
public enum PNRGOVParser {
    /// The most bags one EBD or TBD segment may count (see `bagCount`).
    static let maximumBagsPerSegment = 999
    /// The heaviest total one TBD segment may weigh, in its unit (kg or lb): ten tonnes.
    static let maximumBagWeight = 10_000.0

    public static func parse(_ message: EDIFACTMessage, today: Date = Date()) -> TravelMessage {
        var reader = Reader(today: today)
        for segment in message.segments { reader.read(segment) }
        reader.flush()
        if let segment = message.segments.first(where: { $0.tag == "EQN" }), let count = Int(segment.value(0) ?? ""), count != reader.bookings.count {
            reader.note("eqn.count", "EQN counts \(count) bookings; the message has \(reader.bookings.count)", segment)
        }
        // The seat on the reported flight is the traveller's seat.
        if let reported = reader.flight?.number {
            var people = reader.people
            for index in people.indices {
                guard let booking = reader.bookings.first(where: { $0.locator == people[index].booking }) else { continue }
                // The reported flight by its number, or by the operating flight's in a codeshare.
                let legs = Set(booking.itinerary.filter { $0.number == reported || $0.operatingNumber == reported }.map(\.number) + [reported])
                let seats =
                    booking.checkIns.filter { legs.contains($0.flight) && $0.traveller == people[index].reference }.compactMap(\.seat)
                    + booking.seats.filter { legs.contains($0.flight) && $0.traveller == people[index].reference }.map(\.seat)
                people[index].seat = seats.first
            }
            reader.people = people
        }
        var parsed = TravelMessage(
            type: "PNRGOV", version: message.version, flight: reader.flight, legs: reader.flight.map { [$0] } ?? [],
            bookings: reader.bookings, passengers: reader.people, diagnostics: reader.diagnostics)
        parsed.sender = reader.sender
        return parsed
    }

    /// Where the reader is inside a booking: the part of the message a segment belongs to
    /// decides what it means (an ORG is the agency in Gr1, the check-in agent in Gr6).
    enum Part { case header, booking, travellers, itinerary, checkIn, history }

    struct Reader {
        let today: Date
        var sender: String?
        var flight: TravelMessage.Flight?
        var bookings: [TravelMessage.Booking] = []
        var people: [TravelMessage.Person] = []
        var diagnostics: [EDIFACTDiagnostic] = []
        var booking: TravelMessage.Booking?
        var part = Part.header
        /// Travellers of the current booking.
        var travellers: [TravelMessage.Person] = []
        /// The leg check-in and seat segments belong to (the booking's latest; history TVLs
        /// never join the itinerary), and the leg's check-in time.
        var leg: TravelMessage.Flight? { booking?.itinerary.last }
        var checkInTime: String?
        /// The history item being read (ABI), whose SACs each add an item.
        var historyTime: String?
        var historyBy: String?

        init(today: Date) { self.today = today }

        mutating func note(_ code: String, _ message: String, _ segment: EDIFACTSegment) {
            diagnostics.append(
                EDIFACTDiagnostic(
                    code: code, severity: .warning, message: message, segment: segment.position,
                    byteOffset: segment.byteOffset, line: segment.line))
        }

        mutating func flush() {
            if var current = booking {
                current.travellers = travellers.count
                bookings.append(current)
            }
            people += travellers
            booking = nil
            travellers = []
            checkInTime = nil
        }

        mutating func read(_ segment: EDIFACTSegment) {
            switch segment.tag {
            case "ORG":
                switch part {
                case .header: sender = segment.value(0, 0)
                case .booking where booking?.agency == nil:
                    booking?.agency = TravelMessage.Agency(
                        system: segment.value(0, 0), location: segment.value(0, 1), agencyNumber: segment.value(1, 0),
                        agentLocation: segment.value(1, 1), originatorType: segment.value(4, 0), country: segment.value(5, 0),
                        currency: segment.value(5, 1))
                default: break  // the check-in agent (Gr6), or a history item's originator
                }
            case "SRC":
                flush()
                booking = TravelMessage.Booking(locator: "", created: nil, travellers: 0)
                part = .booking
            case "RCI":
                guard booking != nil, booking!.locator.isEmpty else { return }
                booking!.locator = segment.value(0, 1) ?? ""
                if let date = segment.value(0, 3) { booking!.created = time(date, segment.value(0, 4), segment) }
            case "DAT":
                readDates(segment)
            case "ADD":
                guard booking != nil, part != .history else { return }
                let address = [1, 2, 3, 6, 5].compactMap { segment.value(1, $0) }.joined(separator: ", ")
                if !address.isEmpty { booking!.contacts.append(.init(kind: "address", value: address, source: "ADD")) }
                if let phone = segment.value(1, 7).map(TravelDates.trimmed), !phone.isEmpty {
                    booking!.contacts.append(.init(kind: "phone", value: phone, source: "ADD"))
                }
            case "IFT":
                guard booking != nil else { return }
                let kind = segment.value(0, 1)
                if part == .history, kind == "19" {
                    // The text of a change in the history item.
                    if let last = booking!.history.indices.last, booking!.history[last].text == nil {
                        booking!.history[last].text = remarks(segment)
                    }
                } else if kind == "43" {
                    booking!.contacts.append(.init(kind: "payer", value: remarks(segment), source: "IFT"))
                } else if let contact = Self.contact(remarks(segment), source: "IFT") {
                    booking!.contacts.append(contact)
                }
            case "EBD":
                if booking != nil, part != .history, let count = bagCount(segment.value(1, 0), segment) {
                    booking!.bags = (booking!.bags ?? 0) + count
                }
            case "TIF":
                readTraveller(segment)
            case "SSR":
                readSpecialService(segment)
            case "TKT":
                if let number = segment.value(0, 0), booking != nil, part != .history { booking!.tickets.append(number) }
            case "FOP":
                if let type = segment.value(0, 0), booking != nil, part != .history { booking!.payments.append(type) }
            case "TVL":
                readLeg(segment)
            case "TRA":
                guard booking != nil, part == .itinerary, !booking!.itinerary.isEmpty else { return }
                let index = booking!.itinerary.count - 1
                booking!.itinerary[index].operatingCarrier = segment.value(0, 0)
                if let number = segment.value(1, 0) { booking!.itinerary[index].operatingNumber = (segment.value(0, 0) ?? "") + number }
            case "RPI":
                guard booking != nil, part == .itinerary, !booking!.itinerary.isEmpty else { return }
                booking!.itinerary[booking!.itinerary.count - 1].status = segment.value(1, 0)
            case "APD":
                guard booking != nil, part == .itinerary, !booking!.itinerary.isEmpty else { return }
                booking!.itinerary[booking!.itinerary.count - 1].aircraft = segment.value(0, 0)
            case "TRI":
                guard booking != nil, let leg, part == .itinerary || part == .checkIn else { return }
                part = .checkIn
                booking!.checkIns.append(
                    TravelMessage.CheckIn(
                        flight: leg.number, traveller: nil, sequence: segment.value(1, 0) ?? segment.value(1, 3),
                        time: checkInTime))
            case "SSD":
                guard booking != nil, part == .checkIn, let last = booking!.checkIns.indices.last else { return }
                booking!.checkIns[last].seat = segment.value(0, 0).flatMap { $0 == "XXX" ? nil : $0 }
                booking!.checkIns[last].cabin = segment.value(4, 0)
            case "TBD":
                guard booking != nil, part == .checkIn, let last = booking!.checkIns.indices.last else { return }
                readBags(segment, into: last)
            case "ABI":
                guard booking != nil else { return }
                part = .history
                historyTime = nil
                historyBy = segment.value(4, 0) ?? segment.value(1, 1)
            case "SAC":
                guard booking != nil, part == .history else { return }
                booking!.history.append(.init(source: "ABI", time: historyTime, by: historyBy, action: segment.value(2, 0)))
            case "LTS":
                guard booking != nil, let text = segment.value(0, 0) else { return }
                booking!.history.append(.init(source: "LTS", text: text))
            default:
                return
            }
        }

        mutating func readDates(_ segment: EDIFACTSegment) {
            guard booking != nil else { return }
            for element in 0..<segment.elementCount {
                let qualifier = segment.value(element, 0)
                guard let date = segment.value(element, 1) else { continue }
                let value = time(date, segment.value(element, 2), segment)
                switch (part, qualifier) {
                case (.history, _): historyTime = value
                case (_, "700"): booking!.lastChanged = value
                case (_, "710"): booking!.ticketed = booking!.ticketed ?? value
                case (.itinerary, "2"), (.checkIn, "2"): checkInTime = value
                default: continue
                }
            }
        }

        mutating func readTraveller(_ segment: EDIFACTSegment) {
            guard booking != nil, part != .history else { return }
            let surname = segment.value(0, 0) ?? ""
            let given = segment.value(1, 0) ?? ""
            let reference = segment.value(1, 2)
            if part == .checkIn {
                // The traveller a check-in is for: already listed in Gr2.
                if let last = booking!.checkIns.indices.last, booking!.checkIns[last].traveller == nil {
                    booking!.checkIns[last].traveller = reference ?? travellers.last { Self.sameName($0.surname, surname) }?.reference
                }
                return
            }
            if part == .itinerary { return }  // a traveller named again for a leg
            part = .travellers
            let type = segment.value(1, 1) ?? segment.value(0, 1)
            let key = Self.squeeze(surname)
            // An infant already known from its DOCS (they often come first) is the same person.
            if type == "IN",
                let known = travellers.lastIndex(where: {
                    $0.reference == nil && $0.role == "infant" && Self.squeeze($0.surname) == key
                })
            {
                travellers[known].reference = reference
                travellers[known].surname = surname
                travellers[known].givenNames = given
                return
            }
            // A traveller listed again (a split PNR repeats its names) is the same person.
            let givenKey = Self.squeeze(given)
            if travellers.contains(where: { $0.reference == reference && Self.squeeze($0.surname) == key && Self.squeeze($0.givenNames) == givenKey })
            {
                return
            }
            var person = TravelMessage.Person(
                role: type == "IN" ? "infant" : "passenger", surname: surname, givenNames: given, dateOfBirth: nil, gender: "U",
                nationality: nil, residence: nil, embarkation: nil, debarkation: nil, documents: [], booking: booking?.locator, seat: nil)
            person.reference = reference
            travellers.append(person)
        }

        mutating func readSpecialService(_ segment: EDIFACTSegment) {
            guard booking != nil, part != .history, let code = segment.value(0, 0) else { return }
            switch code {
            case "DOCS":
                guard let text = segment.value(0, 8) else { return }
                readDocs(text, segment)
            case "DOCO":
                guard let text = segment.value(0, 8) else { return }
                readVisa(text, segment)
            case "SEAT":
                guard let leg else { return }
                for element in 1..<max(1, segment.elementCount) {
                    guard let seat = segment.value(element, 0), seat != "XXX" else { continue }
                    booking!.seats.append(.init(flight: leg.number, seat: seat, traveller: segment.value(element, 2)))
                }
            case _ where code.hasPrefix("CTC"):
                let text = [code, segment.value(0, 8) ?? ""].joined(separator: " ")
                if let contact = Self.contact(text, source: "SSR") { booking!.contacts.append(contact) }
            default:
                return
            }
        }

        /// The traveller an SSR names: by reference, else by surname (the right kind, infant
        /// or not, best with the given name too), else the last one it follows.
        func travellerIndex(reference: String?, surname: String, givenNames: String, infant: Bool) -> Int? {
            if !infant, let index = travellers.lastIndex(where: { $0.reference != nil && $0.reference == reference }) { return index }
            let key = Self.squeeze(surname)
            let sameName = travellers.indices.filter { Self.squeeze(travellers[$0].surname) == key }
            let sameKind = sameName.filter { (travellers[$0].role == "infant") == infant }
            let given = Self.squeeze(givenNames.split(separator: " ").first.map(String.init) ?? "")
            return sameKind.last { !given.isEmpty && Self.squeeze(travellers[$0].givenNames).hasPrefix(given) }
                ?? sameKind.last ?? (infant ? nil : sameName.last ?? travellers.indices.last)
        }

        mutating func readDocs(_ text: String, _ segment: EDIFACTSegment) {
            guard let docs = Docs(text, today: today) else {
                note("ssr.docs", "an SSR DOCS that cannot be read", segment)
                return
            }
            let reference = segment.value(2, 2) ?? segment.value(2, 0)
            var index = travellerIndex(reference: reference, surname: docs.surname, givenNames: docs.givenNames, infant: docs.infant)
            if docs.infant, index == nil {
                // An infant known only from its DOCS.
                travellers.append(
                    TravelMessage.Person(
                        role: "infant", surname: docs.surname, givenNames: docs.givenNames, dateOfBirth: nil, gender: "U", nationality: nil,
                        residence: nil, embarkation: nil, debarkation: nil, documents: [], booking: booking?.locator, seat: nil))
                index = travellers.count - 1
            }
            guard let index else { return }
            var person = travellers[index]
            person.dateOfBirth = person.dateOfBirth ?? docs.dateOfBirth
            if person.gender == "U" { person.gender = docs.gender }
            person.nationality = person.nationality ?? docs.nationality
            if docs.document.number != nil || docs.document.type != nil, !person.documents.contains(docs.document) {
                person.documents.append(docs.document)
            }
            travellers[index] = person
        }

        /// SSR DOCO: `birthplace/type/number/place of issue/issue date/country/infant`; a visa
        /// (V) or other document, added to the traveller's documents (the country for which
        /// it is valid as its state).
        mutating func readVisa(_ text: String, _ segment: EDIFACTSegment) {
            let fields = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                .map { TravelDates.trimmed(String(decoding: $0, as: UTF8.self)) }
            guard fields.count >= 3, !fields[1].isEmpty || !fields[2].isEmpty else {
                note("ssr.doco", "an SSR DOCO that cannot be read", segment)
                return
            }
            let reference = segment.value(2, 2) ?? segment.value(2, 0)
            guard let index = travellerIndex(reference: reference, surname: "", givenNames: "", infant: false) else { return }
            let document = TravelMessage.Document(
                type: fields[1].isEmpty ? nil : fields[1], number: fields[2].isEmpty ? nil : fields[2],
                issuingState: fields.count > 5 && !fields[5].isEmpty ? fields[5] : nil, expiry: nil)
            if !travellers[index].documents.contains(document) { travellers[index].documents.append(document) }
        }

        mutating func readLeg(_ segment: EDIFACTSegment) {
            let marketing = segment.value(3, 0)
            let operating = segment.value(3, 1)
            // Dates and times: departure date:time:arrival date:time; the header's TVL may leave
            // the arrival date out (date:time:time), the arrival then being on the departure date.
            let departureDate = segment.value(0, 0)
            var arrivalDate = segment.value(0, 2)
            var arrivalTime = segment.value(0, 3)
            if let third = arrivalDate, third.utf8.count == 4, arrivalTime == nil {
                arrivalTime = third
                arrivalDate = nil
            }
            var leg = TravelMessage.Flight(
                number: (marketing ?? "") + (segment.value(4, 0) ?? ""), departure: segment.value(1), arrival: segment.value(2),
                departureTime: departureDate.flatMap { time($0, segment.value(0, 1), segment) },
                arrivalTime: arrivalDate.flatMap { time($0, arrivalTime, segment) }
                    ?? arrivalTime.flatMap { arrival in departureDate.flatMap { time($0, arrival, segment) } })
            leg.marketingCarrier = marketing
            leg.operatingCarrier = operating ?? marketing
            leg.bookingClass = segment.value(4, 1)
            guard booking != nil else {
                flight = flight ?? leg
                return
            }
            switch part {
            case .history:
                // The flight a history change concerns.
                if let last = booking!.history.indices.last, booking!.history[last].flight == nil { booking!.history[last].flight = leg.number }
            default:
                if segment.value(1) == nil, segment.value(2) == nil, marketing == nil, let number = segment.value(4, 0),
                    let last = booking!.itinerary.indices.last
                {
                    // `TVL+++++303:Y` after a codeshare leg: the operating carrier's flight number.
                    booking!.itinerary[last].operatingNumber = (booking!.itinerary[last].operatingCarrier ?? "") + number
                    return
                }
                part = .itinerary
                checkInTime = nil
                booking!.itinerary.append(leg)
            }
        }

        /// A bag count of one EBD or TBD segment. The sums over a booking's segments are added
        /// unchecked, so each count is bounded here: a file saying Int64.max bags once and then
        /// again trapped on the addition. No airline checks in more than 999 pieces on one
        /// segment; anything else is diagnosed and left out.
        mutating func bagCount(_ text: String?, _ segment: EDIFACTSegment) -> Int? {
            guard let text, let count = Int(TravelDates.trimmed(text)) else { return nil }
            guard (0...PNRGOVParser.maximumBagsPerSegment).contains(count) else {
                note("bags.implausible", "a bag count outside 0 to \(PNRGOVParser.maximumBagsPerSegment); left out", segment)
                return nil
            }
            return count
        }

        /// A bag weight of one TBD segment: finite and not negative (`1e400`, `nan` and `inf`
        /// read as numbers and would sum to a value JSON cannot carry).
        mutating func bagWeight(_ text: String?, _ segment: EDIFACTSegment) -> Double? {
            guard let text, let weight = Double(TravelDates.trimmed(text)) else { return nil }
            guard weight.isFinite, (0...PNRGOVParser.maximumBagWeight).contains(weight) else {
                note("bags.implausible", "a bag weight outside 0 to \(Int(PNRGOVParser.maximumBagWeight)); left out", segment)
                return nil
            }
            return weight
        }

        mutating func readBags(_ segment: EDIFACTSegment, into index: Int) {
            var checkIn = booking!.checkIns[index]
            if let count = bagCount(segment.value(1, 0), segment) { checkIn.bags = (checkIn.bags ?? 0) + count }
            if let weight = bagWeight(segment.value(1, 1), segment) { checkIn.bagWeight = (checkIn.bagWeight ?? 0) + weight }
            switch segment.value(1, 2) {
            case "700": checkIn.weightUnit = "KG"
            case "701": checkIn.weightUnit = "LB"
            default: break
            }
            // Tag numbers: carrier:number::destination:count, from the fourth element on.
            for element in 3..<max(3, segment.elementCount) {
                guard let number = segment.value(element, 1) else { continue }
                checkIn.bagTags.append((segment.value(element, 0) ?? "") + TravelDates.trimmed(number))
            }
            booking!.checkIns[index] = checkIn
        }

        /// A date and time, diagnosed when the time is impossible (the time is then left out).
        mutating func time(_ date: String, _ time: String?, _ segment: EDIFACTSegment) -> String? {
            if let time, !PNRGOVParser.validTime(time) {
                note("time.invalid", "an impossible time of day; the date is kept without it", segment)
                return dayMonthYear(date, time: nil)
            }
            return dayMonthYear(date, time: time)
        }

        /// The free text of an IFT, elements after the qualifier joined by a space.
        func remarks(_ segment: EDIFACTSegment) -> String {
            let elements = segment.elements
            return TravelDates.trimmed(
                (1..<max(1, elements.count)).flatMap { elements[$0] }.map(TravelDates.trimmed).filter { !$0.isEmpty }.joined(separator: " "))
        }

        /// A contact remark (`CTCE`, `CTCM`, `CTCH`, `CTCB`, `CTCR`) as a phone or e-mail address.
        /// E-mail addresses are written in the airline convention: `//` for @, `..` for _, `./` for -.
        static func contact(_ text: String, source: String) -> TravelMessage.Contact? {
            let trimmed = TravelDates.trimmed(text)
            guard trimmed.hasPrefix("CTC"), trimmed.count > 4 else { return nil }
            let code = trimmed.dropFirst(3).prefix(1)
            var value = TravelDates.trimmed(String(trimmed.dropFirst(4)))
            guard !value.isEmpty else { return nil }
            if code == "E" {
                var bytes: [UInt8] = []
                var rest = value.utf8[...]
                while let byte = rest.first {
                    let pair = rest.prefix(2)
                    if pair.elementsEqual("//".utf8) {
                        bytes.append(UInt8(ascii: "@"))
                        rest = rest.dropFirst(2)
                    } else if pair.elementsEqual("..".utf8) {
                        bytes.append(UInt8(ascii: "_"))
                        rest = rest.dropFirst(2)
                    } else if pair.elementsEqual("./".utf8) {
                        bytes.append(UInt8(ascii: "-"))
                        rest = rest.dropFirst(2)
                    } else {
                        bytes.append(byte)
                        rest = rest.dropFirst()
                    }
                }
                value = String(decoding: bytes, as: UTF8.self)
                return .init(kind: "email", value: value, source: source)
            }
            return .init(kind: "phone", value: value, source: source)
        }

        static func sameName(_ lhs: String, _ rhs: String) -> Bool { squeeze(lhs) == squeeze(rhs) }

        /// Names compared without spaces and case (PNR names are often split or glued).
        static func squeeze(_ name: String) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(name.utf8.count)
            for byte in name.utf8 where byte != 0x20 && byte != 0x09 {
                bytes.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func validTime(_ time: String) -> Bool {
        let digits = Array(time.utf8.prefix(4))
        guard digits.count == 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return true }  // not a time: ignored
        let hours = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
        let minutes = Int(digits[2] - 0x30) * 10 + Int(digits[3] - 0x30)
        return hours < 24 && minutes < 60
    }

    /// `DDMMYY` and `HHMM[SS]` as `YYYY-MM-DDTHH:MM` (dates in PNRs are recent: 20YY).
    static func dayMonthYear(_ date: String, time: String?) -> String? {
        let digits = TravelDates.trimmed(date)
        guard digits.utf8.count == 6, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let day = digits.prefix(2)
        let month = digits.dropFirst(2).prefix(2)
        let year = digits.suffix(2)
        var text = "20\(year)-\(month)-\(day)"
        if let time, time.utf8.count >= 4, time.utf8.prefix(4).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            text += "T\(time.prefix(2)):\(time.dropFirst(2).prefix(2))"
        }
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
            var fields = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                .map { TravelDates.trimmed(String(decoding: $0, as: UTF8.self)) }
            if fields.first == "" { fields.removeFirst() }
            guard fields.count >= 8 else { return nil }
            func field(_ index: Int) -> String? { index < fields.count && !fields[index].isEmpty ? fields[index] : nil }
            document = TravelMessage.Document(
                type: field(0), number: field(2), issuingState: field(1),
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
            return "\(text.suffix(2))\(DocumentDates.pad(month + 1, 2))\(text.prefix(2))"
        }
    }
}
