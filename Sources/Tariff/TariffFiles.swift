import Foundation
import PortunusCore

/// The public HS files Portunus imports, told apart by their header:
///
/// - a nomenclature (UN Comtrade's extract as UNSD and the `datasets/harmonized-system`
///   package publish it): `[section,]hscode,description,parent,level`;
/// - a correlation table of the UN Statistics Division: `hs2022,hs2017,relationship[,partial_ex]`
///   (every link between the two editions, with its type);
/// - a conversion table: `hs2022,hs2017` (one target per code, for statistics);
/// - extra description lines: `code,description` (or `text`) with 6- to 10-digit codes, such
///   as the EU Combined Nomenclature texts (`code;description;unit_id`, semicolons, Windows-1252),
///   which the classification assistant uses as more text per subheading.
///
/// Files that are not UTF-8 are read as Windows-1252; the delimiter is `;` when the header has
/// more semicolons than commas.
///
/// Bad rows are reported with their line and column and skipped; the others are read.
public enum TariffFiles {
    public enum Content: Sendable {
        case nomenclature([HSEntry])
        case correlation(from: HSEdition, to: HSEdition, links: [HSLink])
        case conversion(from: HSEdition, to: HSEdition, links: [HSLink])
        case descriptions([DescriptionLine])
    }

    /// One extra description line: a national code (8 or 10 digits, or the subheading itself).
    public struct DescriptionLine: Sendable, Hashable {
        public var line: Int
        public var reference: String
        public var text: String
        public var subheading: String { String(reference.prefix(6)) }
    }

    public struct Read: Sendable {
        public var content: Content
        public var problems: [PortunusError]
    }

    public static func read(path: String) throws(PortunusError) -> Read {
        guard let data = FileManager.default.contents(atPath: path) else { throw PortunusError(.io, "cannot read \(path)") }
        return try read(bytes: Array(data))
    }

    public static func read(bytes: [UInt8]) throws(PortunusError) -> Read {
        var bytes = bytes
        if String(validating: bytes, as: UTF8.self) == nil, let text = String(data: Data(bytes), encoding: .windowsCP1252) {
            bytes = Array(text.utf8)
        }
        let header = bytes.prefix { $0 != 0x0A }
        let semicolons = header.filter { $0 == UInt8(ascii: ";") }.count
        let commas = header.filter { $0 == UInt8(ascii: ",") }.count
        return try read(CSVReader(bytes: bytes, delimiter: semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")))
    }

    static func read(_ reader: CSVReader) throws(PortunusError) -> Read {
        guard try reader.readRecord() else { throw PortunusError(.invalidTariffFile, "the file is empty", location: .init(line: 1)) }
        let header = try (0..<reader.record.count).map { index throws(PortunusError) in try reader.record.string(at: index).lowercased() }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() { columns[name] = index }
        var problems: [PortunusError] = []
        func rows(_ body: (CSVRecord) throws(PortunusError) -> Void) throws(PortunusError) {
            while true {
                do {
                    guard try reader.readRecord() else { return }
                    try body(reader.record)
                } catch {
                    problems.append(error)
                }
            }
        }
        func field(_ record: CSVRecord, _ name: String) throws(PortunusError) -> String {
            guard let index = columns[name], index < record.count else {
                throw PortunusError(.invalidTariffRow, "the row has no \(name)", location: .init(line: record.line, columnName: name))
            }
            return try record.string(at: index).trimmingCharacters(in: .whitespaces)
        }
        func code(_ record: CSVRecord, _ name: String, levels: Set<Int>) throws(PortunusError) -> String {
            let value = try field(record, name)
            guard levels.contains(value.count), value.allSatisfy(\.isASCIIDigit) else {
                throw PortunusError(
                    .invalidTariffRow, "an HS code is \(levels.sorted().map(String.init).joined(separator: ", ")) digits",
                    location: .init(line: record.line, column: columns[name].map { $0 + 1 }, columnName: name))
            }
            return value
        }

        if columns["hscode"] != nil, columns["description"] != nil {
            var entries: [HSEntry] = []
            try rows { record throws(PortunusError) in
                guard try field(record, "hscode") != "TOTAL" else { return }
                let hs = try code(record, "hscode", levels: [2, 4, 6])
                let parent = columns["parent"] == nil ? nil : try field(record, "parent")
                let description = try field(record, "description")
                guard !description.isEmpty else {
                    throw PortunusError(.invalidTariffRow, "the description is empty", location: .init(line: record.line, columnName: "description"))
                }
                entries.append(
                    HSEntry(
                        code: hs, description: description, parent: parent == "TOTAL" || parent?.isEmpty == true ? nil : parent,
                        section: HSSections.section(of: hs)))
            }
            return Read(content: .nomenclature(entries), problems: problems)
        }

        if columns["code"] != nil, let textColumn = ["description", "text"].first(where: { columns[$0] != nil }) {
            var lines: [DescriptionLine] = []
            try rows { record throws(PortunusError) in
                let raw = try field(record, "code").filter { $0 != "." && $0 != " " }
                guard (6...10).contains(raw.count), raw.allSatisfy(\.isASCIIDigit) else {
                    throw PortunusError(
                        .invalidTariffRow, "a code is 6 to 10 digits",
                        location: .init(line: record.line, column: columns["code"].map { $0 + 1 }, columnName: "code"))
                }
                let text = try field(record, textColumn)
                guard !text.isEmpty else {
                    throw PortunusError(.invalidTariffRow, "the text is empty", location: .init(line: record.line, columnName: textColumn))
                }
                lines.append(DescriptionLine(line: record.line, reference: raw, text: text))
            }
            return Read(content: .descriptions(lines), problems: problems)
        }

        let editions = header.prefix(2).compactMap { HSEdition(text: $0) }
        guard editions.count == 2, editions[0] != editions[1] else {
            throw PortunusError(
                .invalidTariffFile,
                "the header is [section,]hscode,description,parent,level (a nomenclature) or hsYYYY,hsYYYY[,relationship[,partial_ex]] (a correlation)",
                location: .init(line: 1))
        }
        let (from, to) = (header[0], header[1])
        var links: [HSLink] = []
        let correlation = columns["relationship"] != nil
        try rows { record throws(PortunusError) in
            let a = try code(record, from, levels: [6])
            let b = try code(record, to, levels: [6])
            guard correlation else {
                links.append(HSLink(from: a, to: b, relationship: "1:1"))
                return
            }
            let relationship = try field(record, "relationship")
            guard ["1:1", "n:1", "1:n", "n:n"].contains(relationship) else {
                throw PortunusError(
                    .invalidTariffRow, "the relationship is 1:1, n:1, 1:n or n:n",
                    location: .init(line: record.line, column: columns["relationship"].map { $0 + 1 }, columnName: "relationship"))
            }
            let partial = columns["partial_ex"] == nil ? false : try field(record, "partial_ex").lowercased() == "ex"
            links.append(HSLink(from: a, to: b, relationship: relationship, partial: partial))
        }
        return Read(
            content: correlation
                ? .correlation(from: editions[0], to: editions[1], links: links) : .conversion(from: editions[0], to: editions[1], links: links),
            problems: problems)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
