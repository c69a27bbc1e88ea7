/// The 21 sections of the nomenclature and the chapters each holds (the same in every
/// edition since 1988; chapter 77 is reserved, 99 is for national use).
public enum HSSections {
    public static let all: [(numeral: String, chapters: ClosedRange<Int>, title: String)] = [
        ("I", 1...5, "Live animals; animal products"),
        ("II", 6...14, "Vegetable products"),
        ("III", 15...15, "Animal, vegetable or microbial fats and oils and their cleavage products; prepared edible fats; animal or vegetable waxes"),
        (
            "IV", 16...24,
            "Prepared foodstuffs; beverages, spirits and vinegar; tobacco and manufactured tobacco substitutes; products, whether or not containing nicotine, intended for inhalation without combustion; other nicotine containing products intended for the intake of nicotine into the human body"
        ),
        ("V", 25...27, "Mineral products"),
        ("VI", 28...38, "Products of the chemical or allied industries"),
        ("VII", 39...40, "Plastics and articles thereof; rubber and articles thereof"),
        (
            "VIII", 41...43,
            "Raw hides and skins, leather, furskins and articles thereof; saddlery and harness; travel goods, handbags and similar containers; articles of animal gut (other than silk-worm gut)"
        ),
        (
            "IX", 44...46,
            "Wood and articles of wood; wood charcoal; cork and articles of cork; manufactures of straw, of esparto or of other plaiting materials; basketware and wickerwork"
        ),
        (
            "X", 47...49,
            "Pulp of wood or of other fibrous cellulosic material; recovered (waste and scrap) paper or paperboard; paper and paperboard and articles thereof"
        ),
        ("XI", 50...63, "Textiles and textile articles"),
        (
            "XII", 64...67,
            "Footwear, headgear, umbrellas, sun umbrellas, walking-sticks, seat-sticks, whips, riding-crops and parts thereof; prepared feathers and articles made therewith; artificial flowers; articles of human hair"
        ),
        ("XIII", 68...70, "Articles of stone, plaster, cement, asbestos, mica or similar materials; ceramic products; glass and glassware"),
        (
            "XIV", 71...71,
            "Natural or cultured pearls, precious or semi-precious stones, precious metals, metals clad with precious metal, and articles thereof; imitation jewellery; coin"
        ),
        ("XV", 72...83, "Base metals and articles of base metal"),
        (
            "XVI", 84...85,
            "Machinery and mechanical appliances; electrical equipment; parts thereof; sound recorders and reproducers, television image and sound recorders and reproducers, and parts and accessories of such articles"
        ),
        ("XVII", 86...89, "Vehicles, aircraft, vessels and associated transport equipment"),
        (
            "XVIII", 90...92,
            "Optical, photographic, cinematographic, measuring, checking, precision, medical or surgical instruments and apparatus; clocks and watches; musical instruments; parts and accessories thereof"
        ),
        ("XIX", 93...93, "Arms and ammunition; parts and accessories thereof"),
        ("XX", 94...96, "Miscellaneous manufactured articles"),
        ("XXI", 97...97, "Works of art, collectors' pieces and antiques"),
    ]

    /// The section of a code's chapter (nil for 77, 98, 99).
    public static func section(of code: String) -> String? {
        guard let chapter = Int(code.prefix(2)) else { return nil }
        return all.first { $0.chapters.contains(chapter) }?.numeral
    }
}
