import Foundation
import PortunusCore

extension DutyExpression {
    /// Reads a duty expression of the UK Trade Tariff (and the EU's TARIC, which it prints the
    /// same way) as its API gives it — the `base` text ("12.00 % + 147.00 GBP / 100 kg MAX 20.00 %",
    /// "1.30 EUR / % vol/hl MIN 7.20 EUR / hl", "9.00 % + EA MAX 18.70 % +ADSZ", "16.50 % /
    /// Retail Price + 244.78 GBP / 1000 p/st MIN 320.90 GBP / 1000 p/st") or the HTML of
    /// `formatted_base` and of measure conditions (`<span>0.00</span> %`), with non-breaking
    /// spaces. Units are the Tariff's abbreviations (``UKMeasurementUnits``); `EA`, `EAR`,
    /// `ADSZ`, `ADSZR`, `ADFM` and `ADFMR` are the Meursing components (``DutyReference``).
    ///
    /// One quirk of the API is read as it means: a ceiling given by a second `MAX` component
    /// (duty expression 35) is printed without its "MAX" ("… MAX 9.40 % + 8.25 EUR / 100 kg
    /// 35.15 EUR / 100 kg"); a term that follows a complete one without an operator, after a
    /// `MAX`, is that second ceiling. Anywhere else a missing operator is an error.
    ///
    /// Also reads what ``description`` writes, parentheses included. Text that is not a duty
    /// expression is a `tariff.duty_expression` error with the byte offset of what could not be
    /// read (in the text as given, tags and all).
    public init(ukDutyExpression text: String, field: String? = nil) throws(PortunusError) {
        var parser = try UKDutyExpressionParser(text, field: field)
        self = try parser.parse()
    }
}

/// The parser behind ``DutyExpression/init(ukDutyExpression:field:)``.
struct UKDutyExpressionParser {
    private let text: RateText
    private let field: String?
    private var index = 0
    private var depth = 0

    init(_ source: String, field: String?) throws(PortunusError) {
        guard source.utf8.count <= RateText.maximumBytes else {
            throw PortunusError(
                .invalidDutyExpression, "a duty expression of more than \(RateText.maximumBytes) bytes", field: field, location: .init(byteOffset: 0))
        }
        self.text = RateText(source, html: true)
        self.field = field
    }

    mutating func parse() throws(PortunusError) -> DutyExpression {
        guard text.count > 0 else { throw error("the duty expression is empty") }
        let expression = try chain()
        guard atEnd else { throw error("unexpected \"\(String(decoding: [text.bytes[index]], as: UTF8.self))\"") }
        return expression
    }

    /// Terms joined by operators, up to the end or a closing parenthesis.
    private mutating func chain() throws(PortunusError) -> DutyExpression {
        var chain = DutyExpressionChain()
        skipSpaces()
        chain.append(.plus, try term())
        while true {
            skipSpaces()
            if atEnd || peek == UInt8(ascii: ")") { break }
            let op: DutyExpressionChain.Operator
            if peek == UInt8(ascii: "+") {
                index += 1
                op = .plus
            } else if peek == UInt8(ascii: "-") {
                index += 1
                op = .minus
            } else if matchWord("MAX") {
                op = .maximum
            } else if matchWord("MIN") {
                op = .minimum
            } else if chain.lastConjunction == .maximum, let byte = peek, RateText.isDigit(byte) {
                op = .maximum  // duty expression 35, printed without its "MAX"
            } else {
                throw error("\"+\", \"-\", \"MAX\", \"MIN\" or the end was expected")
            }
            skipSpaces()
            chain.append(op, try term())
        }
        guard let expression = chain.expression else { throw error("a duty was expected") }
        return expression
    }

    /// A term: "12.00 %", "16.50 % / Retail Price", "147.00 GBP / 100 kg", a Meursing
    /// component, "Free", or a parenthesised expression.
    private mutating func term() throws(PortunusError) -> DutyExpression {
        skipSpaces()
        if peek == UInt8(ascii: "(") {
            guard depth < 8 else { throw error("parentheses nested too deep") }
            index += 1
            depth += 1
            let inner = try chain()
            depth -= 1
            guard peek == UInt8(ascii: ")") else { throw error("\")\" was expected") }
            index += 1
            return inner
        }
        if matchWord("Free") { return .free }
        for code in ["ADSZR", "ADFMR", "ADSZ", "ADFM", "EAR", "EA"] where matchWord(code) {
            if let reference = DutyReference.meursing[code] { return .reference(reference) }
        }
        guard let (amount, end) = text.number(at: index) else { throw error("a duty (an amount, a percentage or EA, ADSZ, …) was expected") }
        index = end
        skipSpaces()
        // "33 1/3 %", as ``DutyExpression/description`` writes a rate with a common fraction.
        if let (numerator, slash) = text.number(at: index), slash < text.count, text.bytes[slash] == UInt8(ascii: "/"),
            let (denominator, after) = text.number(at: slash + 1)
        {
            guard numerator.scale == 0, denominator.scale == 0, let top = Int(exactly: numerator.significand),
                let bottom = Int(exactly: denominator.significand), let rate = Percentage(amount, numerator: top, denominator: bottom)
            else { throw error("a fraction of whole numbers was expected") }
            index = after
            skipSpaces()
            guard peek == UInt8(ascii: "%") else { throw error("\"%\" was expected after the fraction") }
            index += 1
            return .adValorem(rate, of: try valueBasis())
        }
        if peek == UInt8(ascii: "%") {
            index += 1
            return .adValorem(Percentage(amount), of: try valueBasis())
        }
        let currencyStart = index
        while index < text.count, text.bytes[index] >= 0x41, text.bytes[index] <= 0x5A { index += 1 }
        guard index - currencyStart == 3 else { throw error("\"%\" or a currency code was expected after the amount", at: currencyStart) }
        let currency: Currency
        do {
            currency = try Currency(text.string(currencyStart..<index))
        } catch {
            throw self.error("\(text.string(currencyStart..<index)) is not an ISO 4217 currency", at: currencyStart)
        }
        skipSpaces()
        guard peek == UInt8(ascii: "/") else { throw error("\"/\" and a unit were expected after the currency") }
        index += 1
        skipSpaces()
        let (count, unit) = try unitText()
        return .specific(amount: amount, currency: currency, count: count, unit: unit)
    }

