import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A webhook alerts are posted to.
public struct StoredWebhook: Sendable, Hashable, Encodable {
    public var id: Int64
    public var url: String
    /// The HMAC-SHA256 key of the `Portunus-Signature` header; never returned by the API.
    public var secret: String
    /// Alert kinds it receives (nil: all).
    public var kinds: [String]?
    public var active: Bool
    public var createdAt: String
    public var createdBy: String

    enum CodingKeys: String, CodingKey {
        case id, url, kinds, active
        case createdAt = "created_at", createdBy = "created_by"
    }
}
