import Foundation
import Logging
import PortunusCore
import RiskEngine
import Storage

/// Portunus's use cases over one store: the one thing the HTTP server and the CLI's `serve`
/// and `run` commands take, so that neither reaches past a use case into the store.
///
/// Each use case is a small value over the store, made when asked; the ones that hold state
/// (tracking's live movements, the classification assistant's index) are made once by their
/// caller and shared.
///
/// ```swift
/// let useCases = UseCases(store: try PortunusStore(dataDirectory: "portunus-data"), dataDirectory: "portunus-data")
/// let flights = try useCases.targeting(rescreenDays: 3).flights(date: nil, airport: "LHR", limit: 20, by: officer)
/// ```
public struct UseCases: Sendable {
    let store: PortunusStore
    /// The data directory: the ledger, the travel reference files, the biometric indexes and
    /// the trusted CSCAs live beside the store in it.
    public let dataDirectory: String

    public init(store: PortunusStore, dataDirectory: String) {
        self.store = store
        self.dataDirectory = dataDirectory
    }

    public var apiKeys: APIKeys { APIKeys(store: store) }

    public func declarations(logger: Logger) throws(PortunusError) -> DeclarationService { try DeclarationService(store: store, logger: logger) }

    /// The assessor that lodgement runs, under the inspection budget and exploration of `policy`.
    public func assessor(policy: SelectivityPolicy, seed: UInt64) -> OnlineRiskAssessor {
        OnlineRiskAssessor(store: store, policy: policy, seed: seed)
    }

    public var riskDecisions: RiskDecisionService { RiskDecisionService(store: store) }

    /// The acts of clearance: documents, examinations, holds, release and other systems' events.
    public func clearance() throws(PortunusError) -> ClearanceService { try ClearanceService(store: store) }
    public func duties() throws(PortunusError) -> DutyService { try DutyService(store: store) }

    /// Registers a model trained on the last `days` of inspected declarations (see
    /// ``RiskTraining/retrain(store:days:now:threads:cancellation:)``).
    public func retrain(days: Int, threads: Int, cancellation: CancellationFlag? = nil) throws -> (id: Int64, activated: Bool) {
        try RiskTraining.retrain(store: store, days: days, threads: threads, cancellation: cancellation)
    }

    /// Targeting, re-screening flights departing `rescreenDays` ago or later when lists or rules change.
    public func targeting(rescreenDays: Int) -> TargetingService {
        var targeting = TargetingService(store: store)
        targeting.rescreenDays = rescreenDays
        return targeting
    }

    public var vetting: VettingService { VettingService(store: store) }

    public func travelRetention(depersonaliseAfterDays: Int, deleteAfterDays: Int) -> TravelRetention {
        TravelRetention(store: store, depersonaliseAfterDays: depersonaliseAfterDays, deleteAfterDays: deleteAfterDays)
    }

    /// Document checks against the CSCAs in the data directory's `reference/csca/`, read now.
    public func documentChecks() -> DocumentCheckService { DocumentCheckService(dataDirectory: dataDirectory) }

    public func biometrics() -> BiometricService { BiometricService(galleries: BiometricGalleries(store: store, dataDirectory: dataDirectory)) }

    /// Tracking, with the bounds its doors check and where webhooks may point. Holds the
    /// movements it watches: make one per process.
    public func tracking(limits: InputLimits, destinations: DestinationPolicy, rejects: RejectPolicy) throws(PortunusError) -> TrackingService {
        try TrackingService(store: store, limits: limits, destinations: destinations, rejects: rejects)
    }

    public var webhookDeliveries: WebhookDeliveries { WebhookDeliveries(store: store) }

    public var tariff: TariffService { TariffService(store: store) }

    /// The classification assistant with the MiniLM model in `modelDirectory`. Holds its
    /// index: make one per process.
    public func tariffAssistant(modelDirectory: URL) -> TariffAssistant { TariffAssistant(store: store, modelDirectory: modelDirectory) }

    /// Certificates, issued under the log `issuer` (nil: this instance writes no log).
    public func certificates(issuer: String?) -> CertificateService { CertificateService(store: store, issuer: issuer) }

    public var labCustody: LabCustodyService { LabCustodyService(store: store) }

    public var ledgerOutbox: LedgerOutbox { LedgerOutbox(store: store) }

    public var maintenance: StoreMaintenance { StoreMaintenance(store: store) }
}
