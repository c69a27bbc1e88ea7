import Foundation
import PortunusCore

/// Reads MRZ lines: finds the format by shape, repairs OCR noise by each field's character
/// class, reads every field and checks every check digit.
///
/// ```swift
/// let mrz = try MRZReader.read(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
///                               "L898902C36UTO7408122F1204159ZE184226B<<<<<10"])
/// mrz.valid            // true
/// mrz.documentNumber   // "L898902C3"
/// ```
public enum MRZReader {
    enum CharacterClass { case numeric, alphabetic, alphanumeric }

    /// The fields of the five formats (raw values are the names repairs report).
    enum FieldID: String, CaseIterable {
        case documentCode = "document_code", issuingState = "issuing_state", names, documentNumber = "document_number"
        case documentNumberCheckDigit = "document_number_check_digit", optionalData = "optional_data", dateOfBirth = "date_of_birth"
        case dateOfBirthCheckDigit = "date_of_birth_check_digit", sex, expiryDate = "expiry_date", expiryDateCheckDigit = "expiry_date_check_digit"
        case nationality, optionalData2 = "optional_data_2", compositeCheckDigit = "composite_check_digit", optionalDataCheckDigit =
            "optional_data_check_digit"

        var index: Int {
            switch self {
            case .documentCode: 0
            case .issuingState: 1
            case .names: 2
            case .documentNumber: 3
            case .documentNumberCheckDigit: 4
            case .optionalData: 5
            case .dateOfBirth: 6
            case .dateOfBirthCheckDigit: 7
            case .sex: 8
            case .expiryDate: 9
            case .expiryDateCheckDigit: 10
            case .nationality: 11
            case .optionalData2: 12
            case .compositeCheckDigit: 13
            case .optionalDataCheckDigit: 14
            }
        }
    }

    /// A field: where it is and what it may hold.
    struct Field {
        var id: FieldID
        var line: Int
        var range: Range<Int>
        var kind: CharacterClass
        var name: String { id.rawValue }
    }

    /// Where each field sits in each format, built once.
    static let layouts: [[Field]] = [MRZFormat.td1, .td2, .td3, .mrva, .mrvb].map(makeLayout)

    /// Where a format's tables are in `layouts` and `fieldsByID`.
    static func slot(_ format: MRZFormat) -> Int {
        switch format {
        case .td1: 0
        case .td2: 1
        case .td3: 2
        case .mrva: 3
        case .mrvb: 4
        }
    }

    static func layout(_ format: MRZFormat) -> [Field] { layouts[slot(format)] }

