import Foundation
import PortunusCore

/// Reads Portunus's own measure CSV: the form in which an administration writes the measures of
/// a national tariff that no publisher's format gives (its own excise, a safeguard, a rate it
/// corrects), and in which Portunus could write any tariff back out.
///
/// The header is `id,code,type,origins,excluded,additional_code,agreement,expression,notation,
/// from,through,legal_basis`, in any order; `id`, `code`, `type`, `expression`, `from` and
/// `legal_basis` are required, the others may be left out:
///
/// | column | holds |
/// | --- | --- |
/// | `id` | the measure's id, unique in the file |
/// | `code` | 0 to 10 digits; empty for all goods |
/// | `type` | `third_country`, `preferential`, `anti_dumping`, `countervailing`, `safeguard`, `additional`, `excise`, `vat` |
/// | `origins` | `*` (or blank) for any origin, else ISO 3166-1 alpha-2 codes separated by spaces |
/// | `excluded` | ISO codes separated by spaces |
/// | `additional_code`, `agreement` | as the tariff writes them; blank for none |
/// | `expression` | the duty, in the notation of `notation` |
/// | `notation` | `uk` (the default when blank: `12.00 % + 147.00 GBP / 100 kg`) or `hts` (`$1.89/kg + 4.7%`) |
/// | `from`, `through` | days `YYYY-MM-DD`; `through` blank while open |
/// | `legal_basis` | the law, in words |
///
/// The lines are the distinct codes of the measures, without descriptions, unless a lines CSV
/// is given: `code,description,units`, units separated by `;` (they hold spaces: `doz. prs.`).
///
/// Loading is strict, as for ``VATRateTable``: a tariff with one bad row is not one to charge
/// from. Any bad row — a code of 20 digits, an unknown type or notation, a country that is not
/// one, a date that is not a day, an expression that does not read, an id used twice — fails
/// the file with `tariff.row` and its line and column; a header without a required column, or
/// with one Portunus does not know, fails it with `tariff.file`.
public struct MeasureCSVReader: Sendable {
    /// The currency duties are due in.
    public var currency: Currency
    /// What the file is, in words.
    public var source: String

    public init(currency: Currency, source: String) {
        self.currency = currency
        self.source = source
    }

    static let required = ["id", "code", "type", "expression", "from", "legal_basis"]
    static let optional = ["origins", "excluded", "additional_code", "agreement", "notation", "through"]

    /// Reads the files at these paths (each at most ``NationalTariffFile/maximumBytes``).
    public func read(measuresPath: String, linesPath: String? = nil) throws(PortunusError) -> NationalTariffFile {
        let measures = try NationalTariffFile.contents(of: measuresPath, what: "measure CSV")
        let lines = try linesPath.map { path throws(PortunusError) in try NationalTariffFile.contents(of: path, what: "lines CSV") }
        return try read(measuresCSV: measures, linesCSV: lines)
    }

    public func read(measuresCSV: [UInt8], linesCSV: [UInt8]? = nil) throws(PortunusError) -> NationalTariffFile {
        let measures = try readMeasures(measuresCSV)
        let lines: [TariffLine]
        if let linesCSV {
            lines = try readLines(linesCSV)
        } else {
            lines = Set(measures.map(\.code)).filter { !$0.isEmpty }.sorted().map { TariffLine(code: $0, description: "") }
        }
        return NationalTariffFile(source: source, currency: currency, lines: lines, measures: measures)
    }

    // MARK: Measures

