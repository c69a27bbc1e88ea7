/// The measurement units of the UK Trade Tariff (and the EU's TARIC, whose codes it keeps):
/// each unit code and qualifier, the abbreviation its duty expressions print ("100 kg",
/// "% vol/hl", "1000 kg/biodiesel"), and what Portunus reads it as — a count (the "100" of
/// "per 100 kg") and a ``QuantityUnit``, with the qualifier in words.
///
/// The abbreviations are those the Trade Tariff's backend defines for its expressions; the
/// qualifiers' words follow TARIC's descriptions of the qualifier codes.
enum UKMeasurementUnits {
    struct Entry: Sendable {
        let code: String
        let qualifier: String?
        let abbreviation: String
        let count: Int
        let unit: QuantityUnit
    }

    private static func entry(_ code: String, _ qualifier: String?, _ abbreviation: String, _ count: Int, _ unit: QuantityUnit) -> Entry {
        Entry(code: code, qualifier: qualifier, abbreviation: abbreviation, count: count, unit: unit)
    }

    private static func kilograms(_ what: String) -> QuantityUnit { QuantityUnit.kilogram.qualified(what) }

    static let entries: [Entry] = [
        entry("ASV", nil, "% vol", 1, .percentVolume),
        entry("ASV", "X", "% vol/hl", 1, .percentVolumeHectolitre),
        entry("CCT", nil, "ct/l", 1, QuantityUnit(name: "ct/l")),  // carrying capacity in tonnes
        entry("CEN", nil, "100 p/st", 100, .item),
        entry("CTM", nil, "c/k", 1, .carat),
        entry("DAP", nil, "10 000 kg/polar", 10_000, kilograms("polarised sugar")),
        entry("DHS", nil, "kg DHS", 1, kilograms("dihydrostreptomycin")),
        entry("DTN", nil, "100 kg", 100, .kilogram),
        entry("DTN", "E", "100 kg/net eda", 100, kilograms("net drained weight")),
        entry("DTN", "F", "100 kg common wheat", 100, kilograms("common wheat")),
        entry("DTN", "G", "100 kg/br", 100, kilograms("gross")),
        entry("DTN", "L", "100 kg live weight", 100, kilograms("live weight")),
        entry("DTN", "M", "100 kg/net mas", 100, kilograms("net dry matter")),
        entry("DTN", "R", "100 kg std qual", 100, kilograms("standard quality")),
        entry("DTN", "S", "100 kg raw sugar", 100, kilograms("raw sugar")),
        entry("DTN", "Z", "100 kg/net/%sacchar.", 100, .kilogramPercentSucrose),
        entry("FC1", "X", "Factor", 1, QuantityUnit(name: "Factor")),  // the factor of the UK's small brewers' relief
        entry("GFI", nil, "gi F/S", 1, QuantityUnit(name: "gi F/S")),  // grams of fissile isotopes
        entry("GRM", nil, "g", 1, .gram),
        entry("GRT", nil, "GT", 1, QuantityUnit(name: "GT")),  // gross tonnage
        entry("HLT", nil, "hl", 1, .hectolitre),
        entry("HMT", nil, "100 m", 100, .metre),
        entry("KCC", nil, "kg C₅H₁₄ClNO", 1, kilograms("choline chloride")),
        entry("KCL", nil, "tonne KCl", 1, QuantityUnit.tonne.qualified("KCl")),
        entry("KGM", nil, "kg", 1, .kilogram),
        entry("KGM", "A", "kg/tot/alc", 1, kilograms("total alcohol")),
        entry("KGM", "E", "kg/net eda", 1, kilograms("net drained weight")),
        entry("KGM", "G", "GKG", 1, kilograms("gross")),
        entry("KGM", "P", "kg/lactic matter", 1, kilograms("lactic matter")),
        entry("KGM", "S", "kg/raw sugar", 1, kilograms("raw sugar")),
        entry("KGM", "T", "kg/dry lactic matter", 1, kilograms("dry lactic matter")),
        entry("KLT", nil, "1000 l", 1000, .litre),
        entry("KMA", nil, "kg methylamines", 1, kilograms("methylamines")),
        entry("KMT", nil, "KM", 1000, .metre),
        entry("KNI", nil, "kg N", 1, kilograms("N")),
        entry("KNS", nil, "kg H₂O₂", 1, kilograms("H₂O₂")),
        entry("KPH", nil, "kg KOH", 1, kilograms("KOH")),
        entry("KPO", nil, "kg K₂O", 1, kilograms("K₂O")),
        entry("KPP", nil, "kg P₂O₅", 1, kilograms("P₂O₅")),
        entry("KSD", nil, "kg 90% sdt", 1, kilograms("90 % dry substance")),
        entry("KSH", nil, "kg NaOH", 1, kilograms("NaOH")),
        entry("KUR", nil, "kg U", 1, kilograms("U")),
        entry("LPA", nil, "l alc. 100%", 1, .litrePureAlcohol),
        entry("LTR", nil, "l", 1, .litre),
        entry("LTR", "A", "L total alc.", 1, QuantityUnit.litre.qualified("total alcohol")),
        entry("MIL", nil, "1000 p/st", 1000, .item),
        entry("MPR", nil, "1000 pa", 1000, .pair),
        entry("MTK", nil, "m²", 1, .squareMetre),
        entry("MTQ", nil, "m³", 1, .cubicMetre),
        entry("MTQ", "C", "1000 m³", 1000, .cubicMetre),
        entry("MTR", nil, "m", 1, .metre),
        entry("MWH", nil, "1000 kWh", 1000, QuantityUnit(name: "kWh")),
        entry("NAR", nil, "p/st", 1, .item),
        entry("NAR", "B", "b/f", 1, QuantityUnit.item.qualified("flask")),
        entry("NCL", nil, "ce/el", 1, QuantityUnit(name: "cell")),
        entry("NPR", nil, "pa", 1, .pair),
        entry("TJO", nil, "TJ", 1, QuantityUnit(name: "TJ")),
        entry("TNE", nil, "1000 kg", 1000, .kilogram),
        entry("TNE", "E", "1000 kg/net eda", 1000, kilograms("net drained weight")),
        entry("TNE", "I", "1000 kg/biodiesel", 1000, kilograms("biodiesel")),
        entry("TNE", "J", "1000 kg/fuel content", 1000, kilograms("fuel content")),
        entry("TNE", "K", "1000 kg/bioethanol", 1000, kilograms("bioethanol")),
        entry("TNE", "M", "1000 kg/net mas", 1000, kilograms("net dry matter")),
        entry("TNE", "R", "1000 kg std qual", 1000, kilograms("standard quality")),
        entry("TNE", "Z", "1000 kg/net/%saccha.", 1000, .kilogramPercentSucrose),
        entry("WAT", nil, "Watt", 1, QuantityUnit(name: "W")),
        // Codes newer than the backend's first list (their abbreviations here are Portunus's own):
        // the small producer relief's quantity and discount, and sucrose in % Brix.
        entry("SPQ", nil, "SPQ", 1, .smallProducerReliefQuantity),
        entry("SPR", nil, "SPR", 1, .smallProducerReliefDiscount),
        entry("BRX", nil, "% sucrose", 1, .percentSucrose),
    ]

    /// The entry for a unit code and qualifier (an empty qualifier is none).
    static func entry(code: String, qualifier: String?) -> Entry? {
        let wanted = qualifier.flatMap { $0.isEmpty ? nil : $0 }
        return entries.first { $0.code == code && $0.qualifier == wanted }
    }

    /// Abbreviations as the expressions print them, longest first so that "1000 kg/biodiesel"
    /// wins over "1000 kg"; counts also with a thousands comma ("1,000 p/st").
    static let abbreviations: [(text: String, entry: Entry)] = {
        var list: [(String, Entry)] = []
        for entry in entries where entry.code != "SPQ" && entry.code != "SPR" {
            list.append((entry.abbreviation, entry))
            for (plain, grouped) in [("10 000 ", "10,000 "), ("1000 ", "1,000 ")] where entry.abbreviation.hasPrefix(plain) {
                list.append((grouped + entry.abbreviation.dropFirst(plain.count), entry))
            }
        }
        return list.sorted { $0.0.utf8.count > $1.0.utf8.count }
    }()
}
