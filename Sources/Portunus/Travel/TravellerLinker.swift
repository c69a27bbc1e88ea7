import Foundation
import Screening
import Storage
import Travel

/// Links the people of API and PNR messages into travellers, conservatively (a false merge
/// puts one person's history on another; a missed link only splits a history):
///
/// 1. the same travel document (number, up to spacing and case, and issuing state), unless the
///    dates of birth disagree;
/// 2. the same booking (PNR record locator: a PNR sent again, or split) and the same name;
/// 3. the same date of birth and the same name by screening's name comparison (token order,
///    honorifics, transliteration, spelling) at ``nameThreshold``, unless the genders or
///    nationalities disagree.
///
/// Anything else is a new traveller.
public enum TravellerLinker {
    public static let nameThreshold = 0.91

    /// The documents as stored: numbers without spaces or punctuation, upper case.
    public static func documents(_ person: TravelMessage.Person) -> [StoredTraveller.Document] {
        person.documents.compactMap { document in
            guard let number = document.number.map(DocumentNumber.normalized), !number.isEmpty else { return nil }
            return StoredTraveller.Document(
                number: number, issuingState: document.issuingState?.uppercased() ?? "", type: document.type, expiry: document.expiry)
        }
    }

    public static func name(_ person: TravelMessage.Person) -> PersonName { PersonName(person.givenNames + " " + person.surname) }

    static func name(_ traveller: StoredTraveller) -> PersonName { PersonName((traveller.givenNames ?? "") + " " + (traveller.surname ?? "")) }

    static func conflicts(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, !a.isEmpty, !b.isEmpty else { return false }
        return a != b
    }

    static func genderConflicts(_ a: String, _ b: String) -> Bool {
        let known: Set<String> = ["M", "F"]
        return known.contains(a) && known.contains(b) && a != b
    }

    /// The traveller this person is (nil: a new one) and why.
    public static func link(_ person: TravelMessage.Person, in writer: TravellerWriter) throws -> (
        traveller: StoredTraveller?, evidence: LinkEvidence
    ) {
        let documents = documents(person)
        for document in documents where !document.issuingState.isEmpty {
            for traveller in try writer.travellers(document: document.number, issuingState: document.issuingState) {
                guard !conflicts(traveller.dateOfBirth, person.dateOfBirth) else { continue }
                var reasons = ["travel document\(document.type.map { " (\($0))" } ?? "") of the same number and issuing state"]
                if traveller.dateOfBirth != nil && traveller.dateOfBirth == person.dateOfBirth { reasons.append("date of birth equal") }
                return (traveller, LinkEvidence(method: "document", nameScore: nil, reasons: reasons))
            }
        }
        let incoming = name(person)
        if let locator = person.booking, !locator.isEmpty {
            var best: (StoredTraveller, Double, [String])?
            for traveller in try writer.travellers(booking: locator) where !conflicts(traveller.dateOfBirth, person.dateOfBirth) {
                let (score, reasons) = WatchListIndex.compare(incoming, name(traveller))
                if score >= nameThreshold, score > best?.1 ?? 0 { best = (traveller, score, reasons) }
            }
            if let (traveller, score, reasons) = best {
                return (traveller, LinkEvidence(method: "booking", nameScore: score, reasons: ["same booking (record locator)"] + reasons))
            }
        }
        if let birth = person.dateOfBirth {
            var best: (StoredTraveller, Double, [String])?
            for traveller in try writer.travellers(bornOn: birth) {
                guard !genderConflicts(traveller.gender, person.gender), !conflicts(traveller.nationality, person.nationality) else { continue }
                let (score, reasons) = WatchListIndex.compare(incoming, name(traveller))
                if score >= nameThreshold, score > best?.1 ?? 0 { best = (traveller, score, reasons) }
            }
            if let (traveller, score, reasons) = best {
                var all = ["date of birth equal"] + reasons
                let theirs = Set(traveller.documents.map { "\($0.issuingState)|\($0.number)" })
                if documents.contains(where: { doc in
                    traveller.documents.contains { $0.issuingState == doc.issuingState } && !theirs.contains("\(doc.issuingState)|\(doc.number)")
                }) {
                    all.append("documents of the same issuing state differ (a renewed document, or another person: review)")
                }
                return (traveller, LinkEvidence(method: "name_and_birth_date", nameScore: score, reasons: all))
            }
        }
        return (
            nil, LinkEvidence(method: "new", nameScore: nil, reasons: ["no traveller with the same document, booking, or name and date of birth"])
        )
    }
}
