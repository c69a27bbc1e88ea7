import GRDB
import PortunusCore

/// A store for one aggregate (declarations, decisions, targeting, …) over the engine that holds
/// them all (``PortunusStore``).
///
/// Each aggregate's store persists its domain's own types and offers its reads and one-act
/// writes; a use case that stores several aggregates as one act composes a
/// ``StoreTransaction`` instead. An aggregate store is a value that only names its engine, so
/// `store.declarations` costs nothing to reach. This is the seam a second engine plugs into
/// (docs/architecture.md, "How a second database engine plugs in").
protocol AggregateStore: Sendable {
    /// The engine this aggregate is stored in.
    var engine: PortunusStore { get }
}

extension AggregateStore {
    var database: DatabasePool { engine.database }

    func read<T>(_ body: (Database) throws -> T) throws(PortunusError) -> T { try engine.read(body) }

    func write<T>(_ body: (Database) throws -> T) throws(PortunusError) -> T { try engine.write(body) }

    func transaction<T>(_ body: (StoreTransaction) throws -> T) throws(PortunusError) -> T { try engine.transaction(body) }
}

extension PortunusStore {
    /// Declarations, their references and import runs.
    public var declarations: DeclarationStore { DeclarationStore(engine: self) }
    /// Risk decisions, rule sets and selectivity counters.
    public var decisions: DecisionStore { DecisionStore(engine: self) }
    /// Trained risk models and which one is active.
    public var riskModels: RiskModelStore { RiskModelStore(engine: self) }
    /// API keys, settings and the audit trail.
    public var keys: KeyStore { KeyStore(engine: self) }
    /// The ledger outbox and what the publisher appended.
    public var ledger: LedgerOutboxStore { LedgerOutboxStore(engine: self) }
    /// Certificates and laboratory samples with their custody.
    public var certificates: CertificateStore { CertificateStore(engine: self) }
    /// Biometric templates and galleries.
    public var biometrics: BiometricStore { BiometricStore(engine: self) }
    /// The Harmonized System by edition and confirmed classifications.
    public var tariff: TariffStore { TariffStore(engine: self) }
    /// Transit movements, positions, seals, alerts and webhooks.
    public var tracking: TrackingStore { TrackingStore(engine: self) }
    /// Geofenced zones.
    public var zones: ZoneStore { ZoneStore(engine: self) }
    /// Flights, passengers, travellers, watch lists, hits, vetting and lookouts.
    public var targeting: TargetingStore { TargetingStore(engine: self) }
    /// Received API and PNR files.
    public var travelFiles: TravelFileStore { TravelFileStore(engine: self) }
    /// Declarations' clearance states and milestone logs.
    public var clearance: ClearanceStore { ClearanceStore(engine: self) }
    /// Duty assessments per declaration version, payments, guarantee debits and guarantees.
    public var duties: DutyStore { DutyStore(engine: self) }
}
