import Foundation
import GRDB
import PortunusCore
import Travel

public struct StoredWatchList: Sendable, Hashable {
    public var id: Int64
    public var name: String
    /// persons or documents.
    public var kind: String
    public var description: String
    public var createdAt: Date
    public var entries: Int
}
