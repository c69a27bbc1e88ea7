import PortunusCore

/// One measure of a national tariff: a duty or tax that applies, between two days, to the goods
/// under a commodity code from some origins — a third-country duty, a preferential rate under an
/// agreement, an anti-dumping duty on one exporter's goods, an excise, VAT.
///
/// A measure on a code applies to every code below it (a measure on heading `2203` covers
/// `2203001000`); where measures of one kind sit at several levels, the deepest wins
/// (``NationalTariff``). A measure on the empty code applies to all goods (a standard VAT rate).
///
/// The expression is kept as the tariff wrote it (``expressionText`` in its ``notation``) and
/// parsed once when the measure is made, so that what a calculation charged can always be shown
/// in the tariff's own words.
public struct TariffMeasure: Sendable, Hashable {
    /// What a measure charges. Raw values are the API's and the duty lines' `type`.
    public enum Kind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// The duty on goods from anywhere without a preference (MFN, "third country duty",
        /// the US column 1 general rate).
        case thirdCountry = "third_country"
        /// A lower duty under a trade agreement or a preference programme, for goods of the
        /// agreement's origins with a proof of origin.
        case preferential
        /// Anti-dumping duty, usually by exporter (an additional code).
        case antiDumping = "anti_dumping"
        /// Countervailing (anti-subsidy) duty.
        case countervailing
        /// A safeguard duty.
        case safeguard
        /// Any other duty added to the customs duty (a retaliatory or emergency duty).
        case additional
        /// Excise on alcohol, tobacco, fuel.
        case excise
        /// Value added tax on importation.
        case vat

        public var description: String { rawValue }

        /// The kind's position in ``allCases`` (0 to 7), for tables indexed by kind.
        var ordinal: Int {
            switch self {
            case .thirdCountry: 0
            case .preferential: 1
            case .antiDumping: 2
            case .countervailing: 3
            case .safeguard: 4
            case .additional: 5
            case .excise: 6
            case .vat: 7
            }
        }

        /// Duties added to the customs duty (anti-dumping, countervailing, safeguard, additional).
        public var isAdditionalDuty: Bool {
            self == .antiDumping || self == .countervailing || self == .safeguard || self == .additional
        }
    }

    /// How the expression is written, so it can be read again.
    public enum Notation: String, Sendable, Hashable {
        /// The UK Trade Tariff's and the EU's notation (`12.00 % + 147.00 GBP / 100 kg MAX 20.00 %`);
        /// also what Portunus writes (``DutyExpression/description``).
        case uk
        /// The US HTS rate columns (`$1.89/kg + 4.7%`; amounts in US dollars).
        case hts
    }

    /// Which origins a measure applies to.
    public enum Origins: Sendable, Hashable {
        /// Goods of any origin (ERGA OMNES), except those listed in ``TariffMeasure/excluded``.
        case any
        /// Goods of these countries (ISO 3166-1 alpha-2), sorted.
        case only([String])

        public func contains(_ country: String) -> Bool {
            switch self {
            case .any: true
            case .only(let countries): countries.contains(country)
            }
        }
    }

    /// The measure's identifier, unique in the store (`uk:3618943`, `hts:0101.21.00:general`).
    public let id: String
    /// The national code it applies to, digits only, 0 to 10 of them.
    public let code: String
    public let kind: Kind
    public let origins: Origins
    /// Origins excluded from ``origins`` (ISO 3166-1 alpha-2), sorted.
    public let excluded: [String]
    /// The additional code the goods must be declared under for the measure to apply (an
    /// exporter under anti-dumping, an excise band, a VAT rate choice); nil when none.
    public let additionalCode: String?
    /// The agreement or programme a preferential measure is under (`AU`, `CPTPP`, `GSP`); a
    /// declaration claims it by this name.
    public let agreement: String?
    public let expressionText: String
    public let notation: Notation
    /// The expression, parsed from ``expressionText``.
    public let expression: DutyExpression
    /// The first day in force.
    public let from: CalendarDay
    /// The last day in force; nil while it is open.
    public let through: CalendarDay?
    /// The law it rests on, in words ("HTSUS 2026 Rev. 10, column 1 general", "Regulation (EU) 2021/983").
    public let legalBasis: String

    /// A measure, its expression read in its notation. Throws `tariff.duty_expression` (with
    /// `field` naming where the text came from) when it cannot be read, and `invalid_argument`
    /// for a code that is not 0–10 digits, an origin that is not a country, or a period that ends
    /// before it starts.
    public init(
        id: String, code: String, kind: Kind, origins: Origins = .any, excluded: [String] = [], additionalCode: String? = nil,
        agreement: String? = nil, expression: String, notation: Notation = .uk, from: CalendarDay, through: CalendarDay? = nil,
        legalBasis: String, field: String? = nil
    ) throws(PortunusError) {
        guard code.utf8.count <= 10, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw PortunusError(.invalidArgument, "a measure's code is 0 to 10 digits", field: field.map { $0 + "/code" } ?? "/code")
        }
        var countries = excluded
        if case .only(let list) = origins { countries += list }
        for country in countries where !Country.isKnown(country) {
            throw PortunusError(.invalidArgument, "an origin is an ISO 3166-1 alpha-2 code", field: field.map { $0 + "/origins" } ?? "/origins")
        }
        if let through, through < from {
            throw PortunusError(.invalidArgument, "the measure ends before it starts", field: field.map { $0 + "/through" } ?? "/through")
        }
        self.id = id
        self.code = code
        self.kind = kind
        if case .only(let list) = origins { self.origins = .only(Array(Set(list)).sorted()) } else { self.origins = origins }
        self.excluded = Array(Set(excluded)).sorted()
        self.additionalCode = additionalCode.flatMap { $0.isEmpty ? nil : $0 }
        self.agreement = agreement.flatMap { $0.isEmpty ? nil : $0 }
        self.expressionText = expression
        self.notation = notation
        switch notation {
        case .uk: self.expression = try DutyExpression(ukDutyExpression: expression, field: field.map { $0 + "/expression" })
        case .hts: self.expression = try DutyExpression(htsRate: expression, field: field.map { $0 + "/expression" })
        }
        self.from = from
        self.through = through
        self.legalBasis = legalBasis
        self.currencies = self.expression.currencies
    }

    /// The currencies of the expression's specific amounts (each needs an exchange rate unless
    /// it is the tariff's own), found once here rather than at every calculation.
    public let currencies: [Currency]

    /// In force on `day`.
    public func inForce(on day: CalendarDay) -> Bool { from <= day && through.map { day <= $0 } ?? true }

    /// Applies to goods of `origin`.
    public func applies(toOrigin origin: String) -> Bool { origins.contains(origin) && !excluded.contains(origin) }

    public static func == (lhs: TariffMeasure, rhs: TariffMeasure) -> Bool {
        lhs.id == rhs.id && lhs.code == rhs.code && lhs.kind == rhs.kind && lhs.origins == rhs.origins && lhs.excluded == rhs.excluded
            && lhs.additionalCode == rhs.additionalCode && lhs.agreement == rhs.agreement && lhs.expressionText == rhs.expressionText
            && lhs.notation == rhs.notation && lhs.from == rhs.from && lhs.through == rhs.through && lhs.legalBasis == rhs.legalBasis
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(expressionText)
        hasher.combine(from)
    }
}
