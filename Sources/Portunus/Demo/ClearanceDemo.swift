import Clearance
import Foundation
import PortunusCore
import RiskEngine
import Storage
import Synchronization
import Tariff

/// A day of clearance for the demo: a national tariff for the demo catalogue's goods, exchange
/// rates and traders' guarantees, then a working day of declarations lodged, assessed and taken
/// through their lanes by officers, traders, a bank, a port and other agencies — so that every
/// lane has declarations in every state, released and exited ones included.
///
/// Everything goes through the same use cases as the API (lodgement with the risk assessor,
/// officers' acts, events, payments), on a clock of the demo's own that walks through the day,
/// so the milestones carry the times a real day would give them.
public struct ClearanceDemo: Sendable {
    public var seed: UInt64
    /// Declarations lodged in the day.
    public var declarations: Int

    public init(seed: UInt64 = 1, declarations: Int = 600) {
        self.seed = seed
        self.declarations = declarations
    }

    /// The demo's national currency: values are declared in US dollars and converted.
    public static let currency = Currency(unchecked: "EUR")

    /// The demo national tariff: each catalogue product's MFN duty as its third-country measure,
    /// the trade agreement's preference (30 % of it) for its partners, and VAT at 10 % on all goods.
    public static func nationalTariff(from: CalendarDay) throws(PortunusError) -> NationalTariffFile {
        var measures: [TariffMeasure] = []
        var lines: [TariffLine] = []
        for product in DemoCatalogue.products {
            let duty = ExactDecimal(String(format: "%.2f", product.duty)) ?? .zero
            let preferential = ExactDecimal(String(format: "%.2f", (product.duty * 0.3 * 10).rounded() / 10)) ?? .zero
            lines.append(TariffLine(code: product.hsCode, description: product.description, units: ["kg"]))
            measures.append(
                try TariffMeasure(
                    id: "demo:\(product.hsCode):mfn", code: product.hsCode, kind: .thirdCountry, expression: "\(duty) %", from: from,
                    legalBasis: "Demo Customs Tariff, schedule 1, \(product.hsCode)"))
            measures.append(
                try TariffMeasure(
                    id: "demo:\(product.hsCode):fta", code: product.hsCode, kind: .preferential,
                    origins: .only(DemoCatalogue.tradeAgreementPartners.sorted()), agreement: "FTA", expression: "\(preferential) %", from: from,
                    legalBasis: "Demo Free Trade Agreement, annex 2, \(product.hsCode)"))
        }
        measures.append(try TariffMeasure(id: "demo:vat", code: "", kind: .vat, expression: "10.00 %", from: from, legalBasis: "Demo VAT Act, s. 12"))
        return NationalTariffFile(source: "Demo Customs Tariff", currency: currency, lines: lines, measures: measures)
    }

    /// USD rates for periods of 30 days from `from` for three years, the last one open.
    public static func exchangeRates(from: Date) throws(PortunusError) -> ExchangeRateTable {
        var periods: [ExchangeRateTable.Period] = []
        for month in 0..<36 {
            let first = CalendarDay(from.addingTimeInterval(Double(month * 30) * 86_400))
            let last = CalendarDay(from.addingTimeInterval(Double(month * 30 + 29) * 86_400))
            // A rate that drifts a little from period to period, as rates do.
            let rate = ExactDecimal(String(format: "%.4f", 0.90 + 0.02 * sin(Double(month) / 3))) ?? 1
            periods.append(.init(currency: Currency(unchecked: "USD"), from: first, through: month == 35 ? nil : last, rate: rate))
        }
        return try ExchangeRateTable(currency: currency, periods: periods)
    }

    /// What the day left, by lane and state.
    public struct Report: Sendable {
        public var lodged = 0
        public var byLaneAndState: [String: Int] = [:]

        public var line: String {
            "clearance demo: \(lodged) declarations lodged today and taken through their lanes ("
                + byLaneAndState.keys.sorted().map { "\($0) \(byLaneAndState[$0] ?? 0)" }.joined(separator: ", ") + ")"
        }
    }

