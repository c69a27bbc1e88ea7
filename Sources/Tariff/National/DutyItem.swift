import PortunusCore

/// What the duty calculation needs to know of one goods item: its code and origin, its value and
/// quantities, the additional codes it is declared under, and the preference it claims.
public struct DutyItem: Sendable {
    /// The item's position in the declaration, from 1.
    public var sequence: Int
    /// The national commodity code, digits only.
    public var code: String
    /// The country of origin, ISO 3166-1 alpha-2.
    public var origin: String
    /// The customs value, in ``currency``.
    public var customsValue: ExactDecimal
    public var currency: Currency
    /// Quantities by unit: the net mass in kilograms and the supplementary units declared.
    public var quantities: [(unit: QuantityUnit, amount: ExactDecimal)]
    /// Additional codes the item is declared under (an exporter under anti-dumping, an excise band).
    public var additionalCodes: [String]
    /// The preference claimed, if any.
    public var preference: PreferenceClaim?

    public init(
        sequence: Int, code: String, origin: String, customsValue: ExactDecimal, currency: Currency,
        quantities: [(unit: QuantityUnit, amount: ExactDecimal)] = [], additionalCodes: [String] = [], preference: PreferenceClaim? = nil
    ) {
        self.sequence = sequence
        self.code = code
        self.origin = origin
        self.customsValue = customsValue
        self.currency = currency
        self.quantities = quantities
        self.additionalCodes = additionalCodes
        self.preference = preference
    }
}

/// A preference claimed for a goods item: the agreement or programme, and the proof of origin
/// as the caller found it. Whether a proof is good (a certificate of origin in the ledger that
/// verifies and names these goods, a statement on origin by an approved exporter) is for the
/// caller to establish; the calculation grants the preference only with a proof and no problem.
public struct PreferenceClaim: Sendable, Hashable {
    /// The agreement's or programme's name as the tariff's preferential measures carry it.
    public var agreement: String
    /// The proof's reference (a certificate id, a statement's number); nil when none was given.
    public var proof: String?
    /// Why the proof was not accepted, when it was not.
    public var proofProblem: String?

    public init(agreement: String, proof: String?, proofProblem: String? = nil) {
        self.agreement = agreement
        self.proof = proof
        self.proofProblem = proofProblem
    }

    /// The preference may be granted: a proof was given and nothing was found wrong with it.
    public var proven: Bool { proof != nil && proofProblem == nil }
}
