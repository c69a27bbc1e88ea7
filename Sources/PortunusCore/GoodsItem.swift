/// One goods item of a declaration (WCO Data Model: GovernmentAgencyGoodsItem).
public struct GoodsItem: Hashable, Sendable, Codable {
    /// Position of the item in the declaration, from 1.
    public var sequence: Int
    public var hsCode: HSCode
    public var countryOfOrigin: Country
    public var countryOfDeparture: Country
    /// How the origin is marked on the goods (e.g. on the package); the administration's code.
    public var originMarking: String?
    /// Net mass in kilograms, without packaging.
    public var netMass: FixedDecimal
    /// Customs value of the item.
    public var customsValue: Money
    /// Duty rate applied, in percent (5.2 means 5.2 %).
    public var dutyRate: FixedDecimal
    /// The kind of rate: basic, or a preferential (FTA) rate code.
    public var taxType: String
    /// Quantities other than the net mass that specific duties and excise are charged on
    /// (litres, items, % vol), as declared; empty when none.
    public var supplementaryQuantities: [Quantity]
    /// Additional codes the item is declared under (an exporter under an anti-dumping measure,
    /// an excise band), as the national tariff names them; empty when none.
    public var additionalCodes: [String]
    /// The tariff preference claimed for the item, with its proof of origin.
    public var preference: Preference?

    /// A declared quantity in a unit (`l`, `item`, `% vol`, as the tariff's units are named).
    public struct Quantity: Hashable, Sendable, Codable {
        public var unit: String
        public var amount: FixedDecimal

        public init(unit: String, amount: FixedDecimal) {
            self.unit = unit
            self.amount = amount
        }
    }

    /// A preference claimed: the agreement or programme by the name the national tariff gives it,
    /// and the proof of origin's reference (a certificate of origin's id in the ledger, a
    /// statement on origin's number).
    public struct Preference: Hashable, Sendable, Codable {
        public var agreement: String
        public var proof: String?

        public init(agreement: String, proof: String?) {
            self.agreement = agreement
            self.proof = proof
        }
    }

    public init(
        sequence: Int, hsCode: HSCode, countryOfOrigin: Country, countryOfDeparture: Country,
        originMarking: String?, netMass: FixedDecimal, customsValue: Money, dutyRate: FixedDecimal, taxType: String,
        supplementaryQuantities: [Quantity] = [], additionalCodes: [String] = [], preference: Preference? = nil
    ) {
        self.sequence = sequence
        self.hsCode = hsCode
        self.countryOfOrigin = countryOfOrigin
        self.countryOfDeparture = countryOfDeparture
        self.originMarking = originMarking
        self.netMass = netMass
        self.customsValue = customsValue
        self.dutyRate = dutyRate
        self.taxType = taxType
        self.supplementaryQuantities = supplementaryQuantities
        self.additionalCodes = additionalCodes
        self.preference = preference
    }

    /// The item declares something a duty calculation reads beyond the base fields.
    public var hasDutyFacts: Bool { !supplementaryQuantities.isEmpty || !additionalCodes.isEmpty || preference != nil }

    /// JSON keys are snake_case, as everywhere in the API (see ``Declaration``).
    enum CodingKeys: String, CodingKey {
        case sequence, hsCode = "hs_code", countryOfOrigin = "country_of_origin", countryOfDeparture = "country_of_departure"
        case originMarking = "origin_marking", netMass = "net_mass", customsValue = "customs_value", dutyRate = "duty_rate"
        case taxType = "tax_type", supplementaryQuantities = "supplementary_quantities", additionalCodes = "additional_codes"
        case preference
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(Int.self, forKey: .sequence)
        hsCode = try container.decode(HSCode.self, forKey: .hsCode)
        countryOfOrigin = try container.decode(Country.self, forKey: .countryOfOrigin)
        countryOfDeparture = try container.decode(Country.self, forKey: .countryOfDeparture)
        originMarking = try container.decodeIfPresent(String.self, forKey: .originMarking)
        netMass = try container.decode(FixedDecimal.self, forKey: .netMass)
        customsValue = try container.decode(Money.self, forKey: .customsValue)
        dutyRate = try container.decode(FixedDecimal.self, forKey: .dutyRate)
        taxType = try container.decode(String.self, forKey: .taxType)
        supplementaryQuantities = try container.decodeIfPresent([Quantity].self, forKey: .supplementaryQuantities) ?? []
        additionalCodes = try container.decodeIfPresent([String].self, forKey: .additionalCodes) ?? []
        preference = try container.decodeIfPresent(Preference.self, forKey: .preference)
    }

    /// The duty facts are written only when declared, so an item without them reads as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(hsCode, forKey: .hsCode)
        try container.encode(countryOfOrigin, forKey: .countryOfOrigin)
        try container.encode(countryOfDeparture, forKey: .countryOfDeparture)
        try container.encodeIfPresent(originMarking, forKey: .originMarking)
        try container.encode(netMass, forKey: .netMass)
        try container.encode(customsValue, forKey: .customsValue)
        try container.encode(dutyRate, forKey: .dutyRate)
        try container.encode(taxType, forKey: .taxType)
        if !supplementaryQuantities.isEmpty { try container.encode(supplementaryQuantities, forKey: .supplementaryQuantities) }
        if !additionalCodes.isEmpty { try container.encode(additionalCodes, forKey: .additionalCodes) }
        try container.encodeIfPresent(preference, forKey: .preference)
    }
}

/// An amount in a currency.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public var amount: FixedDecimal
    public var currency: Currency

    public init(_ amount: FixedDecimal, _ currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    public var description: String { "\(amount) \(currency)" }
}

/// What a physical or documentary inspection found.
public struct InspectionOutcome: Hashable, Sendable, Codable {
    /// The finding, a closed-but-growable set of results.
    public struct Result: Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        /// Goods matched the declaration.
        public static let noIrregularity = Result("no_irregularity")
        /// The inspection found a discrepancy.
        public static let irregularity = Result("irregularity")
        public static let all: [Result] = [.noIrregularity, .irregularity]

        public init?(rawValue: String) {
            guard let match = Result.all.first(where: { $0.rawValue == rawValue }) else { return nil }
            self = match
        }
        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let value = Result(rawValue: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown inspection result"))
            }
            self = value
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var result: Result
    /// The discrepancy was an attempt to evade duty or a prohibition.
    public var fraud: Bool
    /// The fraud threatens public safety (KCS "critical fraud").
    public var critical: Bool
    /// Duty and tax recovered because of the inspection, when known.
    public var revenueRecovered: Money?

    public init(result: Result, fraud: Bool, critical: Bool = false, revenueRecovered: Money? = nil) {
        self.result = result
        self.fraud = fraud
        self.critical = critical
        self.revenueRecovered = revenueRecovered
    }

    enum CodingKeys: String, CodingKey {
        case result, fraud, critical, revenueRecovered = "revenue_recovered"
    }
}
