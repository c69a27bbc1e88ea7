import Foundation
import PortunusCore

/// Reads the US Harmonized Tariff Schedule as USITC exports it (a JSON array with one object per
/// printed line: `htsno`, `description`, `units`, `general`, `special`, `other`, `footnotes`, …)
/// into lines and measures in US dollars.
///
/// The schedule's rate columns become measures on the line that prints them, and a measure on
/// an 8-digit subheading covers its 10-digit statistical suffixes, as the schedule means
/// (``NationalTariff`` looks up the deepest level that has a measure):
///
/// - **Column 1 general** (the normal trade relations rate) → a `third_country` measure for
///   every origin except the column 2 countries.
/// - **Column 2** → a `third_country` measure for the column 2 countries only. This reader
///   assumes those are Belarus, Cuba, North Korea and Russia: Cuba and North Korea by statute
///   (general note 3(b) of the schedule), Russia and Belarus since the Suspending Normal Trade
///   Relations with Russia and Belarus Act of April 2022. The export does not say so; a later
///   change to the list is a change to ``columnTwoCountries``.
/// - **Column 1 special** → one `preferential` measure per rate and programme ("Free (A+,AU,BH)
///   2.8% (JP)" gives four), whose ``TariffMeasure/agreement`` is the programme's code as the
///   schedule writes it (`A`, `A*`, `A+`, `AU`, `S+`, …). A programme of one partner or a fixed
///   set of partners (the free-trade agreements: `AU` Australia, `S`/`S+` USMCA Canada and
///   Mexico, `P`/`P+` CAFTA-DR, …) carries those origins (``programmeOrigins``); a programme
///   for many beneficiary countries (GSP `A`/`A*`/`A+`, AGOA `D`, CBERA `E`/`E*`, ATPA `J`,
///   CBTPA `R`) or for goods rather than countries (civil aircraft `C`, pharmaceuticals `K`,
///   dyes `L`) is for any origin: whether the goods qualify is for the proof of origin the
///   declaration's claim carries to decide, as ``PreferenceClaim`` says.
///
/// Ids are stable across loads: `hts:0101.21.00:general`, `hts:0101.21.00:other`,
/// `hts:0101.21.00:special:AU`. Each measure starts on the revision's effective day and stays
/// open; the legal basis names the revision, the line and the column.
///
/// What does not become a measure is counted in ``NationalTariffFile/skipped``: the lines of
/// chapters 98 (special classification provisions) and 99 (temporary legislation: the Section
/// 301, 232 and other additional duties, reached from a line only through its footnotes),
/// lines whose footnotes name such a chapter 99 duty, special rates that point into chapters
/// 98 and 99 ("See 9822.04.01-9822.04.03 (AU)", tariff-rate quotas), a rate without a
/// programme, a programme listed twice, and any rate that does not parse.
///
/// A malformed file — not JSON, not an array of objects, a field of the wrong type, an HTS
/// number that is not 4, 6, 8 or 10 digits or is on two rows — fails with `tariff.file` or `tariff.row`, the
/// JSON pointer of the problem and its line and byte.
public struct HTSScheduleReader: Sendable {
    /// The revision as USITC names it ("2026 Rev. 10").
    public var revision: String
    /// The day the revision took effect: the first day of every measure read.
    public var effective: CalendarDay

    public init(revision: String, effective: CalendarDay) {
        self.revision = revision
        self.effective = effective
    }

    /// "US HTS 2026 Rev. 10".
    public var source: String { "US HTS \(revision)" }

    /// The countries column 2 applies to (see the type's documentation), sorted.
    public static let columnTwoCountries = ["BY", "CU", "KP", "RU"]

