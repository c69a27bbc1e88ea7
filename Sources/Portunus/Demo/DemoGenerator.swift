import Foundation
import PortunusCore

/// Writes a synthetic, realistic declaration data set of Portunus's own making, so that the
/// main job runs on a fresh machine without downloads, and so that risk models have planted
/// fraud of known kinds to find.
///
/// The model (documented in docs/declarations-and-risk.md, "The demo data"):
/// - **Importers** have a history: each has a first-seen date, a few products it trades, its
///   usual suppliers and origins, and a compliance propensity. About 6 % are risky; importers
///   first seen less than 30 days before a declaration are "new" and risk more.
/// - **Goods** come from ``DemoCatalogue``: HS 2022 codes with duty rates, log-normal unit
///   values (USD/kg) and masses, and the countries that supply them.
/// - **Offices** are seaports, airports, express hubs, land borders and a postal office; the
///   mode of transport and the use of couriers follow the office.
/// - **Planted fraud**, by kind: *undervaluation* (value cut to 20–60 %), *misclassification*
///   to a lower-duty code (the unit value stays that of the real goods), *false preferential
///   origin* (an FTA partner declared as origin and the preference claimed, while the goods
///   ship from a non-partner), and the higher rates of *risky and new importers*.
/// - **Inspection** follows a legacy selectivity: about 12 % of declarations at random plus
///   more of the risky-looking ones; only inspected declarations get an outcome (fraud found
///   with 90 % probability when planted; critical when the goods are sensitive), as in real
///   data where uninspected declarations carry no label.
/// - **Timeline**: lodged in office hours, assessed minutes later, inspected hours later when
///   selected, released after that.
public struct DemoGenerator: Sendable {
    public struct Request: Sendable {
        public var declarations: Int
        public var seed: UInt64
        /// First day of lodgement (UTC); declarations spread over `days` days from it.
        public var start: Date
        public var days: Int

        public init(declarations: Int, seed: UInt64 = 1, start: Date = ISO8601.parse("2025-01-01")!, days: Int = 365) {
            self.declarations = declarations
            self.seed = seed
            self.start = start
            self.days = max(1, days)
        }
    }

    /// What was generated, for the figures of docs/declarations-and-risk.md and for tests.
    public struct Report: Sendable, Hashable {
        public var declarations = 0
        public var goodsItems = 0
        public var importers = 0
        public var inspected = 0
        public var fraudPlanted = 0
        public var fraudDetected = 0
        public var byKind: [String: Int] = [:]
    }

    public init() {}

    private struct Importer {
        let id: String
        let firstSeenDay: Int
        let risky: Bool
        let products: [Int]
        let sellers: [String]
        let declarant: String
    }

