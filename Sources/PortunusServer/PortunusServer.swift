import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Portunus
import PortunusCore
import SentenceEmbedding
import ServiceLifecycle
import Synchronization
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
        let risk = RiskRoutes(
            service: useCases.riskDecisions,
            airports: try AirportTimeZones.standard(dataDirectory: configuration.dataDirectory))
        risk.registerDeclarationRoutes(in: declarations)
        let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(keys: useCases.apiKeys))
        risk.register(in: api)
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

/// Called with the port each tracker listener bound (useful when configured as 0).
public struct TrackerPorts: Sendable {
    public var teltonika: @Sendable (Int) async -> Void
    public var osmand: @Sendable (Int) async -> Void

    public init(teltonika: @escaping @Sendable (Int) async -> Void = { _ in }, osmand: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.teltonika = teltonika
        self.osmand = osmand
    }
}

/// Runs `body` every `interval` seconds until the service group shuts down: first after one
/// interval, or at once with `immediately`. What the workers share.
func periodically(every interval: Double, immediately: Bool = false, _ body: () async -> Void) async {
    var wait = !immediately
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        if wait {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
        }
        wait = true
        await body()
    }
}

/// The feedback loop on a schedule: every interval, a model is trained on the inspected
/// declarations (outcomes officers recorded included) of the last 365 days, registered, and
/// activated when its validation AUC is at least the active model's.
struct RetrainingWorker: Service {
    let useCases: UseCases
    let interval: Double
    let logger: Logger

    func run() async throws {
        await periodically(every: interval) {
            do {
                // XGBoost's rounds cannot be interrupted from here, so at shutdown the worker
                // stops waiting for them instead: the training thread finds the flag raised
                // before it registers anything and ends without writing (the process exits
                // meanwhile). Nothing is half-written: registering is the one write.
                let flag = CancellationFlag()
                let outcome = try await cancelWhenGracefulShutdown {
                    try await Self.abandonedOnCancel(flag) { [useCases] in
                        try useCases.retrain(days: 365, threads: 1, cancellation: flag)
                    }
                }
                logger.info("retrained risk model", metadata: ["model": "\(outcome.id)", "activated": "\(outcome.activated)"])
            } catch is CancellationError {
                logger.notice("scheduled retraining stopped for shutdown; nothing was registered")
            } catch let error as PortunusError where error.code == .cancelled {
                logger.notice("scheduled retraining stopped for shutdown; nothing was registered")
            } catch {
                logger.warning("scheduled retraining failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension RetrainingWorker {
    /// Runs `body` on a thread of its own; when the calling task is cancelled, raises `flag`
    /// and throws `CancellationError` at once rather than waiting for `body` to return.
    static func abandonedOnCancel<T: Sendable>(_ flag: CancellationFlag, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let pending = PendingContinuation<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                pending.continuation.withLock { $0 = continuation }
                if Task.isCancelled { pending.resume(with: .failure(CancellationError())) }
                BlockingExecutor.start { pending.resume(with: Result { try body() }) }
            }
        } onCancel: {
            flag.raise()
            pending.resume(with: .failure(CancellationError()))
        }
    }
}

/// A continuation resumed once: by a thread's result or by a cancellation, whichever comes first.
final class PendingContinuation<T: Sendable>: Sendable {
    let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    func resume(with result: Result<T, any Error>) { continuation.withLock { $0.take() }?.resume(with: result) }
}

/// Background upkeep of the store while the server runs: WAL checkpoints every second from
/// a connection of their own (commits never stop to checkpoint: a tracker's acknowledgement
/// waits for its commit, and a 32 MiB checkpoint inside one would be its p99), and at each
/// interval the stored-declarations gauge.
struct StoreMaintenanceWorker: Service {
    static let checkpoints = BlockingExecutor(label: "portunus.store.checkpoint", threads: 1)
    let maintenance: StoreMaintenance
    let metrics: ServerMetrics
    let interval: Double
    let logger: Logger

    func run() async throws {
        do { try maintenance.takeOverCheckpoints() } catch { logger.warning("store maintenance failed", metadata: ["code": "\(error.code)"]) }
        var gaugedAt = -Double.infinity
        await periodically(every: min(interval, 1), immediately: true) {
            do {
                if Date().timeIntervalSince1970 - gaugedAt >= interval {
                    gaugedAt = Date().timeIntervalSince1970
                    metrics.stored(declarations: try maintenance.declarationCount())
                    metrics.imports(try maintenance.importTotals())
                }
                try await Self.checkpoints.run { [maintenance] in try maintenance.checkpoint() }
            } catch {
                logger.warning("store maintenance failed", metadata: ["code": "\(String(describing: (error as? PortunusError)?.code))"])
            }
        }
    }
}

/// Runs the travel retention job (depersonalise, then delete) while the server runs. It logs
/// counts only, never what was removed.
struct TravelRetentionWorker: Service {
    let retention: TravelRetention
    let interval: Double
    let logger: Logger

    func run() async throws {
        await periodically(every: interval, immediately: true) {
            do throws(PortunusError) {
                let report = try retention.run()
                if report != TravelRetention.Report() {
                    logger.info(
                        "travel retention",
                        metadata: [
                            "depersonalised_passengers": "\(report.depersonalisedPassengers)",
                            "depersonalised_travellers": "\(report.depersonalisedTravellers)",
                            "deleted_passengers": "\(report.deletedPassengers)", "deleted_travellers": "\(report.deletedTravellers)",
                        ])
                }
            } catch {
                logger.warning("travel retention failed", metadata: ["code": "\(error.code)"])
            }
        }
    }
}

/// Keeps the classification assistant's index current: built once at start when an HS 2022
/// nomenclature and the model are there (encoding what the cache lacks), then brought up to
/// date whenever confirmed classifications or description lines change. Queries never wait
/// for it: until the first build is done they are answered 503.
struct TariffIndexWorker: Service {
    let assistant: TariffAssistant
    let interval: Double
    let logger: Logger

    func run() async throws {
        var announced = false
        await periodically(every: interval, immediately: true) {
            guard (try? assistant.checkReady()) != nil else { return }
            if !announced {
                announced = true
                logger.info("classification assistant: preparing its index", metadata: ["blas": "\(SentenceEncoder.blasCore)"])
            }
            do {
                // SIGTERM (graceful shutdown) cancels the wait, which raises the build's flag:
                // it stops at its next batch, and the next start resumes from the cache.
                if let report = try await cancelWhenGracefulShutdown({ [assistant] in
                    try await BlockingExecutor.onOwnThread { flag in try assistant.refresh(cancellation: flag) }
                }) {
                    logger.info(
                        "classification assistant: index ready",
                        metadata: [
                            "subheadings": "\(report.subheadings)", "lines": "\(report.lines)", "confirmed": "\(report.confirmed)",
                            "encoded": "\(report.encoded)", "cached": "\(report.cached)", "seconds": "\(report.seconds)",
                        ])
                }
            } catch let error as PortunusError where error.code == .cancelled {
                logger.notice("classification assistant: index build stopped for shutdown; encoded texts are cached")
            } catch {
                logger.warning("classification assistant: index build failed", metadata: ["error": "\(error)"])
            }
        }
        // A build a query started in the background stops too.
        assistant.stop()
    }
}
