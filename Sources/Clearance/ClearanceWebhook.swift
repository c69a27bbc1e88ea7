import Foundation

/// A trader's webhook for its declarations' milestones.
public struct ClearanceWebhook: Sendable, Hashable {
    public var id: Int64
    /// The party (importer or declarant id) whose declarations it follows.
    public var party: String
    public var url: String
    /// The HMAC-SHA256 key of the `Portunus-Signature` header; never returned by the API.
    public var secret: String
    /// The milestone codes it is told of.
    public var codes: [MilestoneCode]
    public var createdAt: Date

    public init(id: Int64, party: String, url: String, secret: String, codes: [MilestoneCode], createdAt: Date) {
        self.id = id
        self.party = party
        self.url = url
        self.secret = secret
        self.codes = codes
        self.createdAt = createdAt
    }
}
