import Foundation
import PortunusCore

extension Date {
    /// Now, to the whole second, which is what a time column keeps (``ISO8601/format(_:)`` drops
    /// the fraction): a value a write returns then equals the value read back later.
    static var storedNow: Date { Date().storedPrecision }

    /// This instant to the whole second, as a time column keeps it.
    var storedPrecision: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
