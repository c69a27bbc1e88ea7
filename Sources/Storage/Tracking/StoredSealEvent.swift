import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// An electronic seal's report as stored; times are Unix seconds.
public struct StoredSealEvent: Sendable, Hashable {
    public var seal: String
    public var kind: SealEvent.Kind
    public var at: Double
    public var receivedAt: Double
    public var source: String

    public init(seal: String, kind: SealEvent.Kind, at: Double, receivedAt: Double, source: String) {
        self.seal = seal
        self.kind = kind
        self.at = at
        self.receivedAt = receivedAt
        self.source = source
    }
}
