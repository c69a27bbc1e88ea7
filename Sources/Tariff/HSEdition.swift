import Foundation
import PortunusCore

/// An edition of the Harmonized System. Each enters into force on 1 January of its year and
/// stays in force until the next: a declaration is classified in the edition of its date.
public enum HSEdition: Int, CaseIterable, Sendable, Comparable, Codable {
    case hs2012 = 2012
    case hs2017 = 2017
    case hs2022 = 2022

    public static func < (a: HSEdition, b: HSEdition) -> Bool { a.rawValue < b.rawValue }

    /// 1 January of the edition's year, UTC.
    public var inForceFrom: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: rawValue, month: 1, day: 1))!
    }

    /// The edition in force at a date (nil before HS 2012).
    public static func inForce(at date: Date) -> HSEdition? { allCases.last { $0.inForceFrom <= date } }

    /// `2022`, `HS2022`, `hs 2022`, `H6` (UN Comtrade's names: H4 2012, H5 2017, H6 2022).
    public init?(text: String) {
        let compact = text.uppercased().filter { !$0.isWhitespace }
        switch compact {
        case "2012", "HS2012", "H4": self = .hs2012
        case "2017", "HS2017", "H5": self = .hs2017
        case "2022", "HS2022", "H6": self = .hs2022
        default: return nil
        }
    }
}

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

/// A line of the nomenclature: a chapter (2 digits), heading (4) or subheading (6).
public struct HSEntry: Sendable, Hashable {
    public var code: String
    public var description: String
    /// The code one level up (nil for chapters).
    public var parent: String?
    public var section: String?
    public var level: Int { code.count }

    public init(code: String, description: String, parent: String?, section: String?) {
        self.code = code
        self.description = description
        self.parent = parent
        self.section = section
    }

    /// The residual "not specified" lines (99, 9999, 999999) are statistical, not HS.
    public var isNotSpecified: Bool { code.allSatisfy { $0 == "9" } }
}

/// A link between codes of two editions, as the UN Statistics Division's correlation tables
/// give it: `1:1` (the same goods), `n:1` (several old codes merged into one), `1:n` (one
/// split into several), `n:n` (goods moved between several codes both ways).
public struct HSLink: Sendable, Hashable {
    public var from: String
    public var to: String
    public var relationship: String
    /// Only part of the code's goods correspond (`ex` in the tables).
    public var partial: Bool

    public init(from: String, to: String, relationship: String, partial: Bool = false) {
        self.from = from
        self.to = to
        self.relationship = relationship
        self.partial = partial
    }

    /// The same link read the other way: n:1 becomes 1:n.
    public var reversed: HSLink {
        let sides = relationship.split(separator: ":").map(String.init)
        return HSLink(from: to, to: from, relationship: sides.count == 2 ? sides[1] + ":" + sides[0] : relationship, partial: partial)
    }
}
