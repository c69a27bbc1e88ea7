import Foundation
import GRDB
import PortunusCore

/// A link between two editions' codes as stored, read in the asked direction.
public struct StoredHSLink: Sendable, Hashable, Encodable {
    public var from: String
    public var to: String
    public var relationship: String
    public var partial: Bool

    public init(from: String, to: String, relationship: String, partial: Bool) {
        self.from = from
        self.to = to
        self.relationship = relationship
        self.partial = partial
    }
}
