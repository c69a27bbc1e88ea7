import Foundation
import PortunusCore

extension DutyExpression {
    /// Reads a rate of the US Harmonized Tariff Schedule as USITC's export writes it in the
    /// `general`, `other` and (one rate at a time, see ``htsSpecialRates(_:)``) `special`
    /// columns: "Free", "6.5%", "4.4¢/kg", "$1.89/kg + 4.7%", "5¢ each + 10% on the case", "33 1/3%", "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (…) but not less
    /// than 3.143854¢/kg", and the chapter 99 forms "The duty provided in the applicable
    /// subheading + 25%" and "No change". Amounts are in US dollars (a cent is 0.01).
    ///
    /// Rates that point to another provision ("The rate applicable to the natural juice in
    /// heading 2009", "See additional U.S. note 5") become a ``DutyReference`` in the schedule's
    /// words; a calculation is then given that duty's amount. Text that is none of these is a
    /// `tariff.duty_expression` error with the byte offset of what could not be read.
    public init(htsRate text: String, field: String? = nil) throws(PortunusError) {
        var parser = try HTSRateParser(text, field: field)
        self = try parser.parse()
    }

    /// The rates of a US HTS `special` column, each with the programme codes it is for:
    /// "Free (A+,AU,BH,CL) 2.8% (JP)" gives ("Free", [A+, AU, BH, CL]) and ("2.8%", [JP]); read
    /// each rate with ``init(htsRate:field:)``. A parenthesis that is not a list of programme codes
    /// ("Free (See U.S. note 4 of this subchapter)") stays in its rate; text after the last list
    /// is a rate without programmes ("No change").
    public static func htsSpecialRates(_ text: String) -> [(rate: String, programmes: [String])] { HTSRateParser.specialRates(text) }
}

/// The parser behind ``DutyExpression/init(htsRate:field:)``: a recursive descent over the
/// schedule's rate grammar, on the normalised text (``RateText``).
struct HTSRateParser {
    private let text: RateText
    private let field: String?
    private var index = 0

    init(_ source: String, field: String?) throws(PortunusError) {
        guard source.utf8.count <= RateText.maximumBytes else {
            throw PortunusError(
                .invalidDutyExpression, "a rate of more than \(RateText.maximumBytes) bytes", field: field, location: .init(byteOffset: 0))
        }
        self.text = RateText(source)
        self.field = field
    }

    mutating func parse() throws(PortunusError) -> DutyExpression {
        guard text.count > 0 else { throw error("the rate is empty") }
        if matchWord("free") { return try freeRate() }
        if matchWord("no change") {
            if peek == UInt8(ascii: ".") { index += 1 }
            skipSpaces()
            guard atEnd else { throw error("unexpected text after \"No change\"") }
            return .reference(.applicableSubheading)
        }
        if startsReference { return try continueCompound(with: referenceClause()) }
        return try continueCompound(with: term())
    }

    // MARK: Rates as a whole

    /// "Free", "Free, under bond, as prescribed in …", "Free (See U.S. note 4 …)".
    private mutating func freeRate() throws(PortunusError) -> DutyExpression {
        skipSpaces()
        if atEnd { return .free }
        if peek == UInt8(ascii: ",") {
            index += 1
            let note = rest()
            guard !note.isEmpty else { throw error("a note was expected after \"Free,\"") }
            return .annotated(.free, note: note)
        }
        if peek == UInt8(ascii: "("), text.bytes.last == UInt8(ascii: ")") {
            let note = text.string(index + 1..<text.count - 1).trimmingCharacters(in: .whitespaces)
            index = text.count
            guard !note.isEmpty else { throw error("an empty note after \"Free\"") }
            return .annotated(.free, note: note)
        }
        throw error("unexpected text after \"Free\"")
    }

    /// The words of the schedule that refer to another provision begin so.
    private var startsReference: Bool {
        text.hasPrefix("the ", at: index) || text.hasPrefix("a duty", at: index) || text.hasPrefix("see ", at: index)
    }

    /// A reference in words, up to a "+", "plus" or "minus" that starts a further term.
    private mutating func referenceClause() throws(PortunusError) -> DutyExpression {
        let start = index
        while index < text.count, !startsOperatorAfterReference { index += 1 }
        var wording = text.string(start..<index).trimmingCharacters(in: .whitespaces)
        while wording.hasSuffix(".") { wording.removeLast() }
        guard !wording.isEmpty else { throw error("a reference was expected", at: start) }
        let folded = wording.lowercased().filter { $0 != " " }
        if Self.applicableSubheadingWordings.contains(folded) { return .reference(.applicableSubheading) }
        return .reference(DutyReference(wording: wording))
    }

