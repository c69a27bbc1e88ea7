import Foundation
import PortunusCore
import Storage
import Synchronization
import Tariff

/// The Harmonized System in the store: editions imported from the public files, looked up,
/// browsed, searched, and correlated between editions; declarations' codes checked against
/// the edition in force at their date.
public final class TariffService: Sendable {
    public let store: PortunusStore
    /// The 6-digit codes of each imported edition, for checking declarations, read once per
    /// import generation.
    private let codes = Mutex<[Int: Set<String>]?>(nil)
    /// The warning (or none) for a code at an edition, once worked out.
    private let verdicts = Mutex<[String: PortunusError?]>([:])

    public init(store: PortunusStore) { self.store = store }

    public struct ImportReport: Sendable, Encodable {
        public var file: String
        public var kind: String
        public var edition: String
        public var rows: Int
        public var problems: [String]
    }

    /// Imports one file: a nomenclature of `edition`, or a correlation or conversion table
    /// (its editions are in its header). Bad rows are reported and skipped.
    public func importFile(path: String, edition: HSEdition?, source: String? = nil, by actor: String) throws(PortunusError) -> ImportReport {
        let read = try TariffFiles.read(path: path)
        let name = (path as NSString).lastPathComponent
        let problems = read.problems.prefix(20).map { "\($0.location.map { "\($0)" } ?? "") \($0.code.rawValue): \($0.reason)" }
        defer {
            codes.withLock { $0 = nil }
            verdicts.withLock { $0 = [:] }
        }
        switch read.content {
        case .nomenclature(let entries):
            guard let edition else {
                throw PortunusError(.missingField, "a nomenclature file needs --edition (2012, 2017 or 2022)", field: "edition")
            }
            try store.tariff.replaceNomenclature(
                edition: edition.rawValue, codes: entries.map { ($0.code, $0.parent, $0.section, $0.description) }, by: actor)
            return ImportReport(file: name, kind: "nomenclature", edition: "HS\(edition.rawValue)", rows: entries.count, problems: problems)
        case .descriptions(let lines):
            // Extra description lines belong to the subheadings of one edition (HS 2022 unless
            // told); a line whose subheading is not in it is reported and left out.
            let edition = edition ?? .hs2022
            guard let known = try subheadings(edition) else {
                throw PortunusError(.assistantUnavailable, "import the HS\(edition.rawValue) nomenclature before its description lines")
            }
            let source = source ?? ((name as NSString).deletingPathExtension)
            guard !source.isEmpty, source.count <= 64, source.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), source != "confirmed",
                source != "hs"
            else {
                throw PortunusError(
                    .invalidArgument, "a source name is 1 to 64 letters, digits, '-', '_' or '.' (not 'confirmed' or 'hs')", field: "source")
            }
            var kept: [(code: String, reference: String, text: String)] = []
            var unknown: [String] = []
            for line in lines {
                if known.contains(line.subheading) {
                    kept.append((line.subheading, line.reference, line.text))
                } else {
                    unknown.append("line \(line.line) tariff.row: \(line.subheading) is not an HS\(edition.rawValue) subheading")
                }
            }
            try store.tariff.replaceHSTexts(source: source, edition: edition.rawValue, lines: kept, by: actor)
            return ImportReport(
                file: name, kind: "descriptions \(source)", edition: "HS\(edition.rawValue)", rows: kept.count,
                problems: Array((problems + unknown).prefix(20)))
        case .correlation(let from, let to, let links), .conversion(let from, let to, let links):
            let kind: String
            if case .correlation = read.content { kind = "correlation" } else { kind = "conversion" }
            try store.tariff.replaceLinks(
                kind: kind, from: from.rawValue, to: to.rawValue, links: links.map { ($0.from, $0.to, $0.relationship, $0.partial) }, by: actor)
            return ImportReport(file: name, kind: kind, edition: "HS\(from.rawValue)→HS\(to.rawValue)", rows: links.count, problems: problems)
        }
    }

    public func lookup(_ code: String, edition: HSEdition) throws(PortunusError) -> StoredHSCode? {
        try store.tariff.hsCode(edition: edition.rawValue, code: code)
    }

    /// A code with its ancestors (chapter, heading) and its children.
    public struct Browse: Sendable, Encodable {
        public var code: StoredHSCode?
        public var ancestors: [StoredHSCode]
        public var children: [StoredHSCode]
    }

    public func browse(_ code: String?, edition: HSEdition) throws(PortunusError) -> Browse {
        guard let code else { return Browse(code: nil, ancestors: [], children: try store.tariff.hsChildren(edition: edition.rawValue, of: nil)) }
        guard let entry = try store.tariff.hsCode(edition: edition.rawValue, code: code) else {
            throw PortunusError(.notFound, "no such code in HS\(edition.rawValue)", field: "code")
        }
        var ancestors: [StoredHSCode] = []
        var parent = entry.parent
        while let next = parent, let found = try store.tariff.hsCode(edition: edition.rawValue, code: next) {
            ancestors.insert(found, at: 0)
            parent = found.parent
        }
        return Browse(code: entry, ancestors: ancestors, children: try store.tariff.hsChildren(edition: edition.rawValue, of: code))
    }

    /// Full-text search: every word must match (stemmed, as a prefix).
    public func search(_ text: String, edition: HSEdition, level: Int? = nil, limit: Int = 20) throws(PortunusError) -> [StoredHSCode] {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return try store.tariff.searchHS(edition: edition.rawValue, words: words, level: level, limit: limit)
    }

    /// What a code of one edition corresponds to in another, with the relationship types:
    /// through the direct table when there is one, else through the editions between.
    public func correlate(_ code: String, from: HSEdition, to: HSEdition) throws(PortunusError) -> [StoredHSLink] {
        guard from != to else { return [StoredHSLink(from: code, to: code, relationship: "1:1", partial: false)] }
        let direct = try store.tariff.hsLinks(kind: "correlation", code: code, from: from.rawValue, to: to.rawValue)
        if !direct.isEmpty || abs(from.rawValue - to.rawValue) <= 5 { return direct }
        // Through HS 2017: 2012 ↔ 2017 ↔ 2022, the relationship widened to the looser of the two.
        var links: [StoredHSLink] = []
        for first in try store.tariff.hsLinks(kind: "correlation", code: code, from: from.rawValue, to: HSEdition.hs2017.rawValue) {
            for second in try store.tariff.hsLinks(kind: "correlation", code: first.to, from: HSEdition.hs2017.rawValue, to: to.rawValue)
            where !links.contains(where: { $0.to == second.to }) {
                links.append(
                    StoredHSLink(
                        from: code, to: second.to, relationship: Self.compose(first.relationship, second.relationship),
                        partial: first.partial || second.partial))
            }
        }
        return links
    }

    static func compose(_ a: String, _ b: String) -> String {
        let x = a.split(separator: ":")
        let y = b.split(separator: ":")
        guard x.count == 2, y.count == 2 else { return "n:n" }
        return "\(x[0] == "n" || y[0] == "n" ? "n" : "1"):\(x[1] == "n" || y[1] == "n" ? "n" : "1")"
    }

    // MARK: Declarations

    /// The 6-digit codes of an edition (nil when it is not imported).
    func subheadings(_ edition: HSEdition) throws(PortunusError) -> Set<String>? {
        if let cached = codes.withLock({ $0 }) { return cached[edition.rawValue] }
        var all: [Int: Set<String>] = [:]
        for edition in HSEdition.allCases {
            let children = try store.tariff.hsSubheadings(edition: edition.rawValue)
            if !children.isEmpty { all[edition.rawValue] = children }
        }
        codes.withLock { $0 = all }
        return all[edition.rawValue]
    }

    /// Warnings for a declaration's HS codes against the edition in force at its date: a
    /// code of an older edition (with its correlated codes), or a code in no edition. A code
    /// is never a reason to reject: the import and lodgement store the declaration and warn.
    public func warnings(for declaration: Declaration) throws(PortunusError) -> [PortunusError] {
        guard let edition = HSEdition.inForce(at: declaration.lodgedAt), let current = try subheadings(edition) else { return [] }
        var warnings: [PortunusError] = []
        for (index, item) in declaration.items.enumerated() {
            let code = String(item.hsCode.digits.prefix(6))
            guard !current.contains(code) else { continue }
            let key = "\(edition.rawValue):\(code)"
            let verdict: PortunusError
            if let known = verdicts.withLock({ $0[key] }), let known {
                verdict = known
            } else {
                verdict = try judge(code, in: edition)
                verdicts.withLock { $0[key] = verdict }
            }
            var warning = verdict
            warning.field = "/items/\(index)/hs_code"
            warnings.append(warning)
        }
        return warnings
    }

    /// Why a code is not in the edition in force: an older edition's (with what it became),
    /// or none's.
    func judge(_ code: String, in edition: HSEdition) throws(PortunusError) -> PortunusError {
        for older in HSEdition.allCases.filter({ $0 < edition }).reversed() where try subheadings(older)?.contains(code) ?? false {
            let targets = try correlate(code, from: older, to: edition).map { "\($0.to) (\($0.relationship))" }
            return PortunusError(
                .outdatedHSCode,
                "\(code) is an HS\(older.rawValue) code, not in HS\(edition.rawValue) in force at the lodgement date"
                    + (targets.isEmpty ? "" : "; it corresponds to \(targets.joined(separator: ", "))"))
        }
        return PortunusError(.unknownHSCode, "\(code) is in no HS edition imported (HS\(edition.rawValue) is in force at the lodgement date)")
    }
}

