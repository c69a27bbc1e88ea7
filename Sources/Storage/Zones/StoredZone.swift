import Foundation
import GRDB
import PortunusCore

/// A stored zone: its GeoJSON Feature as text.
public struct StoredZone: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var name: String?
    public var feature: String
    public var updatedAt: Date
}
