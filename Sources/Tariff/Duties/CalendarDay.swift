import Foundation
import PortunusCore

/// A day of the civil calendar, without a time or a zone: the unit in which tax tables and
/// tariff measures date their rates ("20 % from 2021-01-01").
///
/// A rate is in force on a day, not at an instant; which day an instant falls on depends on
/// where the goods are. ``init(_:)-(Date)`` takes the UTC day; a caller that knows the tax
/// point's local day builds the day from it.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let daysSince1970: Int

    init(daysSince1970: Int) { self.daysSince1970 = daysSince1970 }

    /// Parses `YYYY-MM-DD`; nil for any other form and for days that do not exist (2021-02-29).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || ($0.element >= 0x30 && $0.element <= 0x39) }),
            let midnight = ISO8601.parse(String(text) + "T00:00:00Z")
        else { return nil }
        self.daysSince1970 = Int((midnight.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// The UTC day of an instant.
    public init(_ date: Date) {
        let days = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        self.daysSince1970 = days.isFinite ? Int(Swift.max(-1e12, Swift.min(days, 1e12))) : 0
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = ISO8601.civilFromDays(daysSince1970)
        return DocumentDates.pad(year, 4) + "-" + DocumentDates.pad(month, 2) + "-" + DocumentDates.pad(day, 2)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }
}

extension CalendarDay {
    /// Whether two periods of days share a day (`through` nil: open-ended): how rate tables
    /// refuse two periods of one country or currency that overlap.
    public static func periodsOverlap(_ one: (from: CalendarDay, through: CalendarDay?), _ other: (from: CalendarDay, through: CalendarDay?))
        -> Bool
    {
        let oneEnd = one.through.map(\.daysSince1970) ?? .max
        let otherEnd = other.through.map(\.daysSince1970) ?? .max
        return one.from.daysSince1970 <= otherEnd && other.from.daysSince1970 <= oneEnd
    }
}