    /// Where each field sits in each format (ICAO 9303 Parts 4–7).
    static func makeLayout(_ format: MRZFormat) -> [Field] {
        switch format {
        case .td1:
            return [
                Field(id: .documentCode, line: 0, range: 0..<2, kind: .alphabetic),
                Field(id: .issuingState, line: 0, range: 2..<5, kind: .alphabetic),
                Field(id: .documentNumber, line: 0, range: 5..<14, kind: .alphanumeric),
                Field(id: .documentNumberCheckDigit, line: 0, range: 14..<15, kind: .numeric),
                Field(id: .optionalData, line: 0, range: 15..<30, kind: .alphanumeric),
                Field(id: .dateOfBirth, line: 1, range: 0..<6, kind: .numeric),
                Field(id: .dateOfBirthCheckDigit, line: 1, range: 6..<7, kind: .numeric),
                Field(id: .sex, line: 1, range: 7..<8, kind: .alphabetic),
                Field(id: .expiryDate, line: 1, range: 8..<14, kind: .numeric),
                Field(id: .expiryDateCheckDigit, line: 1, range: 14..<15, kind: .numeric),
                Field(id: .nationality, line: 1, range: 15..<18, kind: .alphabetic),
                Field(id: .optionalData2, line: 1, range: 18..<29, kind: .alphanumeric),
                Field(id: .compositeCheckDigit, line: 1, range: 29..<30, kind: .numeric),
                Field(id: .names, line: 2, range: 0..<30, kind: .alphabetic),
            ]
        case .td2, .td3, .mrva, .mrvb:
            let width = format == .td3 || format == .mrva ? 44 : 36
            var fields = [
                Field(id: .documentCode, line: 0, range: 0..<2, kind: .alphabetic),
                Field(id: .issuingState, line: 0, range: 2..<5, kind: .alphabetic),
                Field(id: .names, line: 0, range: 5..<width, kind: .alphabetic),
                Field(id: .documentNumber, line: 1, range: 0..<9, kind: .alphanumeric),
                Field(id: .documentNumberCheckDigit, line: 1, range: 9..<10, kind: .numeric),
                Field(id: .nationality, line: 1, range: 10..<13, kind: .alphabetic),
                Field(id: .dateOfBirth, line: 1, range: 13..<19, kind: .numeric),
                Field(id: .dateOfBirthCheckDigit, line: 1, range: 19..<20, kind: .numeric),
                Field(id: .sex, line: 1, range: 20..<21, kind: .alphabetic),
                Field(id: .expiryDate, line: 1, range: 21..<27, kind: .numeric),
                Field(id: .expiryDateCheckDigit, line: 1, range: 27..<28, kind: .numeric),
            ]
            switch format {
            case .td3:
                fields += [
                    Field(id: .optionalData, line: 1, range: 28..<42, kind: .alphanumeric),
                    Field(id: .optionalDataCheckDigit, line: 1, range: 42..<43, kind: .numeric),
                    Field(id: .compositeCheckDigit, line: 1, range: 43..<44, kind: .numeric),
                ]
            case .td2:
                fields += [
                    Field(id: .optionalData, line: 1, range: 28..<35, kind: .alphanumeric),
                    Field(id: .compositeCheckDigit, line: 1, range: 35..<36, kind: .numeric),
                ]
            default:
                fields += [Field(id: .optionalData, line: 1, range: 28..<width, kind: .alphanumeric)]
            }
            return fields
        }
    }

    /// Fields by id, per format, built once (a format without the field has none).
    static let fieldsByID: [[Field?]] = layouts.map { fields in
        var table = [Field?](repeating: nil, count: FieldID.allCases.count)
        for field in fields { table[field.id.index] = field }
        return table
    }

    static func field(_ id: FieldID, in format: MRZFormat) -> Field { fieldsByID[slot(format)][id.index]! }

    /// The composite check digit's ranges: (line, range) in order.
    static func compositeRanges(_ format: MRZFormat) -> [(Int, Range<Int>)] {
        switch format {
        case .td1: [(0, 5..<30), (1, 0..<7), (1, 8..<15), (1, 18..<29)]
        case .td2: [(1, 0..<10), (1, 13..<20), (1, 21..<35)]
        case .td3: [(1, 0..<10), (1, 13..<20), (1, 21..<43)]
        case .mrva, .mrvb: []
        }
    }

    /// Look-alikes, as 256-entry tables (0: none): 0→O 1→I 8→B 5→S 2→Z 6→G, and back.
    static let letterForDigit: [UInt8] = table([0x30: 0x4F, 0x31: 0x49, 0x38: 0x42, 0x35: 0x53, 0x32: 0x5A, 0x36: 0x47])
    static let digitForLetter: [UInt8] = table([0x4F: 0x30, 0x49: 0x31, 0x42: 0x38, 0x53: 0x35, 0x5A: 0x32, 0x47: 0x36])

    static func table(_ pairs: [UInt8: UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 256)
        for (from, to) in pairs { table[Int(from)] = to }
        return table
    }

    /// A line as bytes: spaces, tabs and line ends around it dropped, a–z read as A–Z.
    static func normalized(_ line: String) -> [UInt8] {
        var bytes = Array(line.utf8)
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var end = bytes.count
        while end > 0 && blank(bytes[end - 1]) { end -= 1 }
        var start = 0
        while start < end && blank(bytes[start]) { start += 1 }
        if start > 0 || end < bytes.count { bytes = Array(bytes[start..<end]) }
        for index in bytes.indices where bytes[index] >= 0x61 && bytes[index] <= 0x7A { bytes[index] -= 0x20 }
        return bytes
    }

