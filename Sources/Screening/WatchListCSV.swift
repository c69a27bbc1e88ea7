import Foundation
import PortunusCore

/// Watch lists in bulk from CSV, with a header naming the columns (any order):
///
/// | column | |
/// | --- | --- |
/// | `id` | required, unique in the file |
/// | `list` | required: the named list (`persons`, `lost-stolen-documents`, …) |
/// | `category`, `severity` | free text; 1 (low) to 3 (high), default 1 |
/// | `name`, `aliases` | the name; aliases separated by `;` |
/// | `birth_date` | `YYYY-MM-DD` or `YYYY` |
/// | `nationality`, `document_number`, `document_country` | ISO 3166 alpha-3 as travel documents write them |
///
/// A row needs a name or a document number. Bad rows are reported with their line and
/// column (and no personal data) and skipped; the good ones load.
public enum WatchListCSV {
    public struct Loaded: Sendable {
        public var entries: [WatchListEntry]
        public var problems: [PortunusError]
    }

    public static func load(path: String) throws(PortunusError) -> Loaded {
        try load(try CSVReader(path: path), defaultList: nil)
    }

    /// A CSV body (an upload); rows without a `list` column go to `defaultList`.
    public static func load(bytes: [UInt8], defaultList: String?) throws(PortunusError) -> Loaded {
        try load(CSVReader(bytes: bytes), defaultList: defaultList)
    }

    static func load(_ reader: CSVReader, defaultList: String?) throws(PortunusError) -> Loaded {
        guard try reader.readRecord() else { return Loaded(entries: [], problems: []) }
        var columns: [String: Int] = [:]
        for index in 0..<reader.record.count { columns[try reader.record.string(at: index).lowercased()] = index }
        for required in ["id", "list"] where columns[required] == nil && (required == "id" || defaultList == nil) {
            throw PortunusError(.missingColumn, "the header has no \(required) column", location: .init(line: 1))
        }
        var entries: [WatchListEntry] = []
        var problems: [PortunusError] = []
        var seen = Set<String>()
        while true {
            let more: Bool
            do { more = try reader.readRecord() } catch {
                problems.append(error)
                continue
            }
            guard more else { break }
            let record = reader.record
            func field(_ name: String) throws(PortunusError) -> String {
                try columns[name].map { index throws(PortunusError) in try record.string(at: index) } ?? ""
            }
            func problem(_ column: String, _ reason: String) -> PortunusError {
                PortunusError(
                    .invalidArgument, reason, location: .init(line: record.line, column: columns[column].map { $0 + 1 }, columnName: column))
            }
            do {
                let id = try field("id")
                guard !id.isEmpty else {
                    problems.append(problem("id", "the id is empty"))
                    continue
                }
                guard seen.insert(id).inserted else {
                    problems.append(problem("id", "the id appears twice in the file"))
                    continue
                }
                let list = columns["list"] == nil ? defaultList ?? "" : try field("list")
                guard !list.isEmpty else {
                    problems.append(problem("list", "the list is empty"))
                    continue
                }
                var severity = 1
                let severityText = try field("severity")
                if !severityText.isEmpty {
                    guard let value = Int(severityText), (1...3).contains(value) else {
                        problems.append(problem("severity", "severity is 1, 2 or 3"))
                        continue
                    }
                    severity = value
                }
                var birthDate: BirthDate?
                let birthText = try field("birth_date")
                if !birthText.isEmpty {
                    guard let parsed = BirthDate(birthText) else {
                        problems.append(problem("birth_date", "a date of birth is YYYY-MM-DD or YYYY"))
                        continue
                    }
                    birthDate = parsed
                }
                let name = try field("name")
                let names = ([name] + (try field("aliases")).split(separator: ";").map(String.init))
                    .map { PersonName($0) }.filter { !$0.tokens.isEmpty }
                let document = try field("document_number")
                guard !names.isEmpty || !document.isEmpty else {
                    problems.append(problem("name", "a row needs a name or a document number"))
                    continue
                }
                func optional(_ text: String) -> String? { text.isEmpty ? nil : text.uppercased() }
                entries.append(
                    WatchListEntry(
                        id: id, list: list, category: try field("category"), severity: severity, names: names,
                        birthDate: birthDate, nationality: optional(try field("nationality")),
                        documentNumber: optional(document), documentCountry: optional(try field("document_country"))))
            } catch {
                problems.append(error)
            }
        }
        return Loaded(entries: entries, problems: problems)
    }
}
