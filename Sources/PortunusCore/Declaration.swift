import Foundation

/// A goods declaration, shaped after the WCO Data Model's import declaration.
///
/// A declaration is lodged by a declarant at a customs office under a procedure, names the
/// parties to the transaction, and lists one or more goods items. Once it is assessed the
/// administration records the ``Timeline`` of clearance steps and, for inspected ones, the
/// ``InspectionOutcome`` — the labels that risk models learn from and the timestamps from
/// which the Time Release Study is computed.
///
/// ```swift
/// let declaration = Declaration(
///     id: try DeclarationID("97061800"), lodgedAt: date, office: "30",
///     procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
///     parties: .init(declarant: "ZZR1LT6", importer: "QLRUBN9", seller: "0VKY2BR", carrier: nil),
///     items: [item])
/// ```
public struct Declaration: Hashable, Sendable, Codable {
    public var id: DeclarationID
    /// When the declaration was lodged (WCO D013 acceptance date and time).
    public var lodgedAt: Date
    /// The customs office of lodgement, as the administration codes it.
    public var office: String
    public var procedure: Procedure
    public var parties: Parties
    public var items: [GoodsItem]
    public var timeline: Timeline
    public var outcome: InspectionOutcome?

    public init(
        id: DeclarationID, lodgedAt: Date, office: String, procedure: Procedure, parties: Parties,
        items: [GoodsItem], timeline: Timeline? = nil, outcome: InspectionOutcome? = nil
    ) {
        self.id = id
        self.lodgedAt = lodgedAt
        self.office = office
        self.procedure = procedure
        self.parties = parties
        self.items = items
        self.timeline = timeline ?? Timeline(lodged: lodgedAt)
        self.outcome = outcome
    }

    /// JSON keys are snake_case, as everywhere in the API (see ``DeclarationJSON``).
    enum CodingKeys: String, CodingKey {
        case id, lodgedAt = "lodged_at", office, procedure, parties, items, timeline, outcome
    }

    /// The procedure under which goods are declared. Codes are the administration's own
    /// (KCS codes in the public Korean data set), so they are kept as text.
    public struct Procedure: Hashable, Sendable, Codable {
        /// Declaration process type, e.g. `B` paperless.
        public var processType: String
        /// Import type, e.g. general import, OEM, e-commerce.
        public var importType: String
        /// Import use, e.g. raw material for domestic consumption.
        public var importUse: String
        /// How duty or the trade is paid, e.g. at-sight credit.
        public var paymentType: String
        /// Mode of transport at the border (UN/ECE Rec. 19 style: 10 sea, 40 air, ...).
        public var modeOfTransport: String

        public init(processType: String, importType: String, importUse: String, paymentType: String, modeOfTransport: String) {
            self.processType = processType
            self.importType = importType
            self.importUse = importUse
            self.paymentType = paymentType
            self.modeOfTransport = modeOfTransport
        }

        enum CodingKeys: String, CodingKey {
            case processType = "process_type", importType = "import_type", importUse = "import_use"
            case paymentType = "payment_type", modeOfTransport = "mode_of_transport"
        }
    }

    /// The parties, by the identifiers the administration assigned them (trader ids, EORI-like
    /// numbers). These may identify natural persons and are treated as personal data: they
    /// never appear in logs or error messages.
    public struct Parties: Hashable, Sendable, Codable {
        /// Customs broker or person who lodged the declaration.
        public var declarant: String
        /// Importer (consignee).
        public var importer: String
        /// Overseas seller, when declared.
        public var seller: String?
        /// Express courier or carrier, when one is involved.
        public var carrier: String?

        public init(declarant: String, importer: String, seller: String? = nil, carrier: String? = nil) {
            self.declarant = declarant
            self.importer = importer
            self.seller = seller
            self.carrier = carrier
        }
    }

    /// When each clearance step happened. The Time Release Study measures the intervals.
    public struct Timeline: Hashable, Sendable, Codable {
        public var lodged: Date
        public var assessed: Date?
        public var inspected: Date?
        public var released: Date?

        public init(lodged: Date, assessed: Date? = nil, inspected: Date? = nil, released: Date? = nil) {
            self.lodged = lodged
            self.assessed = assessed
            self.inspected = inspected
            self.released = released
        }
    }
}

/// The identifier of a declaration: required, unique, 1 to 64 ASCII letters, digits and `-_.:`.
public struct DeclarationID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String

    public init(_ text: some StringProtocol, field: String = "/id") throws(PortunusError) {
        var trimmed = Substring(text)
        while trimmed.first == " " || trimmed.first == "\t" { trimmed = trimmed.dropFirst() }
        while trimmed.last == " " || trimmed.last == "\t" { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty else { throw PortunusError(.missingID, "declaration id is required", field: field) }
        // Letters, digits and -_.: only: an id goes into URL paths (`/declarations/{id}`), file
        // names and CSV cells, and must read back from each unchanged.
        guard InputLimits.isIdentifier(trimmed) else {
            throw PortunusError(.invalidID, "declaration id must be 1–64 letters, digits and - _ . :", field: field)
        }
        self.rawValue = String(trimmed)
    }

    package init(unchecked rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public static func < (lhs: DeclarationID, rhs: DeclarationID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try DeclarationID(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.reason))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
