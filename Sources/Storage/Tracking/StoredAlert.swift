import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A tracking alert as stored.
///
/// Its times encode by the encoder's date strategy: every encoder of the API, the CLI and
/// webhooks uses `.portunus` (ISO 8601 in UTC; a house-rules test checks).
public struct StoredAlert: Sendable, Hashable, Encodable {
    public var id: Int64
    public var kind: AlertKind
    /// When the device reported what raised the alert.
    public var at: Date
    public var device: String
    public var movement: String?
    public var declarationID: String?
    public var latitude: Double?
    public var longitude: Double?
    public var zone: String?
    public var detail: String
    /// The lane the linked declaration was raised to, when the alert raised it.
    public var raisedLane: Lane?
    public var createdAt: Date
    /// A drone operator's position (Remote ID): a person's, shown to those who may read
    /// tracking, never sent to webhooks or written to the ledger.
    public var operatorLatitude: Double?
    public var operatorLongitude: Double?

    public init(
        id: Int64 = 0, kind: AlertKind, at: Date, device: String, movement: String?, declarationID: String?, latitude: Double?, longitude: Double?,
        zone: String?, detail: String, raisedLane: Lane? = nil, createdAt: Date = .distantPast, operatorLatitude: Double? = nil,
        operatorLongitude: Double? = nil
    ) {
        self.id = id
        self.kind = kind
        self.at = at
        self.device = device
        self.movement = movement
        self.declarationID = declarationID
        self.latitude = latitude
        self.longitude = longitude
        self.zone = zone
        self.detail = detail
        self.raisedLane = raisedLane
        self.createdAt = createdAt
        self.operatorLatitude = operatorLatitude
        self.operatorLongitude = operatorLongitude
    }

    /// The alert without the position of a person, for what leaves the building.
    public var withoutPersonalPositions: StoredAlert {
        var copy = self
        copy.operatorLatitude = nil
        copy.operatorLongitude = nil
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, at, device, movement, latitude, longitude, zone, detail
        case declarationID = "declaration", raisedLane = "raised_lane", createdAt = "created_at"
        case operatorLatitude = "operator_latitude", operatorLongitude = "operator_longitude"
    }
}