    private func readMeasures(_ bytes: [UInt8]) throws(PortunusError) -> [TariffMeasure] {
        let (reader, columns) = try Self.open(bytes, required: Self.required, optional: Self.optional, what: "measure CSV")
        var measures: [TariffMeasure] = []
        var lineOfID: [String: Int] = [:]
        while try Self.next(reader) {
            let row = Row(record: reader.record, columns: columns)
            let id = try row.field("id")
            guard !id.isEmpty, id.utf8.count <= 200 else { throw row.problem("an id of 1 to 200 characters was expected", "id") }
            if let first = lineOfID[id] { throw row.problem("the id is used on line \(first) already", "id") }
            lineOfID[id] = row.record.line
            let code = try row.field("code")
            guard code.utf8.count <= 10, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw row.problem("a code is 0 to 10 digits", "code")
            }
            guard let kind = TariffMeasure.Kind(rawValue: try row.field("type")) else {
                throw row.problem("the type is one of " + TariffMeasure.Kind.allCases.map(\.rawValue).joined(separator: ", "), "type")
            }
            let originsText = try row.field("origins")
            let origins: TariffMeasure.Origins
            if originsText.isEmpty || originsText == "*" {
                origins = .any
            } else {
                origins = .only(try row.countries(originsText, "origins"))
            }
            let excluded = try row.countries(try row.field("excluded"), "excluded")
            let notation: TariffMeasure.Notation
            switch try row.field("notation").lowercased() {
            case "", "uk": notation = .uk
            case "hts": notation = .hts
            default: throw row.problem("the notation is uk or hts", "notation")
            }
            guard let from = CalendarDay(try row.field("from")) else { throw row.problem("a day YYYY-MM-DD was expected", "from") }
            let throughText = try row.field("through")
            var through: CalendarDay?
            if !throughText.isEmpty {
                guard let day = CalendarDay(throughText) else { throw row.problem("a day YYYY-MM-DD or nothing was expected", "through") }
                guard day >= from else { throw row.problem("the measure ends before it starts", "through") }
                through = day
            }
            let expression = try row.field("expression")
            let legalBasis = try row.field("legal_basis")
            guard !legalBasis.isEmpty else { throw row.problem("a measure names its legal basis", "legal_basis") }
            do {
                measures.append(
                    try TariffMeasure(
                        id: id, code: code, kind: kind, origins: origins, excluded: excluded, additionalCode: try row.field("additional_code"),
                        agreement: try row.field("agreement"), expression: expression, notation: notation, from: from, through: through,
                        legalBasis: legalBasis))
            } catch {
                // What is left for the measure to refuse is its expression.
                let offset = error.location?.byteOffset.map { " (at byte \($0) of the expression)" } ?? ""
                throw row.problem(error.reason + offset, "expression")
            }
        }
        return measures
    }

    // MARK: Lines

    private func readLines(_ bytes: [UInt8]) throws(PortunusError) -> [TariffLine] {
        let (reader, columns) = try Self.open(bytes, required: ["code", "description"], optional: ["units"], what: "lines CSV")
        var lines: [TariffLine] = []
        var lineOfCode: [String: Int] = [:]
        while try Self.next(reader) {
            let row = Row(record: reader.record, columns: columns)
            let code = try row.field("code")
            guard (1...10).contains(code.utf8.count), code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw row.problem("a code is 1 to 10 digits", "code")
            }
            if let first = lineOfCode[code] { throw row.problem("the code is on line \(first) already", "code") }
            lineOfCode[code] = row.record.line
            let units = try row.field("units").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            lines.append(TariffLine(code: code, description: try row.field("description"), units: units))
        }
        return lines
    }

    // MARK: Reading

    /// The reader past the header, and the header's columns; `tariff.file` for a header that lacks a
    /// required column or has an unknown one.
    private static func open(
        _ bytes: [UInt8], required: [String], optional: [String], what: String
    ) throws(PortunusError) -> (CSVReader, [String: Int]) {
        guard bytes.count <= NationalTariffFile.maximumBytes else {
            throw PortunusError(.invalidTariffFile, "the \(what) is over \(NationalTariffFile.maximumBytes) bytes", location: .init(line: 1))
        }
        let reader = CSVReader(bytes: bytes)
        guard try next(reader) else { throw PortunusError(.invalidTariffFile, "the \(what) is empty", location: .init(line: 1)) }
        var columns: [String: Int] = [:]
        for index in 0..<reader.record.count {
            let name = try reader.record.string(at: index).lowercased()
            guard required.contains(name) || optional.contains(name) else {
                throw PortunusError(
                    .invalidTariffFile, "the header has a column Portunus does not know",
                    location: .init(line: reader.record.line, column: index + 1, columnName: String(name.prefix(40))))
            }
            guard columns[name] == nil else {
                throw PortunusError(
                    .invalidTariffFile, "the header names a column twice",
                    location: .init(line: reader.record.line, column: index + 1, columnName: name))
            }
            columns[name] = index
        }
        for name in required where columns[name] == nil {
            throw PortunusError(.invalidTariffFile, "the header has no \(name) column", location: .init(line: reader.record.line, columnName: name))
        }
        return (reader, columns)
    }

    /// The next record; a malformed one (a stray quote) is `tariff.row` at its place.
    private static func next(_ reader: CSVReader) throws(PortunusError) -> Bool {
        do {
            return try reader.readRecord()
        } catch {
            throw PortunusError(.invalidTariffRow, error.reason, location: error.location)
        }
    }

    /// One record with the header's columns.
    private struct Row {
        let record: CSVRecord
        let columns: [String: Int]

        /// The field, trimmed; "" when the column is absent.
        func field(_ name: String) throws(PortunusError) -> String {
            guard let index = columns[name] else { return "" }
            do {
                return try record.string(at: index).trimmingCharacters(in: .whitespaces)
            } catch {
                throw problem(error.reason, name)
            }
        }

        func problem(_ reason: String, _ name: String) -> PortunusError {
            PortunusError(.invalidTariffRow, reason, location: .init(line: record.line, column: columns[name].map { $0 + 1 }, columnName: name))
        }

        /// ISO 3166-1 alpha-2 codes separated by spaces.
        func countries(_ text: String, _ name: String) throws(PortunusError) -> [String] {
            var countries: [String] = []
            for part in text.split(separator: " ") {
                let code = String(part)
                guard Country.isKnown(code) else { throw problem("an origin is an ISO 3166-1 alpha-2 code in capitals", name) }
                countries.append(code)
            }
            return countries
        }
    }
}
