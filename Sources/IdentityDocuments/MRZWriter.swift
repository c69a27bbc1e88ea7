import Foundation

/// Writes MRZ lines from fields, with every check digit: specimens for tests, benchmarks and
/// demonstrations. Fields longer than their place are cut; a document number of more than 9
/// characters on a TD1 or TD2 continues in the optional data, as ICAO 9303 prescribes.
public enum MRZWriter {
    public struct Fields: Sendable, Hashable {
        public var format: MRZFormat
        public var documentCode: String
        public var issuingState: String
        public var surname: String
        public var givenNames: String
        public var documentNumber: String
        public var nationality: String
        /// `YYMMDD`.
        public var birthDate: String
        /// M, F or < (unspecified).
        public var sex: String
        public var expiryDate: String
        public var optionalData: String
        public var optionalData2: String

        public init(
            format: MRZFormat, documentCode: String, issuingState: String, surname: String, givenNames: String, documentNumber: String,
            nationality: String, birthDate: String, sex: String, expiryDate: String, optionalData: String = "", optionalData2: String = ""
        ) {
            self.format = format
            self.documentCode = documentCode
            self.issuingState = issuingState
            self.surname = surname
            self.givenNames = givenNames
            self.documentNumber = documentNumber
            self.nationality = nationality
            self.birthDate = birthDate
            self.sex = sex
            self.expiryDate = expiryDate
            self.optionalData = optionalData
            self.optionalData2 = optionalData2
        }
    }

    static func pad(_ text: String, _ width: Int) -> [UInt8] {
        let bytes = Array(text.replacingOccurrences(of: " ", with: "<").utf8.prefix(width))
        return bytes + Array(repeating: 0x3C, count: width - bytes.count)
    }

    static func digit(_ bytes: [UInt8]) -> UInt8 { UInt8(ascii: "0") + UInt8(MRZCheckDigit.compute(bytes) ?? 0) }

    public static func lines(_ fields: Fields) -> [String] {
        let names = fields.surname.replacingOccurrences(of: " ", with: "<") + "<<" + fields.givenNames.replacingOccurrences(of: " ", with: "<")
        let head = pad(fields.documentCode, 2) + pad(fields.issuingState, 3)
        let number = Array(fields.documentNumber.utf8)
        let birth = Array(fields.birthDate.utf8)
        let expiry = Array(fields.expiryDate.utf8)
        let dates = birth + [digit(birth)] + pad(fields.sex, 1) + expiry + [digit(expiry)]
        switch fields.format {
        case .td1:
            var numberField = pad(fields.documentNumber, 9) + [digit(number)]
            var optional = pad(fields.optionalData, 15)
            if number.count > 9 {
                numberField = Array(number.prefix(9)) + [0x3C]
                optional = pad(String(decoding: number.dropFirst(9) + [digit(number)], as: UTF8.self) + "<" + fields.optionalData, 15)
            }
            let line1 = head + numberField + optional
            var line2 = dates + pad(fields.nationality, 3) + pad(fields.optionalData2, 11)
            let composite = Array(line1[5..<30]) + Array(line2[0..<7]) + Array(line2[8..<15]) + Array(line2[18..<29])
            line2.append(digit(composite))
            return [line1, line2, pad(names, 30)].map { String(decoding: $0, as: UTF8.self) }
        case .td2, .td3, .mrva, .mrvb:
            let width = fields.format == .td3 || fields.format == .mrva ? 44 : 36
            let line1 = head + pad(names, width - 5)
            var numberField = pad(fields.documentNumber, 9) + [digit(number)]
            var optionalText = fields.optionalData
            if fields.format == .td2 && number.count > 9 {
                numberField = Array(number.prefix(9)) + [0x3C]
                optionalText = String(decoding: number.dropFirst(9) + [digit(number)], as: UTF8.self) + "<" + fields.optionalData
            }
            var line2 = numberField + pad(fields.nationality, 3) + dates
            switch fields.format {
            case .td3:
                let optional = pad(optionalText, 14)
                line2 += optional + [digit(optional)]
                line2.append(digit(Array(line2[0..<10]) + Array(line2[13..<20]) + Array(line2[21..<43])))
            case .td2:
                line2 += pad(optionalText, 7)
                line2.append(digit(Array(line2[0..<10]) + Array(line2[13..<20]) + Array(line2[21..<35])))
            default:
                line2 += pad(optionalText, width - 28)
            }
            return [line1, line2].map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
