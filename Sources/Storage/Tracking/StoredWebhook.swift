import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A webhook alerts are posted to.
///
/// Its times encode by the encoder's date strategy: every encoder of the API, the CLI and
/// webhooks uses `.portunus` (ISO 8601 in UTC; a house-rules test checks).
public struct StoredWebhook: Sendable, Hashable, Encodable {
    public var id: Int64
    public var url: String
    /// The HMAC-SHA256 key of the `Portunus-Signature` header; never returned by the API.
    public var secret: String
    /// Alert kinds it receives (nil: all).
    public var kinds: [String]?
    public var active: Bool
    public var createdAt: Date
    public var createdBy: String

    enum CodingKeys: String, CodingKey {
        case id, url, kinds, active
        case createdAt = "created_at", createdBy = "created_by"
    }
}
