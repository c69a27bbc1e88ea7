import Foundation
import PortunusCore

/// Dates as airline messages write them, by PortunusCore's day arithmetic (``ISO8601``), not a
/// Foundation calendar per value: messages carry thousands of dates, and reading must stay fast.
public enum TravelDates {
    /// `YYMMDD` or `CCYYMMDD` as a birth date (see ``DocumentDates/birth(_:today:)``).
    public static func birth(_ text: String, today: Date = Date()) -> String? { DocumentDates.birth(trimmed(text), today: today) }

    /// `YYMMDD` or `CCYYMMDD` as an expiry date (see ``DocumentDates/expiry(_:today:)``).
    public static func expiry(_ text: String, today: Date = Date()) -> String? { DocumentDates.expiry(trimmed(text), today: today) }

    /// `YYMMDDHHMM` (format 201) or `CCYYMMDDHHMM` (203) as `YYYY-MM-DDTHH:MM`; `YYMMDD` as a date.
    public static func time(_ text: String) -> String? {
        let digits = Array(trimmed(text).utf8)
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let text = String(decoding: digits, as: UTF8.self)
        switch digits.count {
        case 10:
            return
                "20\(text.prefix(2))-\(text.dropFirst(2).prefix(2))-\(text.dropFirst(4).prefix(2))T\(text.dropFirst(6).prefix(2)):\(text.suffix(2))"
        case 12:
            return "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.dropFirst(6).prefix(2))T\(text.dropFirst(8).prefix(2)):\(text.suffix(2))"
        case 6: return "20\(text.prefix(2))-\(text.dropFirst(2).prefix(2))-\(text.suffix(2))"
        default: return nil
        }
    }

    /// Text without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
            let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })
        else { return "" }
        if first == bytes.startIndex && bytes.index(after: last) == bytes.endIndex { return text }
        return String(text[first...last])
    }
}
