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
