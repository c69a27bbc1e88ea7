/// GTAS's default fuzzy matcher (QuickMatch `gtasDefault`), reproduced to compare against:
/// every passenger against every entry whose birth year is within ±3; a hit when the Double
/// Metaphone strings (primary codes of each token, concatenated) are equal and the
/// Jaro–Winkler similarity of the full names is at least 0.95, or when the similarity is at
/// least 0.95 and the dates of birth are equal; an exact hit when last name, first name,
/// date of birth and metaphones are all equal.
public enum GTASQuickMatch {
    public struct Record: Sendable {
        var fullName: [UInt8]
        var metaphones: String
        var birthDate: BirthDate?
    }

    public static func record(_ name: PersonName, birthDate: BirthDate?) -> Record {
        // GTAS upper-cases and keeps the name as written: first middle last.
        let full = name.tokens.joined(separator: " ")
        return Record(fullName: Array(full.utf8), metaphones: name.tokens.map { DoubleMetaphone.encode($0).primary }.joined(), birthDate: birthDate)
    }

    /// The confidence of a hit (1.0, 0.9, 0.8) or nil.
    public static func match(_ person: Record, _ entry: Record, threshold: Double = 0.95, yearOffset: Int = 3) -> Double? {
        if let a = person.birthDate, let b = entry.birthDate, abs(a.year - b.year) > yearOffset { return nil }
        if person.fullName == entry.fullName && person.metaphones == entry.metaphones && person.birthDate == entry.birthDate { return 1.0 }
        let similarity = JaroWinkler.similarity(person.fullName, entry.fullName)
        if person.metaphones == entry.metaphones && similarity >= threshold { return 0.9 }
        if similarity >= threshold, let a = person.birthDate, let b = entry.birthDate, a == b { return 0.8 }
        return nil
    }
}
