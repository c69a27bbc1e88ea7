import Foundation
import Hummingbird
import Ledger
import Logging
import Portunus
import PortunusCore
import Storage

@testable import PortunusServer

// The server takes use cases (it never sees the store); the tests open a store of their own
// and look into it, so here each server piece is built over the use cases of that store.

extension PortunusServer {
    static func router(
        store: PortunusStore, metrics: ServerMetrics, configuration: ServerConfiguration, logger: Logger,
        ledger: LedgerRuntime? = nil, tracking: TrackingService? = nil, assistant: TariffAssistant? = nil
    ) throws(PortunusError) -> Router<PortunusRequestContext> {
        try router(
            useCases: UseCases(store: store, dataDirectory: configuration.dataDirectory), metrics: metrics, configuration: configuration,
            logger: logger, ledger: ledger, tracking: tracking, assistant: assistant)
    }

    static func application(
        configuration: ServerConfiguration, store: PortunusStore, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }, onTrackerListening: TrackerPorts = TrackerPorts()
    ) throws(PortunusError) -> some ApplicationProtocol {
        try application(
            configuration: configuration, useCases: UseCases(store: store, dataDirectory: configuration.dataDirectory), logger: logger,
            onServerRunning: onServerRunning, onTrackerListening: onTrackerListening)
    }
}

extension LedgerRuntime {
    convenience init(dataDirectory: String, store: PortunusStore, logger: Logger, destinations: DestinationPolicy = DestinationPolicy())
        throws(LedgerError)
    {
        try self.init(dataDirectory: dataDirectory, outbox: LedgerOutbox(store: store), logger: logger, destinations: destinations)
    }
}

extension WebhookDeliveryWorker {
    init(store: PortunusStore, attempts: Int = 10, baseDelay: Double = 5, destinations: DestinationPolicy = DestinationPolicy(), logger: Logger) {
        self.init(deliveries: WebhookDeliveries(store: store), attempts: attempts, baseDelay: baseDelay, destinations: destinations, logger: logger)
    }
}