    /// The wordings (lower case, without spaces, so that "inthe" matches) that mean the duty of
    /// the applicable subheading.
    private static let applicableSubheadingWordings: Set<String> = [
        "thedutyprovidedintheapplicablesubheading", "thedutyrateprovidedinsuchsubheading", "thedutyprovidedinsuchsubheading",
    ]

    /// "+ 25%", "+a duty of 25%", " plus 25%", " minus 0.5%" after a reference clause.
    private var startsOperatorAfterReference: Bool {
        var position = index
        if text.bytes[position] == UInt8(ascii: "+") {
            position += 1
        } else if text.bytes[position] == 0x20, text.hasPrefix(" plus ", at: position) {
            position += 6
        } else if text.bytes[position] == 0x20, text.hasPrefix(" minus ", at: position) {
            position += 7
        } else {
            return false
        }
        while position < text.count, text.bytes[position] == 0x20 { position += 1 }
        guard position < text.count else { return true }
        return RateText.isDigit(text.bytes[position]) || text.bytes[position] == UInt8(ascii: "$") || text.hasPrefix("a duty of", at: position)
    }

    /// Terms after the first, joined by "+", "plus", "less"/"minus", a floor ("but not less
    /// than"), or closed by a remark (", but if …").
    private mutating func continueCompound(with first: DutyExpression) throws(PortunusError) -> DutyExpression {
        var expression = first
        var openSum = false
        while true {
            skipSpaces()
            if atEnd { return expression }
            if peek == UInt8(ascii: "+") || matchWord("plus") {
                if peek == UInt8(ascii: "+") { index += 1 }
                skipSpaces()
                _ = matchWord("a duty of")
                let next = try term()
                if openSum, case .sum(let terms) = expression {
                    expression = .sum(terms + [next])
                } else {
                    expression = .sum([expression, next])
                }
                openSum = true
            } else if matchWord("less") || matchWord("minus") {
                expression = .difference(expression, try term())
                openSum = false
            } else if matchWord("but not less than") || matchWord("but not less") || matchWord(", but not less than") {
                expression = .floor(expression, try term())
                openSum = false
            } else if peek == UInt8(ascii: ","), text.hasPrefix(", but ", at: index) {
                index += 2
                return .annotated(expression, note: rest())
            } else {
                throw error("expected \"+\" or the end of the rate")
            }
        }
    }

    // MARK: Terms

    /// One term: a percentage ("6.5%", "33 1/3%", "25% on the case", "20 percent of the fair retail
    /// value") or an amount per unit ("4.4¢/kg", "$1.89/kg", "5¢ each", "2.6¢ for each other piece or part").
    private mutating func term() throws(PortunusError) -> DutyExpression {
        skipSpaces()
        let start = index
        if peek == UInt8(ascii: "$") {
            index += 1
            guard let (dollars, end) = text.number(at: index) else { throw error("an amount was expected after \"$\"") }
            index = end
            return try perUnit(amount: dollars, start: start)
        }
        guard let (number, end) = text.number(at: index) else { throw error("a rate was expected") }
        index = end
        if peek == UInt8(ascii: "%") {
            index += 1
            return .adValorem(Percentage(number), of: try valueBasis())
        }
        if text.hasPrefix("¢", at: index) {
            index += "¢".utf8.count
            return try perUnit(amount: number.dividedByPowerOfTen(2), start: start)
        }
        // "33 1/3%": a whole number, a space and a common fraction.
        if peek == 0x20, let (numerator, slash) = text.number(at: index + 1), slash < text.count, text.bytes[slash] == UInt8(ascii: "/"),
            let (denominator, after) = text.number(at: slash + 1), after < text.count, text.bytes[after] == UInt8(ascii: "%")
        {
            guard let top = Int(exactly: numerator.significand), numerator.scale == 0, let bottom = Int(exactly: denominator.significand),
                denominator.scale == 0, let rate = Percentage(number, numerator: top, denominator: bottom)
            else { throw error("a fraction of whole numbers was expected", at: index + 1) }
            index = after + 1
            return .adValorem(rate, of: try valueBasis())
        }
        skipSpaces()
        if matchWord("percent") { return .adValorem(Percentage(number), of: try valueBasis()) }
        throw error("\"%\", \"¢\" or \"percent\" was expected after the number")
    }

