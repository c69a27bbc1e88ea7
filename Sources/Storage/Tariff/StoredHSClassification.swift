import Foundation
import GRDB
import PortunusCore

/// A classification confirmed by an officer or a binding ruling.
public struct StoredHSClassification: Sendable, Hashable, Encodable {
    public var id: Int64
    public var edition: Int
    public var code: String
    public var text: String
    public var source: String
    public var reference: String?
    public var declarationID: String?
    public var confirmedBy: String
    public var confirmedAt: Date
    public var withdrawnAt: Date?

    /// The API's answers are snake_case.
    enum CodingKeys: String, CodingKey {
        case id, edition, code, text, source, reference, declarationID = "declaration_id", confirmedBy = "confirmed_by"
        case confirmedAt = "confirmed_at", withdrawnAt = "withdrawn_at"
    }

    /// Times leave as ISO 8601 in UTC, whatever the encoder's date strategy.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(edition, forKey: .edition)
        try container.encode(code, forKey: .code)
        try container.encode(text, forKey: .text)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(reference, forKey: .reference)
        try container.encodeIfPresent(declarationID, forKey: .declarationID)
        try container.encode(confirmedBy, forKey: .confirmedBy)
        try container.encode(ISO8601.format(confirmedAt), forKey: .confirmedAt)
        try container.encodeIfPresent(withdrawnAt.map(ISO8601.format), forKey: .withdrawnAt)
    }
}
