import Foundation
import GRDB
import PortunusCore

/// A classification confirmed by an officer or a binding ruling.
///
/// Its times encode by the encoder's date strategy: every encoder of the API, the CLI and
/// webhooks uses `.portunus` (ISO 8601 in UTC; a house-rules test checks).
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
}