    /// The format of lines of these lengths (and, for 36 and 44 characters, this first letter).
    static func format(_ lines: [[UInt8]]) -> MRZFormat? {
        switch (lines.count, lines.first?.count ?? 0) {
        case (3, 30) where lines.allSatisfy({ $0.count == 30 }): return .td1
        case (2, 36) where lines[1].count == 36: return lines[0].first == UInt8(ascii: "V") ? .mrvb : .td2
        case (2, 44) where lines[1].count == 44: return lines[0].first == UInt8(ascii: "V") ? .mrva : .td3
        default: return nil
        }
    }

    /// Reads the lines (whitespace around them ignored, lower case read as upper case; one
    /// line of 90, 72 or 88 characters is split). The shape decides the format; a shape that
    /// is none of the five is an error with the line that does not fit.
    public static func read(_ input: [String], today: Date = Date()) throws(PortunusError) -> MRZ {
        var lines = input.map(normalized).filter { !$0.isEmpty }
        if lines.count == 1, [90, 72, 88].contains(lines[0].count) {
            let width = lines[0].count == 90 ? 30 : lines[0].count / 2
            lines = stride(from: 0, to: lines[0].count, by: width).map { Array(lines[0][$0..<$0 + width]) }
        }
        guard let format = format(lines) else {
            let lengths = lines.map { String($0.count) }.joined(separator: ", ")
            throw PortunusError(
                .invalidMRZ,
                "an MRZ is 3 lines of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A) characters; got \(lines.count) of \(lengths)",
                location: .init(line: max(1, lines.firstIndex { $0.count != lines.first?.count }.map { $0 + 1 } ?? 1)))
        }
        return read(lines, format: format, today: today)
    }

