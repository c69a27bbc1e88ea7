import PortunusCore

/// Something a caller can ask Portunus to do. Each HTTP route maps to exactly one operation.
public struct Operation: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let lodgeDeclarations = Operation("declarations.lodge")
    public static let listDeclarations = Operation("declarations.list")
    public static let readDeclaration = Operation("declarations.read")
    public static let assess = Operation("risk.assess")
    public static let readAssessment = Operation("risk.read")
    /// The lane of one's own lodged declaration, in the lodgement's answer, when the policy
    /// gives traders their lane; never the score, rules or reasons (`risk.read`).
    public static let readOwnLane = Operation("risk.lane")
    public static let worklist = Operation("risk.worklist")
    public static let reroute = Operation("risk.reroute")
    public static let recordOutcome = Operation("risk.outcome")
    public static let manageModels = Operation("risk.models")
    public static let manageRules = Operation("risk.rules")
    public static let ingestTravel = Operation("travel.ingest")
    public static let readTravel = Operation("travel.read")
    public static let vetTravellers = Operation("travel.vet")
    public static let manageWatchLists = Operation("travel.lists")
    public static let manageTravelRules = Operation("travel.rules")
    public static let checkDocuments = Operation("documents.check")
    public static let enrollBiometrics = Operation("biometrics.enroll")
    public static let searchBiometrics = Operation("biometrics.search")
    public static let readZones = Operation("zones.read")
    public static let manageZones = Operation("zones.write")
    public static let readTariff = Operation("tariff.read")
    public static let tariffStatistics = Operation("tariff.statistics")
    public static let classifyGoods = Operation("tariff.classify")
    public static let confirmClassification = Operation("tariff.confirm")
    public static let readTracking = Operation("tracking.read")
    public static let manageMovements = Operation("tracking.movements")
    public static let reportTracking = Operation("tracking.report")
    public static let manageWebhooks = Operation("tracking.webhooks")
    public static let writeLedger = Operation("ledger.write")
    public static let readLedger = Operation("ledger.read")
    public static let issueCertificates = Operation("certificates.issue")
    public static let readCertificates = Operation("certificates.read")
    public static let recordCustody = Operation("lab.custody")
    public static let readSamples = Operation("lab.read")
    /// Ask the trader for documents, and accept them (the documentary check).
    public static let checkDocumentsLodged = Operation("clearance.documents")
    /// Supply the documents asked for (the trader, for its own declarations).
    public static let supplyDocuments = Operation("clearance.supply")
    /// Assign, start and close a physical examination.
    public static let examineGoods = Operation("clearance.examine")
    /// Hold or seize goods, with the reason.
    public static let holdGoods = Operation("clearance.hold")
    /// Release goods (when the state allows: duties settled, no agency holding).
    public static let releaseGoods = Operation("clearance.release")
    /// Report other systems' events: arrival, gate-out, other agencies' holds and releases.
    public static let reportClearanceEvents = Operation("clearance.events")
    /// Amend a declaration's goods items (the trader, for its own; an officer).
    public static let amendDeclarations = Operation("clearance.amend")
    /// Register webhooks for a trader's declarations' milestones (the trader, for its own).
    public static let clearanceWebhooks = Operation("clearance.webhooks")
    /// Record a payment of duties (a cashier, a bank's or a payment system's receipt).
    public static let recordPayments = Operation("duties.pay")
    /// Register traders' guarantees and deferment accounts, and read them.
    public static let manageGuarantees = Operation("duties.guarantees")
    /// Load the national tariff's measures and the exchange rates.
    public static let manageTariff = Operation("tariff.manage")
}

/// The one table that says which role may do what. The server checks it on every request;
/// the README shows it; a test keeps the two in step.
///
/// Traders act only for their own party: they lodge declarations where they are the importer
/// or the declarant and see only those. Party identifiers are masked (replaced by stable
/// pseudonyms) unless the key holds the `unmask` grant; each unmasked read is recorded.
public enum AccessPolicy {
    public static let table: [(operation: Operation, roles: Set<Role>)] = [
        (.lodgeDeclarations, [.admin, .trader]),
        (.listDeclarations, [.admin, .analyst, .officer, .trader]),
        (.readDeclaration, [.admin, .analyst, .officer, .trader]),
        (.assess, [.admin, .analyst]),
        (.readAssessment, [.admin, .analyst, .officer]),
        (.readOwnLane, [.admin, .analyst, .officer, .trader]),
        (.worklist, [.admin, .analyst, .officer]),
        (.reroute, [.admin, .officer]),
        (.recordOutcome, [.admin, .officer]),
        (.manageModels, [.admin, .analyst]),
        (.manageRules, [.admin, .analyst]),
        (.ingestTravel, [.admin, .analyst]),
        (.readTravel, [.admin, .analyst, .officer]),
        (.vetTravellers, [.admin, .analyst, .officer]),
        (.manageWatchLists, [.admin, .analyst]),
        (.manageTravelRules, [.admin, .analyst]),
        (.checkDocuments, [.admin, .analyst, .officer]),
        (.enrollBiometrics, [.admin, .analyst]),
        (.searchBiometrics, [.admin, .analyst, .officer]),
        (.readZones, [.admin, .analyst, .officer]),
        (.manageZones, [.admin, .analyst]),
        (.readTariff, [.admin, .analyst, .officer, .trader, .partner]),
        (.tariffStatistics, [.admin, .analyst]),
        (.classifyGoods, [.admin, .analyst, .officer, .trader]),
        (.confirmClassification, [.admin, .officer]),
        (.readTracking, [.admin, .analyst, .officer]),
        (.manageMovements, [.admin, .officer]),
        (.reportTracking, [.admin, .officer]),
        (.manageWebhooks, [.admin]),
        (.writeLedger, [.admin, .officer]),
        (.readLedger, [.admin, .analyst, .officer, .trader, .partner]),
        (.issueCertificates, [.admin]),
        (.readCertificates, [.admin, .analyst, .officer, .trader, .partner]),
        (.recordCustody, [.admin, .officer]),
        (.readSamples, [.admin, .analyst, .officer]),
        (.checkDocumentsLodged, [.admin, .officer]),
        (.supplyDocuments, [.admin, .trader]),
        (.examineGoods, [.admin, .officer]),
        (.holdGoods, [.admin, .officer]),
        (.releaseGoods, [.admin, .officer]),
        (.reportClearanceEvents, [.admin, .officer, .partner]),
        (.amendDeclarations, [.admin, .officer, .trader]),
        (.clearanceWebhooks, [.admin, .trader]),
        (.recordPayments, [.admin, .officer, .partner]),
        (.manageGuarantees, [.admin]),
        (.manageTariff, [.admin]),
    ]

    public static func allows(_ role: Role, _ operation: Operation) -> Bool {
        table.first { $0.operation == operation }?.roles.contains(role) ?? false
    }

    /// Throws `auth.forbidden` unless the principal's role may do the operation.
    public static func require(_ operation: Operation, _ principal: Principal) throws(PortunusError) {
        guard allows(principal.role, operation) else {
            throw PortunusError(.forbidden, "the \(principal.role.rawValue) role may not do \(operation.name)")
        }
    }
}