    /// Generates the data set into `path` in the `portunus` CSV layout.
    public func generate(_ request: Request, to path: String) throws(PortunusError) -> Report {
        var random = SeededGenerator(seed: request.seed)
        var report = Report()
        let catalogue = DemoCatalogue.products
        let codeIndex = Dictionary(uniqueKeysWithValues: catalogue.enumerated().map { ($0.element.hsCode, $0.offset) })

        // Brokers and importers, with histories reaching back before the first day.
        let declarantCount = max(3, request.declarations / 150)
        let declarants = (0..<declarantCount).map { String(format: "DCL%05d", $0 + 1) }
        let importerCount = max(5, request.declarations / 12)
        var importers: [Importer] = []
        importers.reserveCapacity(importerCount)
        for index in 0..<importerCount {
            // Most importers trade before the window starts; a steady stream is new during it.
            let firstSeen = random.chance(0.7) ? -random.int(in: 30...2000) : random.int(in: 0...(request.days - 1))
            let productCount = random.int(in: 1...4)
            var products: [Int] = []
            let anchor = random.int(in: 0...(catalogue.count - 1))
            for offset in 0..<productCount { products.append((anchor + offset * random.int(in: 1...5)) % catalogue.count) }
            let sellers = (0..<random.int(in: 1...3)).map { _ in String(format: "SLR%06d", random.int(in: 1...(importerCount * 2))) }
            importers.append(
                Importer(
                    id: String(format: "IMP%06d", index + 1), firstSeenDay: firstSeen, risky: random.chance(0.06),
                    products: products, sellers: sellers, declarant: random.pick(declarants)))
        }

        // Declarations are spread evenly over the window; each picks an importer active by then.
        var output = CSVOutput(path: path)
        try output.write(ColumnMapping.Field.allCases.map(\.rawValue))
        let officeWeights = DemoCatalogue.offices.map(\.weight)
        var usedImporters = Set<Int>()
        for number in 0..<max(0, request.declarations) {
            let day = number * request.days / max(1, request.declarations)
            var importerIndex = random.int(in: 0...(importerCount - 1))
            for _ in 0..<8 where importers[importerIndex].firstSeenDay > day {
                importerIndex = random.int(in: 0...(importerCount - 1))
            }
            var importer = importers[importerIndex]
            if importer.firstSeenDay > day {
                // Nobody active was drawn: this importer appears for the first time today.
                importer = Importer(
                    id: importer.id, firstSeenDay: day, risky: importer.risky, products: importer.products,
                    sellers: importer.sellers, declarant: importer.declarant)
                importers[importerIndex] = importer
            }
            usedImporters.insert(importerIndex)
            let isNew = day - importer.firstSeenDay < 30
            let office = DemoCatalogue.offices[random.weighted(officeWeights)]
            let express = office.kind == .expressHub || office.kind == .postal
            let lodged = request.start.addingTimeInterval(Double(day) * 86_400 + Double(random.int(in: 7 * 3600...19 * 3600)))
            let id = String(format: "DM%02d%08d", Int(request.seed % 100), number + 1)

            // Fraud intent for the whole declaration.
            var fraudProbability = 0.025
            if importer.risky { fraudProbability = 0.35 }
            if isNew { fraudProbability = max(fraudProbability, 0.12) }
            let fraudulent = random.chance(fraudProbability)
            let kinds = ["undervaluation", "misclassification", "false_origin"]
            var kind = fraudulent ? kinds[random.weighted([5, 3, 2])] : nil

            let itemCount = random.chance(0.7) ? 1 : random.int(in: 2...5)
            var rows: [[String]] = []
            var lostDuty = 0.0
            var sensitive = false
            var looksRisky = isNew || importer.risky && random.chance(0.3)
            let fraudItem = random.int(in: 0...(itemCount - 1))
            for itemNumber in 0..<itemCount {
                var product = catalogue[random.pick(importer.products)]
                let originChoice = product.origins[random.weighted(product.origins.map(\.1))].0
                var origin = originChoice
                var departure = random.chance(0.12) ? random.pick(DemoCatalogue.transitHubs) : origin
                let mass = zeroMassOrNot(&random, express: express, typical: product.typicalMass)
                var value = mass * random.logNormal(median: product.unitValue, sigma: 0.35)
                if mass == 0 { value = random.logNormal(median: 150, sigma: 0.8) }
                var duty = product.duty
                var taxType = "A"
                if DemoCatalogue.tradeAgreementPartners.contains(origin), departure == origin || random.chance(0.5), random.chance(0.8) {
                    taxType = "F" + origin
                    duty = (product.duty * 0.3 * 10).rounded() / 10
                }
                let honestDuty = value * duty / 100
                if fraudulent && itemNumber == fraudItem, let planted = kind {
                    switch planted {
                    case "misclassification" where product.lowerDutyCode != nil:
                        let lower = catalogue[codeIndex[product.lowerDutyCode!]!]
                        product = lower  // declared code and its duty; value and mass stay those of the real goods
                        duty = taxType == "A" ? lower.duty : (lower.duty * 0.3 * 10).rounded() / 10
                    case "false_origin":
                        let partners = DemoCatalogue.tradeAgreementPartners.sorted()
                        departure = ["CN", "IN", "ID", "TH"][random.int(in: 0...3)]
                        origin = random.pick(partners)
                        taxType = "F" + origin
                        duty = (product.duty * 0.3 * 10).rounded() / 10
                        if product.duty == 0 {
                            kind = "undervaluation"
                            fallthrough
                        }
                    default:
                        kind = "undervaluation"
                        value *= 0.2 + 0.4 * random.unit()
                    }
                    lostDuty = max(0, honestDuty - value * duty / 100)
                    sensitive = catalogue[codeIndex[product.hsCode]!].sensitive || product.sensitive
                    if random.chance(0.4) { looksRisky = true }
                }
                rows.append([
                    id, ISO8601.format(lodged), office.code,
                    random.chance(0.995) ? "B" : "A",
                    pickWeighted(&random, DemoCatalogue.importTypes), pickWeighted(&random, DemoCatalogue.importUses),
                    pickWeighted(&random, DemoCatalogue.paymentTypes), random.pick(office.modesOfTransport),
                    importer.declarant, importer.id, random.chance(0.9) ? random.pick(importer.sellers) : "",
                    express ? random.pick(DemoCatalogue.couriers) : "",
                    String(itemNumber + 1), product.hsCode, origin, departure, pickWeighted(&random, DemoCatalogue.originMarkings),
                    decimal(mass, places: 1), decimal(value, places: 2), "USD", decimal(duty, places: 1), taxType,
                ])
            }

            // Legacy selectivity: random checks plus targeting of what looks risky.
            let inspected = random.chance(looksRisky ? 0.45 : 0.12)
            var outcomeFields = ["", "", "", "", "", "", ""]
            let assessed = lodged.addingTimeInterval(Double(random.int(in: 60...1800)))
            var released = assessed.addingTimeInterval(Double(random.int(in: 60...7200)))
            if inspected {
                let inspectedAt = assessed.addingTimeInterval(Double(random.int(in: 3600...72 * 3600)))
                released = inspectedAt.addingTimeInterval(Double(random.int(in: 600...24 * 3600)))
                let found = fraudulent && random.chance(0.9)
                outcomeFields = [
                    found ? "irregularity" : "no_irregularity", found ? "1" : "0", found && sensitive ? "1" : "0",
                    found ? decimal(lostDuty, places: 2) : "", ISO8601.format(assessed), ISO8601.format(inspectedAt),
                    ISO8601.format(released),
                ]
                report.inspected += 1
                if found { report.fraudDetected += 1 }
            } else {
                outcomeFields[4] = ISO8601.format(assessed)
                outcomeFields[6] = ISO8601.format(released)
            }
            for row in rows { try output.write(row + outcomeFields) }
            report.declarations += 1
            report.goodsItems += rows.count
            if fraudulent, let kind {
                report.fraudPlanted += 1
                report.byKind[importer.risky ? "risky_importer:" + kind : isNew ? "new_importer:" + kind : kind, default: 0] += 1
            }
        }
        try output.close()
        report.importers = usedImporters.count
        return report
    }