    static func read(_ input: [[UInt8]], format: MRZFormat, today: Date) -> MRZ {
        var lines = input
        var repairs: [MRZ.Repair] = []
        var problems: [String] = []
        let fields = layout(format)
        // 1. Character classes: a letter where only digits may stand (dates, check digits) is
        // read as the digit it looks like. Digits in alphabetic fields are repaired later, and
        // only when the check digits then hold (step 5).
        func repairClass(_ kind: CharacterClass) {
            let table = kind == .numeric ? digitForLetter : letterForDigit
            for field in fields where field.kind == kind {
                for position in field.range {
                    let byte = lines[field.line][position]
                    let replacement = table[Int(byte)]
                    if replacement != 0 {
                        lines[field.line][position] = replacement
                        repairs.append(
                            MRZ.Repair(
                                field: field.name, line: field.line + 1, column: position + 1, from: String(UnicodeScalar(byte)),
                                to: String(UnicodeScalar(replacement)), reason: "character_class"))
                    }
                }
            }
        }
        repairClass(.numeric)
        func text(_ id: FieldID) -> ArraySlice<UInt8> {
            let field = Self.field(id, in: format)
            return lines[field.line][field.range]
        }
        func trimmed(_ input: ArraySlice<UInt8>) -> String {
            let bytes = Array(input)
            var end = bytes.count
            while end > 0 && bytes[end - 1] == 0x3C { end -= 1 }
            return String(decoding: bytes[0..<end], as: UTF8.self)
        }
        func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 { String(decoding: bytes, as: UTF8.self) }

        // 2. The document number, extended into the optional data when its check digit
        // position holds a filler (TD1, TD2).
        var numberBytes = Array(text(.documentNumber))
        var numberDigit = Array(text(.documentNumberCheckDigit))
        var extended = false
        if format == .td1 || format == .td2, numberDigit == [0x3C] {
            let optional = text(.optionalData)
            let remainder = Array(optional.prefix { $0 != 0x3C })
            if remainder.count >= 2 {
                extended = true
                numberBytes = Array(numberBytes.prefix { $0 != 0x3C }) + remainder.dropLast()
                numberDigit = [remainder.last!]
            }
        }
        // 3. Alphanumeric fields: when the check digit fails, the one substitution of a
        // look-alike (0/O, 1/I, 8/B, 5/S, 2/Z, 6/G) that makes it hold is suggested, not
        // applied: both characters are allowed there, and a check digit passes one wrong
        // reading in ten, so the choice rests on the check digit alone.
        var suggestions: [MRZ.Suggestion] = []
        func suggest<D: Collection>(_ name: String, bytes: [UInt8], digit: D, line: Int, offset: Int) where D.Element == UInt8 {
            guard digit.count == 1, let first = digit.first, let printed = MRZCheckDigit.value(first), first != 0x3C,
                MRZCheckDigit.compute(bytes) != printed
            else { return }
            var candidates: [(Int, UInt8)] = []
            for (index, byte) in bytes.enumerated() {
                for replacement in [digitForLetter[Int(byte)], letterForDigit[Int(byte)]] where replacement != 0 {
                    var trial = bytes
                    trial[index] = replacement
                    if MRZCheckDigit.compute(trial) == printed { candidates.append((index, replacement)) }
                }
            }
            guard candidates.count == 1, let (index, replacement) = candidates.first else { return }
            var reading = bytes
            reading[index] = replacement
            suggestions.append(
                MRZ.Suggestion(
                    field: name, line: line + 1, column: offset + index + 1, from: String(UnicodeScalar(bytes[index])),
                    to: String(UnicodeScalar(replacement)), reading: trimmed(reading[...]), reason: "check_digit"))
        }
        let numberField = Self.field(.documentNumber, in: format)
        if !extended {
            suggest("document_number", bytes: numberBytes, digit: numberDigit, line: numberField.line, offset: numberField.range.lowerBound)
        }
        if format == .td3 {
            let field = Self.field(.optionalData, in: format)
            suggest(
                "optional_data", bytes: Array(text(.optionalData)), digit: text(.optionalDataCheckDigit), line: field.line,
                offset: field.range.lowerBound)
        }

        // 4. Check digits.
        var checks = [String: MRZ.Check](minimumCapacity: 5)
        func check<C: Collection, D: Collection>(_ name: String, over bytes: C, digit: D, emptyAllowsFiller: Bool = false)
        where C.Element == UInt8, D.Element == UInt8 {
            let computed = MRZCheckDigit.compute(bytes)
            let first = digit.first ?? 0
            let printed = digit.first.map { String(UnicodeScalar($0)) } ?? ""
            var valid = computed != nil && digit.count == 1 && first >= 0x30 && first <= 0x39 && Int(first - 0x30) == computed
            // An empty TD3 personal number may carry `<` as its check digit (or 0).
            if emptyAllowsFiller && bytes.allSatisfy({ $0 == 0x3C }) && digit.count == 1 && first == 0x3C { valid = true }
            checks[name] = MRZ.Check(valid: valid, printed: printed, computed: computed)
        }
        check("document_number", over: numberBytes, digit: numberDigit)
        check("date_of_birth", over: text(.dateOfBirth), digit: text(.dateOfBirthCheckDigit))
        check("expiry_date", over: text(.expiryDate), digit: text(.expiryDateCheckDigit))
        if format == .td3 { check("optional_data", over: text(.optionalData), digit: text(.optionalDataCheckDigit), emptyAllowsFiller: true) }
        if format == .td1 || format == .td2 || format == .td3 {
            let composite = compositeRanges(format).flatMap { Array(lines[$0.0][$0.1]) }
            check("composite", over: composite, digit: text(.compositeCheckDigit))
        }

        // 5. When the check digits hold, the zone was read right where they look: digits left in
        // names and country codes are OCR noise (5→S, 1→I, 0→O …). When they do not, the zone
        // is shown as read (a specimen may well print SPECIMEN1).
        if checks.values.allSatisfy(\.valid) { repairClass(.alphabetic) }

        // 6. Fields.
        let names = Self.names(Array(text(.names)))
        let issuing = trimmed(text(.issuingState))
        let nationality = trimmed(text(.nationality))
        if !ICAOCountryCodes.isKnown(issuing) { problems.append("country.unknown: issuing_state is not an ICAO 9303 code") }
        if !ICAOCountryCodes.isKnown(nationality) { problems.append("country.unknown: nationality is not an ICAO 9303 code") }
        let birthRaw = string(text(.dateOfBirth))
        let expiryRaw = string(text(.expiryDate))
        let birth = DocumentDates.birth(birthRaw, today: today)
        let expiry = DocumentDates.expiry(expiryRaw, today: today)
        if birth == nil { problems.append("date.invalid: date_of_birth is not a calendar day") }
        if expiry == nil { problems.append("date.invalid: expiry_date is not a calendar day") }
        for (index, line) in lines.enumerated() {
            if let column = line.firstIndex(where: { MRZCheckDigit.value($0) == nil }) {
                problems.append("mrz.character: line \(index + 1) column \(column + 1) is not A–Z, 0–9 or <")
            }
        }
        let sexByte = text(.sex).first ?? 0x3C
        let sex = sexByte == UInt8(ascii: "M") ? "M" : sexByte == UInt8(ascii: "F") ? "F" : "X"
        if ![UInt8(ascii: "M"), UInt8(ascii: "F"), UInt8(ascii: "X"), 0x3C].contains(sexByte) { problems.append("sex.invalid: sex is M, F, X or <") }
        var notProtected = ["document_code", "issuing_state", "nationality", "names", "sex"]
        if format == .mrva || format == .mrvb { notProtected.append("optional_data") }
        let valid = checks.values.allSatisfy(\.valid) && problems.isEmpty
        return MRZ(
            format: format, lines: lines.map(string), documentCode: trimmed(text(.documentCode)), issuingState: issuing,
            surname: names.surname, givenNames: names.given, documentNumber: trimmed(numberBytes[...]), documentNumberExtended: extended,
            nationality: nationality, dateOfBirth: birth, expiryDate: expiry, sex: sex, optionalData: trimmed(text(.optionalData)),
            optionalData2: format == .td1 ? trimmed(text(.optionalData2)) : nil,
            raw: MRZ.Raw(
                documentNumberCheckDigit: string(numberDigit), birthDate: birthRaw, birthDateCheckDigit: string(text(.dateOfBirthCheckDigit)),
                expiryDate: expiryRaw, expiryDateCheckDigit: string(text(.expiryDateCheckDigit)), sex: String(UnicodeScalar(sexByte)),
                optionalDataCheckDigit: format == .td3 ? string(text(.optionalDataCheckDigit)) : nil,
                compositeCheckDigit: [.td1, .td2, .td3].contains(format) ? string(text(.compositeCheckDigit)) : nil),
            checks: checks, repairs: repairs, suggestions: suggestions, problems: problems, valid: valid, notProtected: notProtected)
    }

    /// Primary and secondary identifiers: split at the first `<<` (a zone that starts with it
    /// has no primary identifier), `<` read as a space, trailing fillers dropped.
    static func names(_ bytes: [UInt8]) -> (surname: String, given: String) {
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0x3C { end -= 1 }
        var split = end
        var index = 0
        while index + 1 < end {
            if bytes[index] == 0x3C && bytes[index + 1] == 0x3C {
                split = index
                break
            }
            index += 1
        }
        /// Words joined by one space, fillers at the ends dropped.
        func words(_ range: Range<Int>) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(range.count)
            var pendingSpace = false
            for position in range {
                if bytes[position] == 0x3C {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace {
                        out.append(0x20)
                        pendingSpace = false
                    }
                    out.append(bytes[position])
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return (words(0..<split), split < end ? words((split + 2)..<end) : "")
    }
}
