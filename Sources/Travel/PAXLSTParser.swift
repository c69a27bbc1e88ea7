import Foundation

/// Reads an API passenger or crew list (PAXLST D02B, D03B, D05B) into a ``TravelMessage``.
///
/// Segment groups as the WCO/IATA/ICAO guideline lays them out: flight legs (TDT, then LOC
/// and DTM per place), then one group per person (NAD+FL passenger, NAD+FM crew, NAD+DDU /
/// DDT in transit) with ATT gender, DTM+329 birth, LOC residence (174), embarkation (178),
/// debarkation (179), NAT, RFF booking (AVF) and seat (SEA), and its travel documents (DOC,
/// with DTM+36 expiry and LOC+91 issuing state). Versions differ in optional segments, which
/// are read where present. Anything unexpected is diagnosed and skipped, never fatal.
public enum PAXLSTParser {
    public static func parse(_ message: EDIFACTMessage, today: Date = Date()) -> TravelMessage {
        var legs: [TravelMessage.Flight] = []
        var reportedLeg: Int?
        var people: [TravelMessage.Person] = []
        var diagnostics: [EDIFACTDiagnostic] = []
        var person: TravelMessage.Person?
        var lastLocation: String? = nil

        func flushPerson() {
            if let current = person { people.append(current) }
            person = nil
        }

        for segment in message.segments {
            switch segment.tag {
            case "TDT":
                flushPerson()
                legs.append(TravelMessage.Flight(number: segment.value(1) ?? ""))
                lastLocation = nil
            case "NAD":
                let qualifier = segment.value(0) ?? ""
                // FL passenger, FM crew, DDU / DDT passenger / crew in transit; VW the driver of
                // a land conveyance in US ACE manifests.
                guard ["FL", "FM", "DDU", "DDT", "COT", "VW"].contains(qualifier) else {
                    flushPerson()
                    continue
                }
                flushPerson()
                let name = segment.elements.count > 3 ? segment.elements[3] : []
                let surname = TravelDates.trimmed(name.first ?? "")
                let given = name.dropFirst().map(TravelDates.trimmed).filter { !$0.isEmpty }.joined(separator: " ")
                if surname.isEmpty {
                    diagnostics.append(note("nad.name", "a traveller without a surname", segment))
                }
                person = TravelMessage.Person(
                    role: ["FM", "DDT", "VW"].contains(qualifier) ? "crew" : "passenger", surname: surname, givenNames: given, dateOfBirth: nil,
                    gender: "U", nationality: nil, residence: nil, embarkation: nil, debarkation: nil, documents: [], booking: nil, seat: nil)
            case "ATT":
                guard person != nil, segment.value(0) == "2" else { continue }
                let code = (segment.value(2) ?? "").uppercased()
                person!.gender = ["M", "F", "X", "U"].contains(code) ? code : "U"
                if !["M", "F", "X", "U", ""].contains(code) { diagnostics.append(note("att.gender", "unknown gender code", segment)) }
            case "DTM":
                let qualifier = segment.value(0, 0)
                let value = segment.value(0, 1) ?? ""
                switch qualifier {
                case "329":
                    guard person != nil else { continue }
                    person!.dateOfBirth = TravelDates.birth(value, today: today)
                    if person!.dateOfBirth == nil { diagnostics.append(note("dtm.date", "not a date", segment)) }
                case "36":
                    guard person != nil, !person!.documents.isEmpty else { continue }
                    person!.documents[person!.documents.count - 1].expiry = TravelDates.expiry(value, today: today)
                case "189", "232":
                    guard person == nil, !legs.isEmpty else { continue }
                    if qualifier == "189" {
                        legs[legs.count - 1].departureTime = TravelDates.time(value)
                    } else {
                        legs[legs.count - 1].arrivalTime = TravelDates.time(value)
                    }
                default: continue
                }
            case "LOC":
                let qualifier = segment.value(0) ?? ""
                let place = segment.value(1) ?? segment.value(1, 3)
                if var current = person {
                    switch qualifier {
                    case "174": current.residence = place
                    case "178": current.embarkation = place
                    case "179": current.debarkation = place
                    case "91":
                        if !current.documents.isEmpty { current.documents[current.documents.count - 1].issuingState = place }
                    default: break
                    }
                    person = current
                } else if !legs.isEmpty {
                    switch qualifier {
                    case "125":
                        legs[legs.count - 1].departure = place
                        reportedLeg = legs.count - 1
                    case "87":
                        legs[legs.count - 1].arrival = place
                        reportedLeg = reportedLeg ?? legs.count - 1
                    case "92":
                        // Routing: the first place of a leg is its departure, the next its arrival.
                        if legs[legs.count - 1].departure == nil {
                            legs[legs.count - 1].departure = place
                        } else {
                            legs[legs.count - 1].arrival = place
                        }
                    default: break
                    }
                    lastLocation = qualifier
                }
            case "MEA":
                guard person != nil else { continue }
                switch segment.value(0) {
                case "CT": person!.bags = segment.value(2).flatMap { Int(TravelDates.trimmed($0)) }
                case "WT":
                    person!.weightUnit = segment.value(2, 0)
                    // `inf`, `nan` and `1e400` read as Doubles; JSON cannot carry them.
                    person!.bagWeight = segment.value(2, 1).flatMap { Double(TravelDates.trimmed($0)) }.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
                default: break
                }
            case "NAT":
                guard person != nil else { continue }
                person!.nationality = segment.value(1)
            case "RFF":
                guard person != nil else { continue }
                switch segment.value(0, 0) {
                case "AVF": person!.booking = segment.value(0, 1)
                case "SEA": person!.seat = segment.value(0, 1)
                default: break
                }
            case "DOC":
                guard person != nil else {
                    diagnostics.append(note("doc.orphan", "a document before any traveller", segment))
                    continue
                }
                person!.documents.append(TravelMessage.Document(type: segment.value(0, 0), number: segment.value(1), issuingState: nil, expiry: nil))
            default:
                continue
            }
        }
        flushPerson()
        _ = lastLocation
        let flight = reportedLeg.map { legs[$0] } ?? legs.last
        if legs.isEmpty {
            diagnostics.append(
                EDIFACTDiagnostic(
                    code: "tdt.missing", severity: .warning, message: "no flight (TDT) in the message", segment: nil,
                    byteOffset: message.byteRange.lowerBound, line: message.segments.first?.line ?? 1))
        }
        if let count = message.segments.first(where: { $0.tag == "CNT" && $0.value(0, 0) == "42" }), let total = Int(count.value(0, 1) ?? ""),
            total != people.count
        {
            diagnostics.append(note("cnt.total", "CNT+42 counts \(total) travellers; the message lists \(people.count)", count))
        }
        return TravelMessage(
            type: "PAXLST", version: message.version, flight: flight, legs: legs, bookings: [], passengers: people,
            diagnostics: diagnostics)
    }

    static func note(_ code: String, _ message: String, _ segment: EDIFACTSegment) -> EDIFACTDiagnostic {
        EDIFACTDiagnostic(
            code: code, severity: .warning, message: message, segment: segment.position, byteOffset: segment.byteOffset, line: segment.line)
    }
}
