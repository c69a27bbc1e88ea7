import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A transit movement as stored.
public struct StoredMovement: Sendable, Hashable, Encodable {
    public var reference: String
    public var device: String
    public var departureOffice: String?
    public var destinationOffice: String?
    public var corridor: String?
    /// ISO 8601 (UTC).
    public var deadline: String
    public var seals: [String]
    public var declarationID: String?
    public var state: TransitMovement.State
    public var openedAt: String
    public var openedBy: String
    public var updatedAt: String

    public init(
        reference: String, device: String, departureOffice: String?, destinationOffice: String?, corridor: String?, deadline: String,
        seals: [String], declarationID: String?, state: TransitMovement.State = .opened, openedAt: String = "", openedBy: String = "",
        updatedAt: String = ""
    ) {
        self.reference = reference
        self.device = device
        self.departureOffice = departureOffice
        self.destinationOffice = destinationOffice
        self.corridor = corridor
        self.deadline = deadline
        self.seals = seals
        self.declarationID = declarationID
        self.state = state
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case reference, device, corridor, deadline, seals, state
        case departureOffice = "departure_office", destinationOffice = "destination_office", declarationID = "declaration"
        case openedAt = "opened_at", openedBy = "opened_by", updatedAt = "updated_at"
    }
}
