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
    /// For each code that has measures, the positions in ``measures`` of the measures on it and on
    /// every code above it, deepest first: an item's lookup finds its deepest code with measures
    /// and has every candidate at once, without copying a measure.
    private let candidates: [String: [Int32]]
    /// What the choice of measures reads of each measure, in ``measures``' order, without a
    /// string or a reference in it: the search over an item's candidates retains nothing.
    private let facts: [Facts]

    /// A measure's kind, level, dates and origins as numbers.
    struct Facts {
        var kind: UInt8
        var length: UInt8
        var from: Int32
        var through: Int32
        /// Any origin (less ``excluded``), or only ``origins``.
        var anyOrigin: Bool
        /// Country codes as two bytes (`"CN"` is 0x434E), sorted.
        var origins: [UInt16]
        var excluded: [UInt16]

        init(_ measure: TariffMeasure) {
            kind = UInt8(measure.kind.ordinal)
            length = UInt8(measure.code.utf8.count)
            from = Int32(clamping: measure.from.daysSince1970)
            through = Int32(clamping: measure.through?.daysSince1970 ?? Int(Int32.max))
            switch measure.origins {
            case .any:
                anyOrigin = true
                origins = []
            case .only(let countries):
                anyOrigin = false
                origins = countries.map(Self.country).sorted()
            }
            excluded = measure.excluded.map(Self.country).sorted()
        }

        /// A country code as two bytes; 0 for anything that is not two ASCII bytes.
        static func country(_ code: String) -> UInt16 {
            var value: UInt16 = 0
            var count = 0
            for byte in code.utf8 {
                count += 1
                guard count <= 2 else { return 0 }
                value = value << 8 | UInt16(byte)
            }
            return count == 2 ? value : 0
        }

        func applies(day: Int32, origin: UInt16) -> Bool {
            guard from <= day, day <= through else { return false }
            if !anyOrigin, !origins.contains(origin) { return false }
            return excluded.isEmpty || !excluded.contains(origin)
        }
    }

    public init(currency: Currency, measures: [TariffMeasure]) {
        self.currency = currency
        self.measures = measures
        self.facts = measures.map(Facts.init)
        var byCode: [String: [TariffMeasure]] = [:]
        var positions: [String: [Int32]] = [:]
        for (index, measure) in measures.enumerated() {
            byCode[measure.code, default: []].append(measure)
            positions[measure.code, default: []].append(Int32(truncatingIfNeeded: index))
        }
        var candidates: [String: [Int32]] = [:]
        candidates.reserveCapacity(positions.count)
        for code in positions.keys {
            var list: [Int32] = []
            for length in stride(from: code.utf8.count, through: 0, by: -1) { list += positions[String(code.prefix(length))] ?? [] }
            candidates[code] = list
        }
        self.byCode = byCode
        self.candidates = candidates
    }

    /// The positions in ``measures`` of every measure on `code` and above it, deepest first.
    func candidates(for code: String) -> [Int32] {
        var length = code.utf8.count
        while length >= 0 {
            if let found = candidates[length == code.utf8.count ? code : String(code.prefix(length))] { return found }
            length -= 1
        }
        return []
    }

    /// The measures of `kind` that apply to goods under `code` of `origin` on `day`: those at the
    /// deepest code level that has any (a measure on `22030010` hides one on `2203` of the same
    /// kind), in force on the day, and for the origin.
    public func measures(_ kind: TariffMeasure.Kind, code: String, origin: String, on day: CalendarDay) -> [TariffMeasure] {
        applicable(code: code, origin: origin, on: day).of(kind).map { measures[Int($0)] }
    }

    /// The measures that apply to goods under `code` of `origin` on `day`, of every kind at once:
    /// of each kind, those at the deepest level that has any in force for the origin.
    func applicable(code: String, origin: String, on day: CalendarDay) -> Applicable {
        var result = Applicable()
        var depth = InlineArray<8, Int>(repeating: -1)
        let origin = Facts.country(origin)
        let today = Int32(clamping: day.daysSince1970)
        facts.withUnsafeBufferPointer { facts in
            for position in candidates(for: code) {
                let index = Int(position)
                let kind = Int(facts[index].kind)
                let length = Int(facts[index].length)
                // Deepest first: a kind's level is the first one met that applies.
                if depth[kind] > length { continue }
                guard facts[index].applies(day: today, origin: origin) else { continue }
                depth[kind] = length
                result.positions.append(position)
                result.kinds.append(UInt8(kind))
                result.mask |= 1 << kind
            }
        }
        return result
    }

    /// The measures that apply to one item, by position in the tariff, with their kinds.
    struct Applicable {
        var positions: [Int32] = []
        var kinds: [UInt8] = []
        /// Bit n set: a measure of the kind of ordinal n applies.
        var mask: UInt8 = 0

        /// The positions of the applicable measures of `kind` (no allocation when there are none).
        func of(_ kind: TariffMeasure.Kind) -> [Int32] {
            let ordinal = kind.ordinal
            guard mask & (1 << ordinal) != 0 else { return [] }
            var found: [Int32] = []
            for (position, other) in zip(positions, kinds) where other == UInt8(ordinal) { found.append(position) }
            return found
        }
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
