import Foundation
import GRDB
import PortunusCore

/// A risk model as stored: its three JSON documents and when it was made.
public struct StoredRiskModel: Sendable, Hashable {
    public var id: Int64
    public var createdAt: Date
    public var label: String
    public var modelJSON: Data
    public var featuresJSON: Data
    public var metadataJSON: Data
}
