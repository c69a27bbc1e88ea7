import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Portunus
import PortunusCore
import ServiceLifecycle
import Travel

/// Builds the Portunus HTTP application: routes, middleware, and the workers and listeners
/// that run beside it in one `ServiceGroup`.
///
/// ```swift
/// let app = try PortunusServer.application(configuration: configuration, useCases: useCases, logger: logger)
/// try await app.runService()   // SIGTERM/SIGINT drain in-flight requests, then exit
/// ```
public enum PortunusServer {
    /// The handlers of writing requests (`OffPoolMiddleware`): one thread per core. They are
    /// CPU-bound and their transactions take the store's one write lock in turn; twice as many
    /// threads measured 12–18 % fewer declarations per second in `Benchmarks/http/run`.
    static let writers = BlockingExecutor(label: "portunus.http.write", threads: ProcessInfo.processInfo.activeProcessorCount)

    /// The router, separately, so tests can drive it with `app.test(.router)`.
    public static func router(
        useCases: UseCases, metrics: ServerMetrics, configuration: ServerConfiguration, logger: Logger,
        ledger: LedgerRuntime? = nil, tracking: TrackingService? = nil,
        assistant: TariffAssistant? = nil
    ) throws(PortunusError) -> Router<PortunusRequestContext> {
        let router = Router(context: PortunusRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: OffPoolMiddleware(executor: writers))
        SystemRoutes(maintenance: useCases.maintenance, metrics: metrics, startedAt: Date()).register(in: router)
        LedgerRoutes(directory: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("ledger")).register(in: router)
        let declarations = router.group("api/v1/declarations").add(middleware: AuthenticationMiddleware(keys: useCases.apiKeys))
        let service = try useCases.declarations(logger: logger)
        let assessor = useCases.assessor(policy: configuration.selectivity, seed: configuration.selectivitySeed)
        DeclarationRoutes(service: service, metrics: metrics, configuration: configuration, assessor: assessor).register(in: declarations)
        ClearanceRoutes(service: try useCases.clearance(), limits: configuration.inputLimits).register(in: declarations)
        let risk = RiskRoutes(
            service: useCases.riskDecisions,
            airports: try AirportTimeZones.standard(dataDirectory: configuration.dataDirectory))
        risk.registerDeclarationRoutes(in: declarations)
        let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(keys: useCases.apiKeys))
        risk.register(in: api)
        DutyRoutes(service: try useCases.duties()).register(declarations: declarations, api: api)
        ClearanceWebhookRoutes(service: try useCases.clearance(), destinations: configuration.destinations).register(in: api)
        let runtime: LedgerRuntime
        if let ledger {
            runtime = ledger
        } else {
            do {
                runtime = try LedgerRuntime(
                    dataDirectory: configuration.dataDirectory, outbox: useCases.ledgerOutbox, logger: logger,
                    destinations: configuration.destinations)
            } catch {
                throw PortunusError(.io, "cannot open the ledger: \(error)")
            }
        }
        LedgerAPIRoutes(runtime: runtime, outbox: useCases.ledgerOutbox).register(public: router, api: api)
        AccountabilityRoutes(runtime: runtime, certificates: useCases.certificates(issuer: runtime.log?.origin), lab: useCases.labCustody)
            .register(in: api)
        TravelRoutes(
            targeting: useCases.targeting(rescreenDays: configuration.travelRescreenDays), vetting: useCases.vetting, runtime: runtime,
            airports: risk.airports
        ).register(in: api)
        DocumentRoutes(service: useCases.documentChecks()).register(in: api)
        BiometricRoutes(service: useCases.biometrics()).register(in: api)
        // One zone service for the zone routes and the tracking rules: an edit reaches the rules at once.
        let trackingService: TrackingService
        if let tracking { trackingService = tracking } else { trackingService = try configuration.trackingService(useCases) }
        ZoneRoutes(service: trackingService.zones).register(in: api)
        TrackingRoutes(service: trackingService).register(in: api)
        TariffRoutes(service: useCases.tariff, assistant: assistant ?? configuration.tariffAssistant(useCases)).register(in: api)
        NationalTariffRoutes(service: useCases.tariff).register(in: api)
        return router
    }

    public static func application(
        configuration: ServerConfiguration, useCases: UseCases, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
        onTrackerListening: TrackerPorts = TrackerPorts()
    ) throws(PortunusError) -> some ApplicationProtocol {
        // Every connection is a descriptor: the listeners' limits are shares of this.
        let openFiles = OpenFiles.raiseSoftLimit()
        let metrics = ServerMetrics()
        let ledger: LedgerRuntime
        do {
            ledger = try LedgerRuntime(
                dataDirectory: configuration.dataDirectory, outbox: useCases.ledgerOutbox, logger: logger, destinations: configuration.destinations)
        } catch {
            throw PortunusError(.io, "cannot open the ledger: \(error)")
        }
        let tracking = try configuration.trackingService(useCases)
        let assistant = configuration.tariffAssistant(useCases)
        let router = try router(
            useCases: useCases, metrics: metrics, configuration: configuration, logger: logger, ledger: ledger, tracking: tracking,
            assistant: assistant)
        let maintenance = StoreMaintenanceWorker(
            maintenance: useCases.maintenance, metrics: metrics, interval: configuration.maintenanceInterval, logger: logger)
        var services: [any Service] = [
            maintenance,
            LedgerWorker(runtime: ledger, interval: configuration.ledgerInterval, cosignInterval: configuration.cosignInterval, logger: logger),
        ]
        services.append(
            TravelRetentionWorker(
                retention: useCases.travelRetention(
                    depersonaliseAfterDays: configuration.travelDepersonaliseDays, deleteAfterDays: configuration.travelDeleteDays),
                interval: configuration.travelRetentionInterval, logger: logger))
        services.append(TrackingClockWorker(tracking: tracking, interval: configuration.trackingTickInterval, logger: logger))
        services.append(WebhookDeliveryWorker(deliveries: useCases.webhookDeliveries, destinations: configuration.destinations, logger: logger))
        services.append(TariffIndexWorker(assistant: assistant, interval: configuration.tariffIndexInterval, logger: logger))
        if let port = configuration.teltonikaPort {
            services.append(
                TeltonikaListener(
                    host: configuration.host, port: port, tracking: tracking, limits: configuration.trackerLimits, logger: logger,
                    onListening: onTrackerListening.teltonika))
        }
        if let port = configuration.osmandPort {
            services.append(
                OsmAndListener.application(
                    host: configuration.host, port: port, tracking: tracking, limits: configuration.trackerLimits,
                    logger: logger, onListening: onTrackerListening.osmand))
        }
        if let hours = configuration.retrainEveryHours {
            services.append(RetrainingWorker(useCases: useCases, interval: hours * 3600, logger: logger))
        }
        let limits = configuration.httpLimits
        let connections = OpenFiles.bounded(limits.connections, share: OpenFiles.shares(limit: openFiles).api, listener: "http", logger: logger)
        logger.debug("connection limits", metadata: ["open_files": "\(openFiles)", "http": "\(connections)"])
        return Application(
            router: router,
            server: .bounded(
                idleSeconds: limits.idleSeconds, headerSeconds: limits.headerSeconds, connectionsPerAddress: limits.connectionsPerAddress),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Portunus/\(PortunusVersion.current)",
                backlog: 1024, availableConnectionsDelegate: MaximumAvailableConnections(connections, logger: logger)),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