    /// The origins of the special programmes that are one partner or a fixed set of partners;
    /// the others are for any origin.
    public static let programmeOrigins: [String: [String]] = [
        "AU": ["AU"], "BH": ["BH"], "CL": ["CL"], "CO": ["CO"], "IL": ["IL"], "JO": ["JO"], "KR": ["KR"], "MA": ["MA"],
        "OM": ["OM"], "PA": ["PA"], "PE": ["PE"], "SG": ["SG"], "JP": ["JP"],
        // USMCA, and NAFTA's former codes.
        "S": ["CA", "MX"], "S+": ["CA", "MX"], "CA": ["CA"], "MX": ["MX"],
        // CAFTA-DR.
        "P": ["CR", "DO", "GT", "HN", "NI", "SV"], "P+": ["CR", "DO", "GT", "HN", "NI", "SV"],
        // The Automotive Products Trade Act (Canada) and the Nepal Preference Program.
        "B": ["CA"], "NP": ["NP"],
    ]

    /// Reasons for what is not turned into a measure.
    public enum SkipReason {
        public static let chapter98 = "chapter 98 line: special classification provisions are not applied yet"
        public static let chapter99 = "chapter 99 line: additional duties are reached only through footnotes and are not applied yet"
        public static let chapter99Footnote = "line whose footnote names a chapter 99 additional duty: that duty is not applied yet"
        public static let specialReference = "special rate that points into chapter 98 or 99 (a tariff-rate quota): not applied yet"
        public static let specialWithoutProgramme = "special rate without a programme code"
        public static let programmeTwice = "programme listed twice in one special column: the first rate is kept"
        public static let unreadableRate = "rate that does not parse"
        public static let uncodedRate = "rate on a line without an HTS number"
    }

    /// Reads the export from a file of at most ``NationalTariffFile/maximumBytes``.
    public func read(path: String) throws(PortunusError) -> NationalTariffFile {
        try read(json: NationalTariffFile.contents(of: path, what: "HTS export"))
    }

    /// Reads the export's bytes.
    public func read(json bytes: [UInt8]) throws(PortunusError) -> NationalTariffFile {
        let document = try TariffJSON(bytes: bytes, what: "HTS export")
        guard case .array(let rows) = document.root else {
            throw document.problem("the HTS export is a JSON array of lines, not \(document.root.kind)", at: "", code: .invalidTariffFile)
        }
        var lines: [TariffLine] = []
        var measures: [TariffMeasure] = []
        var skips = NationalTariffFile.SkipTally()
        var rowOfNumber: [String: Int] = [:]
        lines.reserveCapacity(rows.count)
        measures.reserveCapacity(rows.count * 2)
        for (index, value) in rows.enumerated() {
            let pointer = "/\(index)"
            let row = try document.object(value, at: pointer)
            let number = try document.string(row["htsno"], at: pointer + "/htsno").trimmingCharacters(in: .whitespaces)
            let general = try rate(row, "general", document, pointer)
            let special = try rate(row, "special", document, pointer)
            let other = try rate(row, "other", document, pointer)
            guard !number.isEmpty else {
                if !general.isEmpty || !special.isEmpty || !other.isEmpty { skips.add(SkipReason.uncodedRate, "row \(index)") }
                continue
            }
            guard let code = Self.digits(of: number) else {
                throw document.problem(
                    "an HTS number is 4, 6, 8 or 10 digits written as 0101, 0101.21, 0101.21.00 or 0101.21.00.10", at: pointer + "/htsno")
            }
            if let first = rowOfNumber.updateValue(index, forKey: number) {
                throw document.problem("the HTS number \(number) is on row \(first) already", at: pointer + "/htsno")
            }
            let description = try document.string(row["description"], at: pointer + "/description")
            var units: [String] = []
            if let list = row["units"], !list.isNull {
                for (position, unit) in try document.array(list, at: pointer + "/units").enumerated() {
                    let text = try document.string(unit, at: pointer + "/units/\(position)").trimmingCharacters(in: .whitespacesAndNewlines)
                    if !text.isEmpty { units.append(text) }
                }
            }
            let footnotes = try footnoteTexts(row, document, pointer)
            switch code.prefix(2) {
            case "98":
                skips.add(SkipReason.chapter98, number)
                continue
            case "99":
                skips.add(SkipReason.chapter99, number)
                continue
            default: break
            }
            lines.append(TariffLine(code: code, description: description.trimmingCharacters(in: .whitespacesAndNewlines), units: units))
            if footnotes.contains(where: Self.namesChapter99) { skips.add(SkipReason.chapter99Footnote, number) }

            func add(
                _ id: String, _ kind: TariffMeasure.Kind, _ text: String, origins: TariffMeasure.Origins, excluded: [String] = [],
                agreement: String? = nil, column: String
            ) {
                do {
                    measures.append(
                        try TariffMeasure(
                            id: id, code: code, kind: kind, origins: origins, excluded: excluded, agreement: agreement, expression: text,
                            notation: .hts, from: effective, legalBasis: "HTSUS \(revision), \(number), \(column)", field: pointer))
                } catch {
                    skips.add(SkipReason.unreadableRate, "\(id) \(text.debugDescription): \(error.reason)")
                }
            }
            if !general.isEmpty {
                add("hts:\(number):general", .thirdCountry, general, origins: .any, excluded: Self.columnTwoCountries, column: "column 1 general")
            }
            if !other.isEmpty {
                add("hts:\(number):other", .thirdCountry, other, origins: .only(Self.columnTwoCountries), column: "column 2")
            }
            if !special.isEmpty {
                var seen: Set<String> = []
                for (text, programmes) in DutyExpression.htsSpecialRates(special) {
                    guard !programmes.isEmpty else {
                        skips.add(SkipReason.specialWithoutProgramme, "hts:\(number):special \(text.debugDescription)")
                        continue
                    }
                    for programme in programmes {
                        let id = "hts:\(number):special:\(programme)"
                        guard seen.insert(programme).inserted else {
                            skips.add(SkipReason.programmeTwice, id)
                            continue
                        }
                        if text.lowercased().hasPrefix("see ") {
                            skips.add(SkipReason.specialReference, id)
                            continue
                        }
                        let origins: TariffMeasure.Origins = Self.programmeOrigins[programme].map { .only($0) } ?? .any
                        add(id, .preferential, text, origins: origins, agreement: programme, column: "column 1 special (\(programme))")
                    }
                }
            }
        }
        return NationalTariffFile(source: source, currency: .usd, lines: lines, measures: measures, skipped: skips.skips)
    }