    /// After an amount: "/kg", "/1,000 pins", " each", " for each other piece or part".
    private mutating func perUnit(amount: ExactDecimal, start: Int) throws(PortunusError) -> DutyExpression {
        skipSpaces()
        if peek == UInt8(ascii: "/") {
            index += 1
            skipSpaces()
            let (count, unit) = try unitWithCount()
            return .specific(amount: amount, currency: .usd, count: count, unit: unit.qualified(try qualifier()))
        }
        if matchWord("each") { return .specific(amount: amount, currency: .usd, count: 1, unit: QuantityUnit.item.qualified(try qualifier())) }
        if matchWord("for each") {
            let words = phrase()
            guard !words.isEmpty else { throw error("a unit was expected after \"for each\"") }
            return .specific(amount: amount, currency: .usd, count: 1, unit: QuantityUnit.named(words))
        }
        throw error("\"/\" and a unit were expected after the amount")
    }

    /// A unit, with the count a rate is per ("1,000 pins", "1000", "thousand").
    private mutating func unitWithCount() throws(PortunusError) -> (Int, QuantityUnit) {
        var count = 1
        if let (number, end) = text.number(at: index, groups: true) {
            guard number.scale == 0, let whole = Int(exactly: number.significand), DutyExpression.powerOfTenExponent(whole) != nil else {
                throw error("a count of units that is a power of ten (100, 1,000) was expected")
            }
            count = whole
            index = end
            skipSpaces()
            // "89.6¢/1000": a count of items.
            if atEnd || peek == UInt8(ascii: "+") { return (count, .item) }
        }
        for (spelling, unit, factor) in Self.units where text.hasPrefix(spelling, at: index) {
            let end = index + spelling.utf8.count
            // A unit ends at a word boundary; "m2of recording surface" shows one that does not.
            guard text.isBoundary(end) || spelling.last.map({ $0.isNumber || $0 == "." || $0 == "²" || $0 == "³" }) == true else { continue }
            index = end
            return (count * factor, unit)
        }
        throw error("a unit of quantity was expected (kg, liter, doz., m2, …)")
    }

    /// The US units, longest spelling first, with the count each spelling implies.
    private static let units: [(String, QuantityUnit, Int)] = {
        let list: [(String, QuantityUnit, Int)] = [
            ("pf. liter", .proofLitre, 1), ("pf.liter", .proofLitre, 1), ("proof liter", .proofLitre, 1),
            ("clean kg", QuantityUnit.kilogram.qualified("clean"), 1), ("lin. m", .metre, 1),
            ("line/ gross", QuantityUnit(name: "line/gross"), 1), ("line/gross", QuantityUnit(name: "line/gross"), 1),
            ("thou- sand", .item, 1000), ("thousand", .item, 1000), ("liter", .litre, 1), ("litre", .litre, 1),
            ("doz.", .dozen, 1), ("gross", .gross, 1), ("head", QuantityUnit(name: "head"), 1), ("pack", QuantityUnit(name: "pack"), 1),
            ("jewel", QuantityUnit(name: "jewel"), 1), ("article", .item, 1), ("pins", QuantityUnit(name: "pin"), 1),
            ("pin", QuantityUnit(name: "pin"), 1), ("bbl", .barrel, 1), ("pr.", .pair, 1), ("no.", .item, 1), ("kg", .kilogram, 1),
            ("m2", .squareMetre, 1), ("m²", .squareMetre, 1), ("m3", .cubicMetre, 1), ("m³", .cubicMetre, 1), ("t", .tonne, 1),
            ("g", .gram, 1), ("m", .metre, 1), ("l", .litre, 1),
        ]
        return list.sorted { $0.0.utf8.count > $1.0.utf8.count }
    }()

