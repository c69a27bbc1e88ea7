import Foundation
import GRDB
import PortunusCore

/// One accountable act.
public struct AuditEvent: Sendable, Hashable {
    public var at: Date
    public var keyID: String
    public var action: String
    public var subject: String
}
