extension QuantityUnit {
    /// A way to know a quantity in one unit from quantities in others, exactly: the product
    /// of the sources' quantities times a decimal factor. The quantity's qualifier carries over
    /// (kilograms of biodiesel come from tonnes of biodiesel, never from the net mass).
    struct Derivation: Sendable {
        let factor: ExactDecimal
        let sources: [QuantityUnit]
    }

    /// The derivations Portunus applies when a calculation lacks a unit's quantity, by the
    /// unit's name. Only exact ones: dozens and grosses are not derived from items (1/12 and
    /// 1/144 are not decimals), barrels not from litres, pairs not from items (a declarant
    /// counts pairs); such quantities are declared in their own unit.
    static let derivations: [String: [Derivation]] = [
        "kg": [Derivation(factor: 1000, sources: [.tonne]), Derivation(factor: ExactDecimal(unchecked: 1, scale: 3), sources: [.gram])],
        "t": [Derivation(factor: ExactDecimal(unchecked: 1, scale: 3), sources: [.kilogram])],
        "g": [Derivation(factor: 1000, sources: [.kilogram])],
        "l": [Derivation(factor: 100, sources: [.hectolitre])],
        "hl": [Derivation(factor: ExactDecimal(unchecked: 1, scale: 2), sources: [.litre])],
        // UK ASV "X": per % vol per hl.
        "% vol/hl": [Derivation(factor: 1, sources: [.percentVolume, .hectolitre])],
        // Litres of pure alcohol: litres × % vol / 100.
        "l alc. 100%": [Derivation(factor: ExactDecimal(unchecked: 1, scale: 2), sources: [.litre, .percentVolume])],
        // UK DTN "Z": per 100 kg per 1 % of sucrose.
        "kg/% sucrose": [Derivation(factor: 1, sources: [.kilogram, .percentSucrose])],
        // UK SPQ: the small producer relief, per litre of pure alcohol times the SPR discount.
        "l alc. 100% × SPR discount": [Derivation(factor: 1, sources: [.litrePureAlcohol, .smallProducerReliefDiscount])],
    ]
}
