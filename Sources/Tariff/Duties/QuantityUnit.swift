import Foundation

/// A unit of quantity a specific duty is charged on: kilograms, litres, items, square metres,
/// litres of pure alcohol, … — and, when the tariff says so, what is counted (`kg` of
/// "drained weight", `kg` of "biodiesel", `kg` "on lead content").
///
/// Tariffs spell one unit many ways ("liter", "litre", "l"; "No.", "p/st", "each"; "m2",
/// "m²"); ``named(_:qualifier:)`` folds the spellings Portunus knows into one ``name``, so a
/// declaration's quantity in litres meets a rate "per liter" and one "/ l". A unit it does not
/// know keeps its own name, and a quantity in that unit must then be given under that name.
/// How many units a rate is per ("per 100 kg", "per 1,000 pins") is the rate's, not the unit's:
/// see ``DutyExpression/specific(amount:currency:count:unit:)``.
///
/// A qualifier makes another quantity: "kg on drained weight" is not the net mass, and a
/// calculation asked for it without it refuses, naming it, rather than charging the net mass.
public struct QuantityUnit: Sendable, Hashable, CustomStringConvertible {
    /// The unit's name as Portunus writes it (`kg`, `l`, `hl`, `item`, `m²`, `% vol/hl`).
    public let name: String
    /// What is counted in that unit, in the tariff's words, when it is not the goods themselves.
    public let qualifier: String?

    /// A unit exactly as named (no folding of spellings); see ``named(_:qualifier:)``.
    public init(name: String, qualifier: String? = nil) {
        self.name = name
        self.qualifier = qualifier.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The unit a tariff's spelling stands for: known spellings fold into one name
    /// (`liter`, `litre`, `l` → `l`; `m2`, `m²` → `m²`; `No.`, `p/st`, `each` → `item`).
    public static func named(_ text: String, qualifier: String? = nil) -> QuantityUnit {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return QuantityUnit(name: spellings[trimmed.lowercased()] ?? trimmed, qualifier: qualifier)
    }

    /// The same unit counting something else (or the goods themselves, for nil).
    public func qualified(_ qualifier: String?) -> QuantityUnit { QuantityUnit(name: name, qualifier: qualifier) }

    public var description: String { qualifier.map { "\(name) (\($0))" } ?? name }

    // MARK: Units with a name of their own

    public static let kilogram = QuantityUnit(name: "kg")
    public static let gram = QuantityUnit(name: "g")
    /// The metric ton, 1,000 kg (the US schedule's `t`).
    public static let tonne = QuantityUnit(name: "t")
    public static let litre = QuantityUnit(name: "l")
    public static let hectolitre = QuantityUnit(name: "hl")
    /// A piece, an article, a head counted as one ("No.", "p/st", "each").
    public static let item = QuantityUnit(name: "item")
    public static let pair = QuantityUnit(name: "pair")
    public static let dozen = QuantityUnit(name: "dozen")
    /// A gross, 144 items: counted as grosses, never derived from items (1/144 is not a decimal).
    public static let gross = QuantityUnit(name: "gross")
    public static let metre = QuantityUnit(name: "m")
    public static let squareMetre = QuantityUnit(name: "m²")
    public static let cubicMetre = QuantityUnit(name: "m³")
    /// The US barrel (42 US gallons).
    public static let barrel = QuantityUnit(name: "bbl")
    /// The US proof litre: a litre at 100 proof (50 % alcohol by volume).
    public static let proofLitre = QuantityUnit(name: "pf. l")
    public static let carat = QuantityUnit(name: "carat")
    /// Alcoholic strength by volume, in percent (the UK's ASV).
    public static let percentVolume = QuantityUnit(name: "% vol")
    /// Percent of alcohol by volume times hectolitres: the base of a rate "per % vol per hl".
    public static let percentVolumeHectolitre = QuantityUnit(name: "% vol/hl")
    /// Litres of pure alcohol (the UK's LPA): litres times the strength in percent, over 100.
    public static let litrePureAlcohol = QuantityUnit(name: "l alc. 100%")
    /// Sucrose content in percent by weight (degrees Brix, the UK's BRX).
    public static let percentSucrose = QuantityUnit(name: "% sucrose")
    /// Kilograms times the sucrose content in percent: the base of a rate "per 100 kg per 1 % of sucrose".
    public static let kilogramPercentSucrose = QuantityUnit(name: "kg/% sucrose")
    /// The UK small producer relief's discount per litre of pure alcohol (its SPR), as a number.
    public static let smallProducerReliefDiscount = QuantityUnit(name: "SPR discount")
    /// Litres of pure alcohol times the SPR discount: the base of the UK's SPQ component.
    public static let smallProducerReliefQuantity = QuantityUnit(name: "l alc. 100% × SPR discount")

    /// Spellings, lower-cased, of the units above.
    static let spellings: [String: String] = [
        "kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "kgm": "kg",
        "g": "g", "gram": "g", "grams": "g", "grm": "g",
        "t": "t", "tonne": "t", "tonnes": "t", "metric ton": "t", "mt": "t",
        "l": "l", "liter": "l", "liters": "l", "litre": "l", "litres": "l", "ltr": "l",
        "hl": "hl", "hectolitre": "hl", "hectoliter": "hl", "hlt": "hl",
        "item": "item", "items": "item", "no.": "item", "no": "item", "each": "item", "p/st": "item", "pcs": "item",
        "article": "item", "articles": "item", "piece": "item", "pieces": "item", "nar": "item",
        "pair": "pair", "pairs": "pair", "pr.": "pair", "pr": "pair", "pa": "pair", "npr": "pair",
        "dozen": "dozen", "doz.": "dozen", "doz": "dozen",
        "gross": "gross", "gr.": "gross",
        "m": "m", "lin. m": "m", "linear meter": "m", "metre": "m", "meter": "m", "mtr": "m",
        "m2": "m²", "m²": "m²", "sq. m": "m²", "mtk": "m²",
        "m3": "m³", "m³": "m³", "cu. m": "m³", "mtq": "m³",
        "bbl": "bbl", "barrel": "bbl", "barrels": "bbl",
        "pf. l": "pf. l", "pf. liter": "pf. l", "pf.liter": "pf. l", "pf. litre": "pf. l", "proof liter": "pf. l", "proof litre": "pf. l",
        "carat": "carat", "carats": "carat", "c/k": "carat", "ctm": "carat",
        "% vol": "% vol", "asv": "% vol", "%vol": "% vol",
        "% vol/hl": "% vol/hl",
        "l alc. 100%": "l alc. 100%", "lpa": "l alc. 100%",
        "% sucrose": "% sucrose", "brx": "% sucrose",
        "kg/% sucrose": "kg/% sucrose",
        "spr discount": "SPR discount", "spr": "SPR discount",
    ]
}