    /// "/ Retail Price" (the UK's RET unit) or "of <value>" (as ``DutyExpression/description`` writes one).
    private mutating func valueBasis() throws(PortunusError) -> String? {
        let save = index
        skipSpaces()
        if peek == UInt8(ascii: "/") {
            index += 1
            skipSpaces()
            guard matchWord("Retail Price") else { throw error("\"Retail Price\" was expected after \"% /\"") }
            return "retail price"
        }
        if matchWord("of") {
            let start = index
            while index < text.count, !atOperator { index += 1 }
            let words = text.string(start..<index).trimmingCharacters(in: .whitespaces)
            guard !words.isEmpty else { throw error("a value was expected after \"of\"") }
            return DutyBase.valueKey(words)
        }
        index = save
        return nil
    }

    /// A unit abbreviation with its count ("100 kg", "1000 kg/biodiesel", "% vol/hl"), or a
    /// unit as ``DutyExpression/description`` writes it ("1000 item", "kg (drained weight)").
    private mutating func unitText() throws(PortunusError) -> (Int, QuantityUnit) {
        for (abbreviation, entry) in UKMeasurementUnits.abbreviations where text.hasPrefix(abbreviation, at: index) {
            let end = index + abbreviation.utf8.count
            guard end >= text.count || text.bytes[end] == 0x20 || text.bytes[end] == UInt8(ascii: ")") else { continue }
            index = end
            return (entry.count, try qualifier(entry.unit))
        }
        var count = 1
        if let (number, end) = text.number(at: index, groups: true), end < text.count, text.bytes[end] == 0x20 {
            guard number.scale == 0, let whole = Int(exactly: number.significand), DutyExpression.powerOfTenExponent(whole) != nil else {
                throw error("a count of units that is a power of ten was expected")
            }
            count = whole
            index = end + 1
        }
        let start = index
        while index < text.count, text.bytes[index] != 0x20, text.bytes[index] != UInt8(ascii: ")") { index += 1 }
        let name = text.string(start..<index)
        guard QuantityUnit.spellings[name.lowercased()] != nil || QuantityUnit.spellings.values.contains(name) else {
            throw error("a unit of quantity was expected (kg, 100 kg, hl, % vol/hl, p/st, …)", at: start)
        }
        return (count, try qualifier(QuantityUnit.named(name)))
    }

    /// " (what is counted)" after a unit, as ``QuantityUnit/description`` writes it.
    private mutating func qualifier(_ unit: QuantityUnit) throws(PortunusError) -> QuantityUnit {
        guard text.hasPrefix(" (", at: index), !unit.name.isEmpty else { return unit }
        // Only a parenthesis that closes before the next operator is a qualifier.
        var position = index + 2
        while position < text.count, text.bytes[position] != UInt8(ascii: ")"), text.bytes[position] != UInt8(ascii: "(") { position += 1 }
        guard position < text.count, text.bytes[position] == UInt8(ascii: ")"), position > index + 2 else { return unit }
        let words = text.string(index + 2..<position)
        guard !words.hasPrefix("+"), !words.contains(" + "), !words.contains(" MAX "), !words.contains(" MIN ") else { return unit }
        index = position + 1
        return unit.qualified(words)
    }

    // MARK: Scanning

    private var atEnd: Bool { index >= text.count }
    private var peek: UInt8? { index < text.count ? text.bytes[index] : nil }

    /// An operator or a closing parenthesis starts at the current position (after a space).
    private var atOperator: Bool {
        guard index < text.count else { return true }
        if text.bytes[index] == UInt8(ascii: ")") { return true }
        return [" + ", " - ", " MAX ", " MIN "].contains { text.hasPrefix($0, at: index) }
    }

    private mutating func skipSpaces() {
        while index < text.count, text.bytes[index] == 0x20 { index += 1 }
    }

    /// Consumes `word` when it is there, with the same case, and ends at a word boundary.
    private mutating func matchWord(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= text.count, Array(text.bytes[index..<index + utf8.count]) == utf8, text.isBoundary(index + utf8.count)
        else { return false }
        index += utf8.count
        return true
    }

    private func error(_ reason: String, at position: Int? = nil) -> PortunusError {
        text.error(reason, at: position ?? index, field: field)
    }
}