    /// What a specific rate's quantity is of, as the schedule words it: "on drained weight",
    /// "of total sugars", "including weight of container", "for each degree under 100 degrees
    /// (and fractions of a degree in proportion)", "over 17". Nil when none follows.
    private mutating func qualifier() throws(PortunusError) -> String? {
        if peek == UInt8(ascii: ","), text.hasPrefix(", including ", at: index) { index += 2 }
        // "m2of recording surface": the space may be missing after a unit.
        if !atEnd, peek != 0x20, text.hasPrefix("of ", at: index) {
            let words = phrase()
            return words.isEmpty ? nil : words
        }
        let save = index
        skipSpaces()
        for lead in ["on ", "of ", "upon ", "including ", "for each ", "over ", "in "] where text.hasPrefix(lead, at: index) {
            let words = phrase()
            guard !words.isEmpty else { break }
            return words
        }
        index = save
        return nil
    }

    /// The value a percentage applies to, when the schedule names one: "on the case", "upon the
    /// value of the non-U.S. content", "of the fair retail value". Folded to lower case without
    /// a leading "the", as ``DutyBase/setValue(_:named:)`` keys them.
    private mutating func valueBasis() throws(PortunusError) -> String? {
        let save = index
        skipSpaces()
        for lead in ["on ", "upon ", "of "] where text.hasPrefix(lead, at: index) {
            index += lead.utf8.count
            let words = phrase()
            guard !words.isEmpty else { throw error("a value was expected after \"\(lead.trimmingCharacters(in: .whitespaces))\"") }
            return DutyBase.valueKey(words)
        }
        index = save
        return nil
    }

    /// Words up to the next operator ("+", " plus ", " less ", " minus ", " but ", ", but ") or the end.
    private mutating func phrase() -> String {
        let start = index
        while index < text.count {
            let byte = text.bytes[index]
            if byte == UInt8(ascii: "+") { break }
            if byte == 0x20, [" plus ", " less ", " minus ", " but "].contains(where: { text.hasPrefix($0, at: index) }) { break }
            if byte == UInt8(ascii: ","), text.hasPrefix(", but ", at: index) { break }
            index += 1
        }
        return text.string(start..<index).trimmingCharacters(in: .whitespaces)
    }

    /// The rest of the text, trimmed.
    private mutating func rest() -> String {
        let words = text.string(index..<text.count).trimmingCharacters(in: .whitespaces)
        index = text.count
        return words
    }

    // MARK: Scanning

    private var atEnd: Bool { index >= text.count }
    private var peek: UInt8? { index < text.count ? text.bytes[index] : nil }

    private mutating func skipSpaces() {
        while index < text.count, text.bytes[index] == 0x20 { index += 1 }
    }

    /// Consumes `word` (case-insensitively, after blanks) when it is there and ends at a word boundary.
    private mutating func matchWord(_ word: String) -> Bool {
        var position = index
        while position < text.count, text.bytes[position] == 0x20 { position += 1 }
        guard text.hasPrefix(word, at: position) else { return false }
        let end = position + word.utf8.count
        guard word.last.map({ !$0.isLetter }) == true || text.isBoundary(end) else { return false }
        index = end
        return true
    }

    private func error(_ reason: String, at position: Int? = nil) -> PortunusError {
        text.error(reason, at: position ?? index, field: field)
    }
}

extension HTSRateParser {
    /// See ``DutyExpression/htsSpecialRates(_:)``.
    static func specialRates(_ text: String) -> [(rate: String, programmes: [String])] {
        var rates: [(String, [String])] = []
        let characters = Array(text)
        var cut = 0
        var index = 0
        while index < characters.count {
            guard characters[index] == "(", let close = characters[index...].firstIndex(of: ")") else {
                index += 1
                continue
            }
            let inside = String(characters[index + 1..<close])
            let codes = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if !codes.isEmpty, codes.allSatisfy(isProgrammeCode) {
                let rate = String(characters[cut..<index]).trimmingCharacters(in: .whitespacesAndNewlines)
                rates.append((rate, codes))
                cut = close + 1
            }
            index = close + 1
        }
        let remainder = String(characters[min(cut, characters.count)...]).trimmingCharacters(in: .whitespacesAndNewlines)
        if !remainder.isEmpty { rates.append((remainder, [])) }
        return rates
    }

    /// A programme code of the special column: one or two capital letters, then `*` or `+` (GSP's notation) or nothing.
    static func isProgrammeCode(_ code: String) -> Bool {
        var scalars = Array(code.unicodeScalars)
        if scalars.last == "*" || scalars.last == "+" { scalars.removeLast() }
        return (1...2).contains(scalars.count) && scalars.allSatisfy { $0.value >= 0x41 && $0.value <= 0x5A }
    }
}
