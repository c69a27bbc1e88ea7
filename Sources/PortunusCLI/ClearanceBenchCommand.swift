import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import RiskEngine
import Storage
import Synchronization
import Tariff

/// `portunus clearance bench`: the clearance issue's two figures on this machine, in a
/// throw-away store — duty calculations per second alone, and declarations taken from lodgement
/// to release through the green lane with their duties computed and secured, per second.
///
/// The tariff is the whole US schedule (about 139,000 measures of columns 1 and 2 and the
/// special programmes) with VAT at 10 % on all goods; the declarations carry one to five items on
/// real tariff lines (ad valorem, specific and compound rates), values in US dollars, euros and
/// yuan converted at the day's rate, a tenth of them claiming a preference with a proof.
struct ClearanceBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure duty calculations per second and green-lane clearances per second (release build).")
    @Option(help: "The US HTS JSON export (default PORTUNUS_DATASETS/tariff/us_hts/hts_2026_rev_10.json).") var hts: String?
    @Option(help: "Declarations to clear.") var declarations: Int = 50_000
    @Option(help: "Declarations per lodgement (one transaction).") var batch: Int = 1_000
    @Option(help: "Seed of the generated declarations.") var seed: UInt64 = 7
    @Option(help: "Lodgements at once, as concurrent clients of a server make (assessment runs beside the other's transaction).")
    var concurrency: Int = 1

    func run() async throws {
        CommandLogging.bootstrap(defaultLevel: .warning)
        let datasets = ProcessInfo.processInfo.environment["PORTUNUS_DATASETS"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared/data"
        let path = hts ?? datasets + "/tariff/us_hts/hts_2026_rev_10.json"
        let started = Date()
        let file: NationalTariffFile
        do {
            var read = try HTSScheduleReader(revision: "2026 Rev. 10", effective: CalendarDay("2026-06-08")!).read(path: path)
            read.measures.append(
                try TariffMeasure(
                    id: "bench:vat", code: "", kind: .vat, expression: "10.00 %", from: CalendarDay("2026-01-01")!, legalBasis: "VAT at 10 %"))
            file = read
        } catch { throw error.exit() }
        print(
            "tariff: \(file.measures.count) measures on \(file.lines.count) lines, read in \(String(format: "%.2f", Date().timeIntervalSince(started))) s"
        )
        let day = CalendarDay("2026-12-01")!
        let usd = Currency(unchecked: "USD")
        let rates = try ExchangeRateTable(
            currency: usd,
            periods: [
                .init(currency: Currency(unchecked: "EUR"), from: CalendarDay("2026-01-01")!, through: nil, rate: ExactDecimal("1.0812")!),
                .init(currency: Currency(unchecked: "CNY"), from: CalendarDay("2026-01-01")!, through: nil, rate: ExactDecimal("0.13844")!),
            ])
        let calculator = DutyCalculator(tariff: file.tariff, exchangeRates: rates)

        // Tariff lines whose third-country duty a declaration with mass, items and litres can be charged.
        var random = SystemRandomNumberGenerator()
        var random64 = SplitMix64(seed: seed)
        /// A draw in 0 ..< bound, the same for the same seed on every machine.
        func draw(_ bound: Int) -> Int { Int(random64.next() % UInt64(max(1, bound))) }
        let origins = ["CN", "CN", "CN", "DE", "VN", "MX", "IN", "JP", "KR", "AU", "TR", "BR"]
        let lineCodes = file.lines.map(\.code).filter { $0.count >= 8 }
        func item(_ sequence: Int) -> GoodsItem {
            let code = lineCodes[draw(lineCodes.count)]
            let origin = origins[draw(origins.count)]
            let currency = ["USD", "USD", "EUR", "CNY"][draw(4)]
            let value = FixedDecimal(100 + draw(50_000))
            var item = GoodsItem(
                sequence: sequence, hsCode: HSCode(unchecked: code), countryOfOrigin: Country(unchecked: origin),
                countryOfDeparture: Country(unchecked: origin), originMarking: nil, netMass: FixedDecimal(1 + draw(2_000)),
                customsValue: Money(value, Currency(unchecked: currency)), dutyRate: .zero, taxType: "A",
                supplementaryQuantities: [
                    .init(unit: "item", amount: FixedDecimal(1 + draw(500))), .init(unit: "l", amount: FixedDecimal(1 + draw(900))),
                ])
            if origin == "AU" || origin == "KR" || origin == "JP", draw(10) < 8 {
                item.preference = .init(agreement: origin, proof: "COO-\(draw(1_000_000))")
            }
            return item
        }
        // Keep the items the calculation can charge (some lines charge on units no bench item declares).
        func chargeable() -> GoodsItem {
            while true {
                let candidate = item(1)
                if (try? calculator.calculate([DutyItem(candidate)], on: day)) != nil { return candidate }
            }
        }
        var made: [Declaration] = []
        made.reserveCapacity(declarations)
        let lodgedAt = ISO8601.parse("2026-12-01T09:00:00Z")!
        for index in 0..<declarations {
            let count = [1, 1, 1, 1, 2, 2, 3, 4, 5][draw(9)]
            let items = (1...count).map { position -> GoodsItem in
                var item = chargeable()
                item.sequence = position
                return item
            }
            let importer = "IMP\(draw(2_000))"
            made.append(
                Declaration(
                    id: DeclarationID(unchecked: "BENCH\(String(format: "%08d", index))"), lodgedAt: lodgedAt, office: "SEA01",
                    procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
                    parties: .init(declarant: "DCL-\(draw(300))", importer: importer, seller: "SLR-1", carrier: nil), items: items))
        }
        let itemCount = made.reduce(0) { $0 + $1.items.count }
        print("declarations: \(made.count) with \(itemCount) items")

        // 1. Calculations alone, one declaration at a time, on one core.
        let inputs = made.map { $0.items.map { DutyItem($0) } }
        var failures = 0
        let calculationStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<3 {
            for items in inputs where (try? calculator.calculate(items, on: day)) == nil { failures += 1 }
        }
        let calculationSeconds = Double(DispatchTime.now().uptimeNanoseconds - calculationStart) / 1e9
        print(
            String(
                format: "duty calculations: %.0f declarations/s (%.0f items/s), %d refused",
                Double(inputs.count * 3) / calculationSeconds, Double(itemCount * 3) / calculationSeconds, failures / 3))

        // 2. Lodgement to release through the green lane, in a throw-away store.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "portunus-clearance-bench-\(UInt32.random(in: 0...UInt32.max, using: &random))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        try store.tariff.replaceNationalTariff(file, by: "bench")
        try store.tariff.replaceExchangeRates(rates, by: "bench")
        for importer in Set(made.map(\.parties.importer)).sorted() {
            try store.duties.addGuarantee(
                DutyGuarantee(
                    reference: "DAN-\(importer)", holder: importer, kind: .deferment, amount: Money(FixedDecimal(900_000_000), usd), from: day),
                by: "bench")
        }
        var policy = SelectivityPolicy()
        policy.budget = .count(0)
        policy.bluePercent = 0
        let assessor = UseCases(store: store, dataDirectory: directory.path).assessor(policy: policy, seed: 1)
        var service = try DeclarationService(store: store)
        service.clock = { lodgedAt.addingTimeInterval(600) }
        let principal = Principal(keyID: "bench", role: .admin)
        _ = try store.tariff.dutyCalculator()  // the tariff in memory before the clock starts, as in a running server
        let lodgeStart = DispatchTime.now().uptimeNanoseconds
        let next = Mutex(0)
        let failed = Mutex<PortunusError?>(nil)
        let clients = max(1, min(concurrency, 16))
        let declarationsToLodge = made
        let batchSize = max(1, batch)
        let lodging = service
        DispatchQueue.concurrentPerform(iterations: clients) { _ in
            while true {
                let start = next.withLock { value -> Int in
                    defer { value += batchSize }
                    return value
                }
                guard start < declarationsToLodge.count, failed.withLock({ $0 }) == nil else { return }
                let slice = declarationsToLodge[start..<min(declarationsToLodge.count, start + batchSize)]
                do throws(PortunusError) {
                    let results = try lodging.lodge(slice.map { .success(($0, [])) }, assessor: assessor, by: principal)
                    if results.contains(where: { $0.status != .accepted }) {
                        failed.withLock { $0 = PortunusError(.internalError, "a bench declaration was refused") }
                    }
                } catch {
                    failed.withLock { $0 = error }
                }
            }
        }
        if let error = failed.withLock({ $0 }) { throw error.exit() }
        let lodgeSeconds = Double(DispatchTime.now().uptimeNanoseconds - lodgeStart) / 1e9
        let released = try store.clearance.laneStateCounts(idPrefix: "BENCH").filter { $0.stage == "released" }.reduce(0) { $0 + $1.count }
        print(
            String(
                format:
                    "green clearances: %.0f declarations/s lodged, assessed, charged, secured and released (%d of %d released, batches of %d, %d at once)",
                Double(made.count) / lodgeSeconds, released, made.count, batch, clients))
    }
}