    /// A clock the demo moves forward by hand.
    final class DayClock: Sendable {
        let now: Mutex<Date>
        init(_ start: Date) { now = Mutex(start) }
        func set(_ date: Date) { now.withLock { $0 = date } }
        var read: @Sendable () -> Date { { [self] in now.withLock { $0 } } }
    }

    /// Installs the demo tariff (when no national tariff is set), registers guarantees for a third
    /// of the importers, and runs two working days: declarations like the store's latest ones,
    /// lodged yesterday and over the last ten hours through `assessor`, then acted on.
    public func run(store: PortunusStore, assessor: any LodgementAssessor, now: Date = Date()) throws(PortunusError) -> Report {
        let principal = Principal(keyID: "demo", role: .admin)
        // From well before the demo's history, so that its declarations are charged too.
        let startDate = now.addingTimeInterval(-800 * 86_400)
        let start = CalendarDay(startDate)
        if try store.tariff.nationalCurrency() == nil {
            try store.tariff.replaceNationalTariff(try Self.nationalTariff(from: start), by: principal.keyID)
            try store.tariff.replaceExchangeRates(try Self.exchangeRates(from: startDate), by: principal.keyID)
        }
        var random = SeededGenerator(seed: seed &+ 0xC1EA)
        let templates = try store.declarations.declarations(matching: .init(limit: min(1000, max(1, declarations)))).declarations
        guard !templates.isEmpty else { return Report() }
        // Deferment accounts for a third of the importers: their green declarations go without waiting for payment.
        var guaranteed = Set<String>()
        for importer in Set(templates.map(\.parties.importer)).sorted() where random.chance(0.33) {
            guaranteed.insert(importer)
            let guarantee = DutyGuarantee(
                reference: "DEMO-DAN-\(importer)", holder: importer, kind: .deferment, amount: Money(FixedDecimal(250_000), Self.currency),
                from: start)
            if (try? store.duties.guarantees(holder: importer))?.isEmpty ?? true { try store.duties.addGuarantee(guarantee, by: principal.keyID) }
        }

        let clock = DayClock(now.addingTimeInterval(-34 * 3600))
        var lodging = try DeclarationService(store: store)
        lodging.clock = clock.read
        var clearance = try ClearanceService(store: store)
        clearance.clock = clock.read
        var duties = try DutyService(store: store)
        duties.clock = clock.read
        let partner = Principal(keyID: "demo-bank", role: .partner, party: "demo-bank")

        let stamp = ISO8601.format(now).prefix(10).replacingOccurrences(of: "-", with: "")
        var report = Report()
        for index in 0..<declarations {
            // Two working days: two fifths lodged yesterday (whose risk scores set today's
            // selectivity thresholds, as a live office's previous days do), the rest through today,
            // the last about two hours ago.
            let yesterday = declarations * 2 / 5
            let lodgedAt =
                index < yesterday
                ? now.addingTimeInterval(-34 * 3600 + Double(index) * 10 * 3600 / Double(max(1, yesterday)))
                : now.addingTimeInterval(-10 * 3600 + Double(index - yesterday) * 8 * 3600 / Double(max(1, declarations - yesterday)))
            clock.set(lodgedAt)
            var declaration = templates[index % templates.count]
            declaration.id = DeclarationID(unchecked: "DAY\(stamp)\(String(format: "%05d", index + 1))")
            declaration.lodgedAt = lodgedAt
            declaration.timeline = Declaration.Timeline(lodged: lodgedAt)
            declaration.outcome = nil
            for item in declaration.items.indices where declaration.items[item].taxType.hasPrefix("F") {
                // A preference claimed; most with a proof of origin.
                declaration.items[item].preference = GoodsItem.Preference(
                    agreement: "FTA", proof: random.chance(0.8) ? "COO-\(declaration.id.rawValue)-\(item + 1)" : nil)
            }
            let results = try lodging.lodge([.success((declaration, []))], assessor: assessor, by: principal)
            guard results.first?.status == .accepted else { continue }
            report.lodged += 1
            let id = declaration.id.rawValue
            // Each declaration's day: minutes pass between its steps, and the day stops at `now`.
            var at = lodgedAt
            func later(_ minutes: ClosedRange<Int>) -> Bool {
                at = at.addingTimeInterval(Double(random.int(in: minutes)) * 60)
                clock.set(at)
                return at < now
            }
            func act(_ code: MilestoneCode, _ attributes: [String: String] = [:]) -> Bool {
                (try? clearance.act(code, on: id, attributes: attributes, by: principal)) != nil
            }
            func event(_ code: MilestoneCode, _ kind: Milestone.Actor.Kind, _ source: String, _ attributes: [String: String] = [:]) {
                _ = try? clearance.report(
                    code, on: id, at: at, source: source, actorKind: kind, attributes: attributes, idempotencyKey: "demo-\(id)-\(code.rawValue)",
                    by: principal)
            }
            func pay() {
                guard let assessment = try? duties.duties(id, by: principal), let calculation = assessment.calculation,
                    !assessment.outstanding.isZero
                else { return }
                _ = try? duties.pay(
                    id, amount: Money(assessment.outstanding, calculation.currency), reference: "BANK-\(id)", idempotencyKey: "demo-pay-\(id)",
                    by: partner)
            }
            if random.chance(0.7), later(0...120) { event(.arrived, .port, "demo-port") }
            if random.chance(0.05), later(5...60) {
                event(.ogaHold, .agency, "plant-health", ["agency": "PLANT-HEALTH", "reason": "inspection of wood packaging"])
            }
            guard let state = try? store.clearance.state(declarationID: id), let lane = state.lane else { continue }
            let depth = random.unit()
            switch lane {
            case .green:
                if depth > 0.25, later(20...240) { pay() }
            case .yellow:
                guard depth > 0.1, later(10...60), act(.docsRequested, ["documents": "commercial invoice, certificate of origin"]) else { break }
                guard depth > 0.25, later(30...240), act(.docsSupplied, ["documents": "invoice and certificate uploaded"]) else { break }
                if depth > 0.9 {
                    _ = later(10...60) && act(.held, ["reason": "valuation query"])
                    break
                }
                guard depth > 0.4, later(10...90), act(.docsAccepted) else { break }
                if depth > 0.55, later(20...180) { pay() }
            case .red:
                guard depth > 0.1, later(10...60), act(.examAssigned, ["examiner": "officer-\(random.int(in: 1...12))"]) else { break }
                guard depth > 0.25, later(30...240), act(.examStarted) else { break }
                if depth > 0.93 {
                    _ = later(30...120) && act(.seized, ["reason": "goods other than declared"])
                    break
                }
                guard depth > 0.4, later(30...180), act(.examDone, ["act": "as declared"]) else { break }
                if depth > 0.86 {
                    _ = later(10...60) && act(.held, ["reason": "awaiting licence"])
                    break
                }
                if depth > 0.55, later(20...180) { pay() }
            case .blue:
                break
            }
            if let current = try? store.clearance.state(declarationID: id), !current.agencyHolds.isEmpty, random.chance(0.5), later(30...240) {
                event(.ogaReleased, .agency, "plant-health", ["agency": "PLANT-HEALTH", "note": "no pests found"])
            }
            if let current = try? store.clearance.state(declarationID: id), current.stage == .released, random.chance(0.4), later(30...300) {
                event(.exited, .port, "demo-terminal", ["gate": "gate-\(random.int(in: 1...4))"])
            }
        }
        for state in try store.clearance.laneStateCounts(idPrefix: "DAY\(stamp)") {
            report.byLaneAndState["\(state.lane) \(state.stage)"] = state.count
        }
        return report
    }
}