    /// A rate column, trimmed; "" when empty or null.
    private func rate(_ row: [String: JSONValue], _ name: String, _ document: TariffJSON, _ pointer: String) throws(PortunusError) -> String {
        (try document.optionalString(row[name], at: pointer + "/" + name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The texts of a line's footnotes (`footnotes` is null on header rows).
    private func footnoteTexts(_ row: [String: JSONValue], _ document: TariffJSON, _ pointer: String) throws(PortunusError) -> [String] {
        guard let list = row["footnotes"], !list.isNull else { return [] }
        var texts: [String] = []
        for (position, note) in try document.array(list, at: pointer + "/footnotes").enumerated() {
            let members = try document.object(note, at: pointer + "/footnotes/\(position)")
            if let text = try document.optionalString(members["value"], at: pointer + "/footnotes/\(position)/value") { texts.append(text) }
        }
        return texts
    }

    /// `0101.21.00.10` → `0101210010`; nil unless it is 4 digits and up to three groups of two.
    static func digits(of number: String) -> String? {
        let groups = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(groups.count), groups[0].utf8.count == 4,
            groups.dropFirst().allSatisfy({ $0.utf8.count == 2 }),
            groups.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
        else { return nil }
        return groups.joined()
    }

    /// Whether a footnote names a chapter 99 line ("See 9903.88.15.").
    static func namesChapter99(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 7 else { return false }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        for start in 0...(bytes.count - 7) where bytes[start] == UInt8(ascii: "9") && bytes[start + 1] == UInt8(ascii: "9") {
            if start > 0, isDigit(bytes[start - 1]) { continue }
            if isDigit(bytes[start + 2]), isDigit(bytes[start + 3]), bytes[start + 4] == UInt8(ascii: "."), isDigit(bytes[start + 5]),
                isDigit(bytes[start + 6])
            {
                return true
            }
        }
        return false
    }
}
