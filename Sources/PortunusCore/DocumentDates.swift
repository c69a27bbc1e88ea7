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
        // Six or eight digits read as one number: YYMMDD or CCYYMMDD.
        var number = 0
        var count = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39, count < 8 else { return nil }
            number = number * 10 + Int(byte - 0x30)
            count += 1
        }
        guard count == 6 || count == 8 else { return nil }
        let year = number / 10_000
        let month = number / 100 % 100
        let day = number % 100
        guard (1...12).contains(month), day >= 1, day <= 31 else { return nil }
        // With a two-digit year the century is not known yet: 29 February is allowed (a leap
        // year exists in every century, 2000 stands for them), the other month lengths are checked.
        guard day <= ISO8601.daysIn(month: month, year: count == 6 ? 2000 : year) else { return nil }
        return (year, month, day, count)
    }

    /// The UTC calendar day of an instant.
    public static func civil(_ date: Date) -> (year: Int, month: Int, day: Int) {
        ISO8601.civilFromDays(Int(saturating: (date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// `YYYY-MM-DD`, written byte by byte (one small string, no concatenation).
    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        guard (0...9999).contains(year) else { return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
        let bytes: [UInt8] = [
            UInt8(48 + year / 1000), UInt8(48 + year / 100 % 10), UInt8(48 + year / 10 % 10), UInt8(48 + year % 10), 0x2D,
            UInt8(48 + month / 10), UInt8(48 + month % 10), 0x2D, UInt8(48 + day / 10), UInt8(48 + day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
