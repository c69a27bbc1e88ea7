import PortunusCore

/// A national tariff as a calculation reads it: its currency and its measures, indexed by code
/// so that the measures of a goods item are found by looking up each prefix of its code.
///
/// The tariff is a value built once from the store's measures (``init(currency:measures:)``)
/// and shared by every calculation until the measures change.
public struct NationalTariff: Sendable {
    /// The national currency: customs values are converted into it and duties are due in it.
    public let currency: Currency
    /// Every measure, in the order given.
    public let measures: [TariffMeasure]
    /// Measures by their code.
    private let byCode: [String: [TariffMeasure]]

    public init(currency: Currency, measures: [TariffMeasure]) {
        self.currency = currency
        self.measures = measures
        var byCode: [String: [TariffMeasure]] = [:]
        for measure in measures { byCode[measure.code, default: []].append(measure) }
        self.byCode = byCode
    }

    /// The measures of `kind` that apply to goods under `code` of `origin` on `day`: those at the
    /// deepest code level that has any (a measure on `22030010` hides one on `2203` of the same
    /// kind), in force on the day, and for the origin.
    public func measures(_ kind: TariffMeasure.Kind, code: String, origin: String, on day: CalendarDay) -> [TariffMeasure] {
        var length = code.utf8.count
        while length >= 0 {
            if let found = byCode[String(code.prefix(length))] {
                var applicable: [TariffMeasure] = []
                for measure in found where measure.kind == kind && measure.inForce(on: day) && measure.applies(toOrigin: origin) {
                    applicable.append(measure)
                }
                if !applicable.isEmpty { return applicable }
            }
            length -= 1
        }
        return []
    }

    /// The codes that have measures, sorted (for listings).
    public var codes: [String] { byCode.keys.sorted() }

    /// The measures on exactly `code` and above it (its heading, chapter, and the measures on all
    /// goods), each with its code: what a tariff browser shows for a line.
    public func measuresOnAndAbove(_ code: String) -> [TariffMeasure] {
        var result: [TariffMeasure] = []
        for length in 0...code.utf8.count {
            result += byCode[String(code.prefix(length))] ?? []
        }
        return result
    }
}
