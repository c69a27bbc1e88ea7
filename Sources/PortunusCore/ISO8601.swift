import Foundation

/// Fast, strict ISO 8601 parsing of the two forms declarations carry: a calendar date
/// (`2020-01-31`, taken as midnight UTC) and a date-time with a zone designator
/// (`2020-01-31T08:15:00Z`, `2020-01-31T08:15:00.250+09:00`). `ISO8601DateFormatter` is
/// correct but allocates per call, which an import of millions of rows cannot afford.
public enum ISO8601 {
    public static func parse(_ text: some StringProtocol) -> Date? {
        var copy = String(text)
        return copy.withUTF8 { parse(utf8: UnsafeRawBufferPointer($0)) }
    }

    public static func parse(utf8 bytes: UnsafeRawBufferPointer) -> Date? {
        var index = 0
        let count = bytes.count
        func number(_ digits: Int) -> Int? {
            guard index + digits <= count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if index == count { return Date(timeIntervalSince1970: seconds) }
        guard index < count, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " ") else { return nil }
        index += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if expect(UInt8(ascii: ":")) {
            guard let value = number(2), value < 61 else { return nil }
            second = min(value, 59)  // a leap second lands on :59
        }
        var fraction = 0.0
        if index < count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            var scale = 0.1
            var digits = 0
            while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
        }
        seconds += Double(hour * 3600 + minute * 60 + second) + fraction
        guard index < count else { return nil }  // a zone designator is required for a time
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            return index == count ? Date(timeIntervalSince1970: seconds) : nil
        }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
        let sign = bytes[index] == UInt8(ascii: "-") ? -1.0 : 1.0
        index += 1
        guard let offsetHours = number(2), offsetHours < 24 else { return nil }
        _ = expect(UInt8(ascii: ":"))
        guard let offsetMinutes = number(2), offsetMinutes < 60, index == count else { return nil }
        seconds -= sign * Double(offsetHours * 3600 + offsetMinutes * 60)
        return Date(timeIntervalSince1970: seconds)
    }

    /// The range `format` can write: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    static let formattable: ClosedRange<Int> = -62_167_219_200...253_402_300_799

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds), the form the store keeps: it
    /// sorts as text in time order. Total: a time outside years 0–9999, infinite or NaN (which
    /// the door refuses, but a formatter must not trap on) is clamped to the nearest end, NaN
    /// to the epoch.
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let total = min(max(Int(saturating: seconds), formattable.lowerBound), formattable.upperBound)
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = civilFromDays(days)
        // Built byte by byte: this runs for every stored declaration.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(0x30 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(rest / 3600, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(rest / 60 % 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(rest % 60, 2, at: 17)
            buffer[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month and day of a day number counted from 1970-01-01.
    /// Total: days beyond ±1 billion years' worth are clamped there first.
    public static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = min(max(days, -365_000_000_000), 365_000_000_000) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension JSONEncoder.DateEncodingStrategy {
    /// Dates as ISO 8601 in UTC to the second (``ISO8601/format(_:)``), the form every time
    /// takes on the wire; an encoder's default would write seconds since 2001 as a number.
    public static var portunus: Self {
        .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
    }
}
