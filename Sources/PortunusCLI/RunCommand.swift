import ArgumentParser
import Biometrics
import Foundation
import Ledger
import Portunus
import PortunusCore
import PortunusServer
import Storage
import Travel

/// The main job that `make run` starts: fills an empty store with the demo data set, replaces
/// the demo API key with a fresh one, prints the URL and the key once, and serves.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The main job: fill an empty store with demo data, print a fresh demo key, and serve."
    )

    @OptionGroup var server: ServerOptions

    @Option(help: "Declarations to generate when the store is empty.")
    var demoDeclarations: Int = 20_000

    @Option(help: "Seed of the demo data.")
    var seed: UInt64 = 1

    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        if demoDeclarations < 1 { throw ValidationError("--demo-declarations must be at least 1") }
    }

    /// Lodged declarations are assessed: the demo gets a model trained on the demo year's
    /// inspected declarations when none is active. Returns what happened, for the console.
    static func trainDemoModel(_ store: PortunusStore) -> String {
        do {
            let outcome = try RiskTraining.retrain(store: store, days: 365, now: ISO8601.parse("2026-01-01") ?? Date(), threads: 2)
            return "trained and activated risk model \(outcome.id) on the demo year's inspected declarations"
        } catch {
            return "no risk model (\(error)); declarations are assessed by the inspection budget alone"
        }
    }

    /// Demo travel data: a watch list and rules, then API lists of flights arriving over the
    /// next days, received, linked and screened as any file would be.
    static func seedTravelDemo(_ store: PortunusStore, dataDirectory: String, seed: UInt64) throws(PortunusError) -> String {
        do { return try travelDemo(store, dataDirectory: dataDirectory, seed: seed) } catch let error as PortunusError { throw error } catch {
            throw PortunusError(.internalError, "the travel demo could not be set up: \(error)")
        }
    }

    static func travelDemo(_ store: PortunusStore, dataDirectory: String, seed: UInt64) throws -> String {
        let demo = TravelDemo(seed: seed).generate()
        let targeting = TargetingService(store: store)
        _ = try targeting.createList(
            name: "lost-stolen-documents", kind: "documents", description: "demo: lost and stolen passports", by: commandPrincipal)
        let imported = try targeting.importCSV(Array(demo.watchList.utf8), list: nil, createLists: true, by: commandPrincipal)
        _ = try targeting.setRules(yaml: demo.rules, by: commandPrincipal)
        let intake = TravelIntake(store: store, airports: try AirportTimeZones.standard(dataDirectory: dataDirectory))
        var hits = 0
        var vetting = 0
        for (name, data) in demo.files {
            let receipt = try intake.receive(data, source: "demo:" + name)
            let processed = try targeting.process(messageID: receipt.id)
            hits += processed.hits
            vetting += processed.vetting
        }
        return "travel demo: \(imported.added) watch-list entries, \(demo.files.count) flights with \(demo.passengers) passengers received; "
            + "\(hits) hits put \(vetting) travellers on vetting lists"
    }

    /// A demo gallery: 10,000 synthetic face templates (512 floats) of about 5,000 watch-list
    /// subjects, a threshold calibrated for 1:N search of it (1 in 1,000,000 per comparison:
    /// about one false alarm in a hundred searches), and a probe of an enrolled subject in
    /// `<data-dir>/demo/probe.json` to try the search with.
    static func biometricsDemo(_ store: PortunusStore, dataDirectory: String, seed: UInt64) throws(PortunusError) -> String {
        let format = TemplateFormat(extractor: "demo-face", version: "1", dimension: 512)
        let data = SyntheticTemplates(format: format, identities: 5_000, samples: 1...3, probes: 1, matedShare: 1, noise: 0.6, seed: seed)
        let service = BiometricService(galleries: BiometricGalleries(store: store, dataDirectory: dataDirectory))
        let ids = try service.enroll(
            gallery: "watch-faces", format: format,
            templates: (0..<data.count).map { (String(format: "DEMO-WL-%05d", data.identities[$0]), data.row($0)) }, by: commandPrincipal)
        let policy = try service.calibrate(
            gallery: "watch-faces", format: format, targetFalseMatchRate: 0.000001, pairs: 12_000_000, seed: seed, by: commandPrincipal)
        let probe = URL(fileURLWithPath: dataDirectory).appendingPathComponent("demo/probe.json")
        let text = #"{"extractor": "demo-face", "version": "1", "template": ["# + data.probe(0).map { String($0) }.joined(separator: ", ") + "]}\n"
        do {
            try FileManager.default.createDirectory(at: probe.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: probe)
        } catch { throw PortunusError(.io, "cannot write \(probe.path)") }
        return "biometrics demo: \(ids.count) templates in gallery watch-faces, threshold \(policy.threshold) (1 in 1,000,000 per comparison); "
            + "try: portunus biometrics search --gallery watch-faces --probe \(probe.path)"
    }

    /// A demo transit network (40 offices, 50 corridors, 10 watched zones) with a movement on
    /// each of 40 routes, and the last seven and a half hours of their trackers' reports (one
    /// every 50 s) run through the alert rules: the trucks move along their corridors through
    /// watched zones and most arrive; one strays from its corridor.
    static func transitDemo(_ store: PortunusStore, seed: UInt64) async throws(PortunusError) -> String {
        let demo = TransitDemo(zones: 100, movements: 40, seed: seed)
        let tracking = try TrackingService(store: store)
        let seeded = try demo.seed(into: tracking, by: commandPrincipal)
        let start = Date().addingTimeInterval(-27_000)
        var alerts = 0
        for step in stride(from: 0, to: 2_700, by: 5) {
            alerts += try await tracking.report((0..<demo.movements).map { demo.report($0, step: step, start: start) }, source: "json").alerts.count
        }
        let arrived = try store.tracking.movements(state: .arrived).count
        return
            "cargo tracking demo: \(seeded.zones) zones, \(seeded.movements) transit movements (\(arrived) arrived), \(540 * demo.movements) positions, \(alerts) alerts"
    }

    /// The Harmonized System for the demo, from the public files in `PORTUNUS_DATASETS/hs`
    /// (default `../shared/data`): HS 2022 and 2017 with their correlations, and the CN 2023
    /// texts `scripts/bootstrap` installs. The server then builds the classification
    /// assistant's index in the background.
    static func tariffDemo(_ store: PortunusStore) throws(PortunusError) -> String {
        let datasets = ProcessInfo.processInfo.environment["PORTUNUS_DATASETS"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared/data"
        let hs = URL(fileURLWithPath: datasets).appendingPathComponent("hs")
        func file(_ name: String) -> String? {
            let path = hs.appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        guard let hs2022 = file("nomenclature-hs2022-unsd.csv") else {
            return "no HS files under \(hs.path) (set PORTUNUS_DATASETS): import them with portunus tariff import"
        }
        let service = TariffService(store: store)
        _ = try service.importFile(path: hs2022, edition: .hs2022, by: commandPrincipal.keyID)
        if let hs2017 = file("nomenclature-hs2017-unsd.csv") {
            _ = try service.importFile(path: hs2017, edition: .hs2017, by: commandPrincipal.keyID)
        }
        for name in ["correlation-hs2022-hs2017.csv", "correlation-hs2017-hs2012.csv"] {
            if let path = file(name) { _ = try service.importFile(path: path, edition: nil, by: commandPrincipal.keyID) }
        }
        var lines = 0
        let cn = TariffAssistant.bootstrapModels.appendingPathComponent("cn2023-en.csv").path
        if FileManager.default.fileExists(atPath: cn) {
            lines = try service.importFile(path: cn, edition: .hs2022, source: "cn2023-en", by: commandPrincipal.keyID).rows
        }
        return "HS 2022 and 2017 imported with their correlations, \(lines) CN 2023 description lines; the classification assistant "
            + "builds its index in the background (a few minutes the first time), then: portunus tariff classify \"TEXT\""
    }

    func run() async throws {
        CommandLogging.bootstrap(defaultLevel: .notice)
        let store: PortunusStore
        let serverConfiguration: ServerConfiguration
        let demoKey: APIKeys.Created
        do {
            serverConfiguration = try server.configuration(dataDirectory: data.dataDirectory)
            let configuration = PortunusConfiguration(dataDirectory: serverConfiguration.dataDirectory)
            store = try PortunusStore.opening(dataDirectory: configuration.dataDirectory)
            if try store.declarations.count() == 0 {
                standardOutput("the store is empty: generating \(demoDeclarations) demo declarations (seed \(seed))")
                let report = try DemoGenerator().generate(.init(declarations: demoDeclarations, seed: seed), to: configuration.demoFile)
                standardOutput(
                    "generated \(report.declarations) declarations with planted fraud in \(report.fraudPlanted) into \(configuration.demoFile)")
                let summary = try DeclarationImport(store: store).run(.init(path: configuration.demoFile, mapping: .portunus))
                standardOutput(summary.line)
            }
            standardOutput(try StoreReport.text(store.declarations.summary(), path: store.path))
            // Lodged declarations are assessed: give the demo a model, trained on the demo
            // year's inspected declarations, unless one is active already.
            if try store.riskModels.activeModelID() == nil, try store.declarations.summary().inspected > 0 {
                standardOutput(Self.trainDemoModel(store))
            }
            if try store.targeting.flights(date: nil, airport: nil, limit: 1).isEmpty {
                standardOutput(try Self.seedTravelDemo(store, dataDirectory: configuration.dataDirectory, seed: seed))
            }
            if try store.biometrics.galleries().isEmpty {
                standardOutput(try Self.biometricsDemo(store, dataDirectory: configuration.dataDirectory, seed: seed))
            }
            if try store.tracking.movements(limit: 1).isEmpty {
                standardOutput(try await Self.transitDemo(store, seed: seed))
            }
            if try store.tariff.hsCounts(edition: 2022).isEmpty {
                standardOutput(try Self.tariffDemo(store))
            }
            if try store.tariff.nationalCurrency() == nil {
                standardOutput("a day of clearance: the demo national tariff, guarantees, and declarations taken through their lanes")
                // A busier inspection budget than the default, so that the two days fill the
                // yellow and red lanes' states too; the server keeps its own policy.
                var policy = serverConfiguration.selectivity
                policy.budget = .percent(30)
                let assessor = UseCases(store: store, dataDirectory: configuration.dataDirectory).assessor(
                    policy: policy, seed: serverConfiguration.selectivitySeed)
                standardOutput(try ClearanceDemo(seed: seed).run(store: store, assessor: assessor).line)
            }
            demoKey = try APIKeys(store: store).rotateDemoKey()
        } catch {
            throw error.exit()
        }
        // The demo keeps its decisions on a ledger of its own (created once, key owner-only).
        let ledgerPaths = LedgerPaths(dataDirectory: URL(fileURLWithPath: serverConfiguration.dataDirectory))
        if !FileManager.default.fileExists(atPath: ledgerPaths.key.path) {
            do {
                let log = try TiledLog.create(dataDirectory: ledgerPaths.dataDirectory, origin: "demo.portunus.example/ledger")
                standardOutput("created the demo ledger; its verifier key: \(log.signer.verifierKey.vkey)")
            } catch {
                throw error.exit()
            }
        }
        let token = demoKey.token
        try await serve(serverConfiguration, useCases: UseCases(store: store, dataDirectory: serverConfiguration.dataDirectory)) { url in
            standardOutput(
                """

                Portunus is serving at \(url)
                demo API key (admin, unmask; replaced on the next start): \(token)
                try:  curl -H 'Authorization: Bearer \(token)' '\(url)/api/v1/declarations?limit=2'
                      curl -H 'Authorization: Bearer \(token)' '\(url)/api/v1/travel/vetting?status=new&limit=5'
                      curl -H 'Authorization: Bearer \(token)' '\(url)/api/v1/tracking/alerts?limit=5'
                      curl '\(url)/ledger/checkpoint'   (decisions at lodgement go on the ledger)
                """)
        }
    }
}
