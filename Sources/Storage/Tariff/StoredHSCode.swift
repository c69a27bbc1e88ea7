import Foundation
import GRDB
import PortunusCore

/// A line of the nomenclature as stored.
public struct StoredHSCode: Sendable, Hashable, Encodable {
    public var edition: Int
    public var code: String
    public var level: Int
    public var parent: String?
    public var section: String?
    public var description: String
}
