import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Rules

/// A rule set version as stored.
public struct StoredRuleSet: Sendable, Hashable {
    public var version: Int64
    public var createdAt: Date
    public var createdBy: String
    public var note: String
    public var yaml: String
    public var active: Bool
}
