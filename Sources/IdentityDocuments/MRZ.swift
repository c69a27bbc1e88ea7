import Foundation

/// A machine-readable zone as read and checked: every field, every check digit with whether
/// it holds, the repairs made to OCR noise, and what the check digits do not protect.
public struct MRZ: Sendable, Hashable, Encodable {
    public var format: MRZFormat
    /// The lines after repair (what the fields were read from).
    public var lines: [String]
    public var documentCode: String
    public var issuingState: String
    public var surname: String
    public var givenNames: String
    public var documentNumber: String
    /// The document number continues in the optional data (TD1, TD2: more than 9 characters).
    public var documentNumberExtended: Bool
    public var nationality: String
    /// `YYYY-MM-DD`, nil when the field is not a calendar day.
    public var dateOfBirth: String?
    public var expiryDate: String?
    /// M, F or X (unspecified, written `<` or `X`).
    public var sex: String
    public var optionalData: String
    /// TD1 only: the second optional field (line 2).
    public var optionalData2: String?
    /// As printed: dates `YYMMDD`, check digits one character, the sex character.
    public var raw: Raw
    /// Each check digit of the format: document_number, date_of_birth, expiry_date,
    /// optional_data (TD3), composite (TD1, TD2, TD3).
    public var checks: [String: Check]
    public var repairs: [Repair]
    /// Readings of an alphanumeric field (document number, TD3 personal number) that would make
    /// its failing check digit hold by one look-alike substitution (0/O, 1/I, 8/B, 5/S, 2/Z,
    /// 6/G). Not applied: where letters and digits are both allowed, the check digit alone
    /// cannot tell OCR noise from a wrong document (one substitution in ten passes it by
    /// chance), so the zone stays as read and ``valid`` false; an officer compares the
    /// suggestion with the printed page.
    public var suggestions: [Suggestion]
    /// What is wrong besides check digits: unknown country codes, impossible dates, characters
    /// outside the MRZ set.
    public var problems: [String]
    /// True only when every check digit holds, both country codes are known to ICAO 9303,
    /// and every date is a calendar day.
    public var valid: Bool
    /// Fields no check digit covers: a change there goes unseen by the MRZ (passive
    /// authentication of the chip is what protects them).
    public var notProtected: [String]

    public struct Raw: Sendable, Hashable, Encodable {
        public var documentNumberCheckDigit: String
        public var birthDate: String
        public var birthDateCheckDigit: String
        public var expiryDate: String
        public var expiryDateCheckDigit: String
        public var sex: String
        public var optionalDataCheckDigit: String?
        public var compositeCheckDigit: String?

        enum CodingKeys: String, CodingKey {
            case documentNumberCheckDigit = "document_number_check_digit", birthDate = "date_of_birth", birthDateCheckDigit =
                "date_of_birth_check_digit"
            case expiryDate = "expiry_date", expiryDateCheckDigit = "expiry_date_check_digit", sex
            case optionalDataCheckDigit = "optional_data_check_digit", compositeCheckDigit = "composite_check_digit"
        }
    }

    public struct Check: Sendable, Hashable, Encodable {
        public var valid: Bool
        /// The digit as printed and the digit the field gives (nil when it holds a character
        /// outside the MRZ set).
        public var printed: String
        public var computed: Int?
    }

    public struct Repair: Sendable, Hashable, Encodable {
        public var field: String
        /// 1-based line and column.
        public var line: Int
        public var column: Int
        public var from: String
        public var to: String
        /// character_class: a letter where only digits may stand (dates, check digits), or a
        /// digit in a name or country code once every check digit holds.
        public var reason: String
    }

    /// One substitution that would make a field's check digit hold (see ``suggestions``).
    public struct Suggestion: Sendable, Hashable, Encodable {
        public var field: String
        /// 1-based line and column.
        public var line: Int
        public var column: Int
        public var from: String
        public var to: String
        /// The field as it would read, fillers trimmed (e.g. the document number).
        public var reading: String
        /// check_digit: chosen only because the check digit then holds.
        public var reason: String
    }

    enum CodingKeys: String, CodingKey {
        case format, lines, documentCode = "document_code", issuingState = "issuing_state", surname, givenNames = "given_names"
        case documentNumber = "document_number", documentNumberExtended = "document_number_extended", nationality
        case dateOfBirth = "date_of_birth", expiryDate = "expiry_date", sex, optionalData = "optional_data", optionalData2 = "optional_data_2"
        case raw, checks, repairs, suggestions, problems, valid, notProtected = "not_protected"
    }
}
