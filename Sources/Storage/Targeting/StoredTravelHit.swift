import Foundation
import GRDB
import PortunusCore
import Travel

public struct StoredTravelHit: Sendable, Hashable {
    public var id: Int64
    public var vettingID: Int64
    public var kind: String
    public var reference: String
    public var list: String?
    public var category: String
    public var severity: Int
    public var score: Double
    public var reasons: [String]
    public var createdAt: Date
}
