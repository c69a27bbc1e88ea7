import Foundation
import GRDB
import PortunusCore

/// An extra description line of a subheading (a national tariff line) as stored.
public struct StoredHSText: Sendable, Hashable, Encodable {
    public var edition: Int
    public var code: String
    public var source: String
    public var reference: String
    public var text: String
}
