import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A delivery due: the webhook, the alert and how often it was tried.
public struct DueDelivery: Sendable, Hashable {
    public var id: Int64
    public var webhook: StoredWebhook
    public var alert: StoredAlert
    public var attempts: Int
}
