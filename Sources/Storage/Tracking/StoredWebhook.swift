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
    public var createdAt: Date
    public var createdBy: String

    enum CodingKeys: String, CodingKey {
        case id, url, kinds, active
        case createdAt = "created_at", createdBy = "created_by"
    }

    /// The secret never leaves; times leave as ISO 8601 in UTC, whatever the encoder's date strategy.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(url, forKey: .url)
        try container.encodeIfPresent(kinds, forKey: .kinds)
        try container.encode(active, forKey: .active)
        try container.encode(ISO8601.format(createdAt), forKey: .createdAt)
        try container.encode(createdBy, forKey: .createdBy)
    }
}
