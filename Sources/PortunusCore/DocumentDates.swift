import Foundation

/// Dates as travel documents and travel messages write them: `YYMMDD` (the MRZ, API lists) or
/// `CCYYMMDD`. A two-digit year's century is chosen as ICAO 9303 readers do: a birth date takes
/// the latest date not in the future, an expiry date the century that puts it within 50 years of
/// today. Civil-calendar arithmetic (``ISO8601``), no Foundation calendar per value.
public enum DocumentDates {
    /// `YYMMDD` or `CCYYMMDD` as a birth date, `YYYY-MM-DD`; nil when it is not a calendar day.
    public static func birth(_ text: String, today: Date = Date()) -> String? {
        guard let (year, month, day, digits) = split(text) else { return nil }
        var full = year
        if digits == 6 {
            let now = civil(today)
            full = (now.year / 100) * 100 + year
            if (full, month, day) > (now.year, now.month, now.day) { full -= 100 }
        }
        return valid(full, month, day) ? format(full, month, day) : nil
    }

    /// `YYMMDD` or `CCYYMMDD` as an expiry date, `YYYY-MM-DD`; nil when it is not a calendar day.
    public static func expiry(_ text: String, today: Date = Date()) -> String? {
        guard let (year, month, day, digits) = split(text) else { return nil }
        var full = year
        if digits == 6 {
            let current = civil(today).year
            full = (current / 100) * 100 + year
            if full - current > 50 { full -= 100 } else if current - full > 50 { full += 100 }
        }
        return valid(full, month, day) ? format(full, month, day) : nil
    }

    static func valid(_ year: Int, _ month: Int, _ day: Int) -> Bool { day <= ISO8601.daysIn(month: month, year: year) }

    /// Year (two or four digits as written), month and day of `YYMMDD` / `CCYYMMDD`, with the
    /// number of digits; nil when it cannot be a calendar day in any century.
    static func split(_ text: String) -> (Int, Int, Int, Int)? {
        let digits = Array(text.utf8)
        guard digits.count == 6 || digits.count == 8, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let values = digits.map { Int($0 - 0x30) }
        let yearDigits = digits.count - 4
        let year = values[0..<yearDigits].reduce(0) { $0 * 10 + $1 }
        let month = values[yearDigits] * 10 + values[yearDigits + 1]
        let day = values[yearDigits + 2] * 10 + values[yearDigits + 3]
        guard (1...12).contains(month), day >= 1, day <= 31 else { return nil }
        // With a two-digit year the century is not known yet: 29 February is allowed (a leap
        // year exists in every century, 2000 stands for them), the other month lengths are checked.
        guard day <= ISO8601.daysIn(month: month, year: yearDigits == 2 ? 2000 : year) else { return nil }
        return (year, month, day, digits.count)
    }

    /// The UTC calendar day of an instant.
    public static func civil(_ date: Date) -> (year: Int, month: Int, day: Int) {
        ISO8601.civilFromDays(Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
