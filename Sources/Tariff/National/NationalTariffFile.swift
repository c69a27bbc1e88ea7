import Foundation
import PortunusCore

/// What a reader of a tariff file gives: the lines for browsing, the measures for calculating,
/// and an account of everything in the file that did not become a measure, and why.
///
/// Readers turn a publisher's file into Portunus's measures (``TariffMeasure``): the US
/// schedule's JSON export (``HTSScheduleReader``), the UK Trade Tariff's commodity responses
/// (``UKCommodityReader``), Portunus's own measure CSV (``MeasureCSVReader``). A file always
/// holds more than Portunus applies — quotas, controls, provisions it does not model yet — and
/// nothing of it is dropped in silence: each kind of thing left out is a ``Skip`` with its
/// reason, how many there were and one example, so an operator loading a tariff sees what the
/// calculation will not charge.
///
/// ```swift
/// let file = try HTSScheduleReader(revision: "2026 Rev. 10", effective: CalendarDay("2026-06-08")!)
///     .read(path: "hts_2026_rev_10.json")
/// let tariff = file.tariff               // for DutyCalculator
/// for skip in file.skipped { print(skip) }   // 2,976 × chapter 99 line: …
/// ```
public struct NationalTariffFile: Sendable {
    /// What was not turned into a measure, for one reason.
    public struct Skip: Sendable, Hashable, CustomStringConvertible {
        /// Why, in words an operator understands ("chapter 99 line: …").
        public var reason: String
        /// How many were left out for this reason.
        public var count: Int
        /// One of them: a measure id, a line's code, a row.
        public var example: String

        public init(reason: String, count: Int, example: String) {
            self.reason = reason
            self.count = count
            self.example = example
        }

        public var description: String { "\(count) × \(reason) (e.g. \(example))" }
    }

    /// What the file is, in words ("US HTS 2026 Rev. 10").
    public var source: String
    /// The currency duties are due in.
    public var currency: Currency
    public var lines: [TariffLine]
    public var measures: [TariffMeasure]
    /// What was left out, by reason, in the order first met.
    public var skipped: [Skip]

    public init(source: String, currency: Currency, lines: [TariffLine], measures: [TariffMeasure], skipped: [Skip] = []) {
        self.source = source
        self.currency = currency
        self.lines = lines
        self.measures = measures
        self.skipped = skipped
    }

    /// The measures as a tariff a ``DutyCalculator`` reads.
    public var tariff: NationalTariff { NationalTariff(currency: currency, measures: measures) }

    /// How many were left out for a reason (0 when none were).
    public func skippedCount(_ reason: String) -> Int { skipped.first { $0.reason == reason }?.count ?? 0 }

    /// A file larger than this is not read (the US schedule's export is 13.5 MB).
    public static let maximumBytes = 64 << 20

    /// The bytes of a file of at most ``maximumBytes``; `io` when it is missing, unreadable or larger.
    static func contents(of path: String, what: String) throws(PortunusError) -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, size <= maximumBytes, let data = FileManager.default.contents(atPath: path),
            data.count <= maximumBytes
        else { throw PortunusError(.io, "cannot read the \(what) (missing, unreadable or over \(maximumBytes) bytes)") }
        return Array(data)
    }
}

extension NationalTariffFile {
    /// Counts what readers leave out, by reason, keeping the distinct examples so that the same
    /// thing met twice (a measure in two responses) counts once.
    struct SkipTally: Sendable {
        private var order: [String] = []
        private var examples: [String: (first: String, all: Set<String>)] = [:]

        init() {}

        mutating func add(_ reason: String, _ example: String) {
            if examples[reason] == nil {
                order.append(reason)
                examples[reason] = (example, [example])
            } else {
                examples[reason]?.all.insert(example)
            }
        }

        mutating func merge(_ other: SkipTally) {
            for reason in other.order {
                guard let entry = other.examples[reason] else { continue }
                add(reason, entry.first)
                for example in entry.all { add(reason, example) }
            }
        }

        var skips: [Skip] {
            order.compactMap { reason in examples[reason].map { Skip(reason: reason, count: $0.all.count, example: $0.first) } }
        }
    }
}