    private func zeroMassOrNot(_ random: inout SeededGenerator, express: Bool, typical: Double) -> Double {
        // Documents and software samples declared with no mass: real, and a validation warning.
        if random.chance(0.004) { return 0 }
        let median = express ? max(0.5, typical / 40) : typical
        return max(0.1, random.logNormal(median: median, sigma: 0.9))
    }

    private func pickWeighted(_ random: inout SeededGenerator, _ options: [(String, Double)]) -> String {
        options[random.weighted(options.map(\.1))].0
    }

    private func decimal(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}

/// A buffered CSV writer for generated files.
struct CSVOutput {
    let path: String
    private var handle: FileHandle?
    private var buffer: [UInt8] = []

    init(path: String) { self.path = path }

    mutating func write(_ fields: [String]) throws(PortunusError) {
        if handle == nil {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: nil), let opened = FileHandle(forWritingAtPath: path) else {
                throw PortunusError(.io, "cannot create the output file")
            }
            handle = opened
        }
        buffer.append(contentsOf: fields.map(RejectsWriter.quote).joined(separator: ",").utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 20 { try flush() }
    }

    mutating func flush() throws(PortunusError) {
        guard let handle, !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: Data(buffer)) } catch {
            throw PortunusError(.io, "cannot write the output file: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws(PortunusError) {
        try flush()
        try? handle?.close()
        handle = nil
    }
}
