import Foundation

/// A date of birth as lists and messages give it: full, or only the year (many lists carry
/// 1 January as a placeholder for "year known").
public struct BirthDate: Sendable, Hashable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD` or `YYYY`.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        self.year = year
        if parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day) {
            self.month = month
            self.day = day
        } else if parts.count != 1 {
            return nil
        }
    }

    var isPlaceholder: Bool { month == 1 && day == 1 }
}
