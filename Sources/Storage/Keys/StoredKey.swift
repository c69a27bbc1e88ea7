import Foundation
import GRDB
import PortunusCore

/// An API key as stored: the public id, the SHA-256 of the secret, and what it may do.
public struct StoredKey: Sendable, Hashable {
    public var id: String
    public var secretSHA256: Data
    public var role: String
    public var grants: [String]
    public var party: String?
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: String, secretSHA256: Data, role: String, grants: [String], party: String?, label: String, createdAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.secretSHA256 = secretSHA256
        self.role = role
        self.grants = grants
        self.party = party
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
