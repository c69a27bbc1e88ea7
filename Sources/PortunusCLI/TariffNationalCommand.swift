import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Tariff

struct TariffMeasuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract: "Load a national tariff's measures from a file, or show the measures on a code.",
        discussion: """
            Formats (the public samples are in PORTUNUS_DATASETS/tariff, see its SOURCE.md):
              hts  the US Harmonized Tariff Schedule's JSON export (USITC), with --revision and --effective
              uk   a UK Trade Tariff API v2 commodity response, or a directory of them, with --service uk|xi
              csv  Portunus's measure CSV (docs/tariff.md), with --currency and --source
              vat  an EU standard VAT rate table (country_code,…,standard_rate_pct), with --country
            A file replaces the measures of its source. The first one loaded sets the national currency.
              portunus tariff measures load --format hts --revision "2026 Rev. 10" --effective 2026-06-08 hts_2026_rev_10.json
              portunus tariff measures load --format uk --service uk uk_tariff/api_v2_snapshots/uk
              portunus tariff measures show 2402100000
            """)
    @Argument(help: "load FILE, or show CODE.") var action: String
    @Argument(help: "The file or directory to load, or the code to show.") var target: String
    @Option(help: "hts, uk, csv or vat.") var format: String?
    @Option(help: "The HTS revision's name (hts).") var revision: String?
    @Option(help: "The first day of the file's measures, YYYY-MM-DD (hts).") var effective: String?
    @Option(help: "uk or xi (uk).") var service: String = "uk"
    @Option(help: "The file's currency (csv).") var currency: String?
    @Option(help: "The name of the file's source (csv; default the file name).") var source: String?
    @Option(help: "The country whose VAT rates become measures (vat).") var country: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        switch action {
        case "load":
            let file = try read()
            let report = try data.withStore { try TariffService(store: $0).loadNationalTariff(file, by: commandPrincipal) }
            print("\(report.source): \(report.measures) measures, \(report.lines) lines, in \(report.currency)")
            for skip in report.skipped { print("  not applied: \(skip)") }
        case "show":
            let measures = try data.withStore {
                try TariffService(store: $0).nationalMeasures(code: target, kind: nil, limit: 1000, by: commandPrincipal)
            }
            for measure in measures {
                let origins: String
                switch measure.origins {
                case .any: origins = measure.excluded.isEmpty ? "all origins" : "all but " + measure.excluded.joined(separator: " ")
                case .only(let countries): origins = countries.joined(separator: " ")
                }
                print(
                    "\(measure.code.isEmpty ? "(all)" : measure.code)  \(measure.kind.rawValue.padded(14))  \(measure.expressionText.padded(30))  \(origins)"
                        + "\(measure.additionalCode.map { "  code \($0)" } ?? "")\(measure.agreement.map { "  under \($0)" } ?? "")  from \(measure.from)"
                        + "\(measure.through.map { " to \($0)" } ?? "")  \(measure.legalBasis)")
            }
        default:
            throw PortunusError(.invalidArgument, "the action is load or show", field: "action").exit()
        }
    }

    func read() throws -> NationalTariffFile {
        do {
            switch format {
            case "hts":
                guard let revision, let effective, let day = CalendarDay(effective) else {
                    throw PortunusError(.missingField, "an HTS file needs --revision and --effective YYYY-MM-DD", field: "revision")
                }
                return try HTSScheduleReader(revision: revision, effective: day).read(path: target)
            case "uk":
                guard let kind = UKCommodityReader.Service(rawValue: service) else {
                    throw PortunusError(.invalidArgument, "service is uk or xi", field: "service")
                }
                var isDirectory: ObjCBool = false
                let reader = UKCommodityReader(service: kind)
                if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
                    return try reader.read(directory: target)
                }
                return try reader.read(path: target)
            case "csv":
                guard let currency else { throw PortunusError(.missingField, "a measure CSV needs --currency", field: "currency") }
                return try MeasureCSVReader(
                    currency: try Currency(currency, field: "currency"), source: source ?? (target as NSString).lastPathComponent
                )
                .read(measuresPath: target)
            case "vat":
                guard let country else { throw PortunusError(.missingField, "a VAT table needs --country", field: "country") }
                let table = try VATRateTable(path: target)
                guard let currency else { throw PortunusError(.missingField, "a VAT table needs the national --currency", field: "currency") }
                return NationalTariffFile(
                    source: "VAT standard rate \(country.uppercased())", currency: try Currency(currency, field: "currency"), lines: [],
                    measures: try table.measures(country: country))
            default:
                throw PortunusError(.invalidArgument, "format is hts, uk, csv or vat", field: "format")
            }
        } catch let error as PortunusError {
            throw error.exit()
        }
    }
}

struct TariffRatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rates",
        abstract: "Load the exchange-rate table (currency,from,through,rate into the national currency), or show it.",
        discussion: """
              portunus tariff rates load --currency EUR rates.csv
              portunus tariff rates show
            """)
    @Argument(help: "load or show.") var action: String
    @Argument(help: "The CSV file to load.") var file: String?
    @Option(help: "The national currency the rates convert into.") var currency: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        switch action {
        case "load":
            guard let file, let currency else { throw PortunusError(.missingField, "load needs the file and --currency", field: "currency").exit() }
            guard let bytes = FileManager.default.contents(atPath: file) else { throw PortunusError(.io, "cannot read the rate table").exit() }
            let table: ExchangeRateTable
            do { table = try ExchangeRateTable(currency: try Currency(currency, field: "currency"), csv: Array(bytes)) } catch { throw error.exit() }
            try data.withStore { try TariffService(store: $0).loadExchangeRates(table, by: commandPrincipal) }
            print("\(table.periods.count) periods of \(table.currencies.count) currencies into \(table.currency)")
        case "show":
            let table = try data.withStore { try TariffService(store: $0).exchangeRates(by: commandPrincipal) }
            guard let table else {
                print("no national currency set")
                return
            }
            for period in table.periods {
                print("\(period.currency)  \(period.from) – \(period.through?.description ?? "")  \(period.rate) \(table.currency)")
            }
        default:
            throw PortunusError(.invalidArgument, "the action is load or show", field: "action").exit()
        }
    }
}
