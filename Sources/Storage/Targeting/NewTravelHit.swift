import Foundation
import GRDB
import PortunusCore
import Travel

/// A hit as found by screening or a rule, before it is stored.
public struct NewTravelHit: Sendable, Hashable {
    /// watch_list or rule.
    public var kind: String
    /// The watch-list entry's id, or the rule's id.
    public var reference: String
    public var list: String?
    public var category: String
    /// 1 normal, 2 high, 3 top.
    public var severity: Int
    public var score: Double
    public var reasons: [String]

    public init(kind: String, reference: String, list: String?, category: String, severity: Int, score: Double, reasons: [String]) {
        self.kind = kind
        self.reference = reference
        self.list = list
        self.category = category
        self.severity = severity
        self.score = score
        self.reasons = reasons
    }
}
