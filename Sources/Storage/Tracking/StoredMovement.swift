import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A transit movement as stored.
///
/// Its times encode by the encoder's date strategy: every encoder of the API, the CLI and
/// webhooks uses `.portunus` (ISO 8601 in UTC; a house-rules test checks).
public struct StoredMovement: Sendable, Hashable, Encodable {
    public var reference: String
    public var device: String
    public var departureOffice: String?
    public var destinationOffice: String?
    public var corridor: String?
    /// The time limit by which the goods reach their destination office.
    public var deadline: Date
    public var seals: [String]
    public var declarationID: String?
    public var state: TransitMovement.State
    public var openedAt: Date
    public var openedBy: String
    public var updatedAt: Date

    public init(
        reference: String, device: String, departureOffice: String?, destinationOffice: String?, corridor: String?, deadline: Date,
        seals: [String], declarationID: String?, state: TransitMovement.State = .opened, openedAt: Date = .distantPast, openedBy: String = "",
        updatedAt: Date = .distantPast
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