extension TariffService {
    /// One code of the history, as converted.
    public struct ConvertedCode: Sendable, Encodable {
        public var edition: Int
        public var code: String
        public var items: Int
        /// `unchanged`, `converted` (one target), `ambiguous` (several candidates: the
        /// conversion table's choice, when there is one, is `target`), `unknown`.
        public var status: String
        public var target: String?
        public var candidates: [StoredHSLink]
    }

    public struct HistoryConversion: Sendable, Encodable {
        public var target: Int
        public var items: Int
        public var unchanged: Int
        public var converted: Int
        public var ambiguous: Int
        public var unknown: Int
        /// Items lodged before HS 2012, left as they are.
        public var beforeHS2012: Int
        public var codes: [ConvertedCode]

        enum CodingKeys: String, CodingKey {
            case target, items, unchanged, converted, ambiguous, unknown, codes
            case beforeHS2012 = "before_hs2012"
        }
    }

    /// Converts the HS codes of every goods item lodged in a period to one edition, for
    /// statistics: each item's code is read in the edition in force at its lodgement and
    /// followed through the correlation tables. One target (1:1 or n:1) converts; several
    /// (1:n, n:n) are ambiguous and listed with their candidates, with the UNSD conversion
    /// table's single choice where one exists for that direction.
    public func convertHistory(to target: HSEdition, from: String?, until: String?, by principal: Principal) throws(PortunusError)
        -> HistoryConversion
    {
        try AccessPolicy.require(.tariffStatistics, principal)
        func instant(_ text: String?, _ field: String) throws(PortunusError) -> Date? {
            guard let text else { return nil }
            guard let date = ISO8601.parse(text) else { throw PortunusError(.invalidDate, "\(field) is an ISO 8601 date", field: field) }
            return date
        }
        let from = try instant(from, "from")
        let until = try instant(until, "until")
        var report = HistoryConversion(
            target: target.rawValue, items: 0, unchanged: 0, converted: 0, ambiguous: 0, unknown: 0, beforeHS2012: 0, codes: [])
        var byCode: [String: ConvertedCode] = [:]
        let current = try subheadings(target) ?? []
        for usage in try store.tariff.hsUsage(from: from, until: until) {
            report.items += usage.items
            guard let edition = HSEdition.allCases.last(where: { $0.rawValue <= usage.year }) else {
                report.beforeHS2012 += usage.items
                continue
            }
            let key = "\(edition.rawValue):\(usage.code)"
            if byCode[key] == nil {
                var entry = ConvertedCode(edition: edition.rawValue, code: usage.code, items: 0, status: "unknown", target: nil, candidates: [])
                if edition == target {
                    if current.contains(usage.code) {
                        entry.status = "unchanged"
                        entry.target = usage.code
                    }
                } else {
                    let links = try correlate(usage.code, from: edition, to: target)
                    let targets = Set(links.map(\.to))
                    entry.candidates = links
                    if targets.count == 1 {
                        entry.status = "converted"
                        entry.target = targets.first
                    } else if targets.count > 1 {
                        entry.status = "ambiguous"
                        entry.target = try store.tariff.hsLinks(kind: "conversion", code: usage.code, from: edition.rawValue, to: target.rawValue)
                            .first?.to
                    }
                }
                byCode[key] = entry
            }
            byCode[key]!.items += usage.items
        }
        report.codes = byCode.values.sorted { ($0.edition, $0.code) < ($1.edition, $1.code) }
        for entry in report.codes {
            switch entry.status {
            case "unchanged": report.unchanged += entry.items
            case "converted": report.converted += entry.items
            case "ambiguous": report.ambiguous += entry.items
            default: report.unknown += entry.items
            }
        }
        return report
    }
}
