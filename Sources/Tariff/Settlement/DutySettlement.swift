import Foundation
import PortunusCore

/// A payment of duties, or a debit of a guarantee that secures them.
public struct DutySettlement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// Money received (at a bank, a cashier, through a payment system).
        case payment
        /// The amount held against a guarantee or a deferment account until it is paid.
        case guarantee
    }

    public var kind: Kind
    public var amount: Money
    /// The payment's or the debit's reference (a receipt, a bank transfer's id).
    public var reference: String
    /// The account paid from or into, when given.
    public var account: String?
    /// The guarantee debited, for ``Kind/guarantee``.
    public var guarantee: String?
    public var at: Date
    public var actorKind: String
    public var actorID: String

    public init(
        kind: Kind, amount: Money, reference: String, account: String? = nil, guarantee: String? = nil, at: Date, actorKind: String, actorID: String
    ) {
        self.kind = kind
        self.amount = amount
        self.reference = reference
        self.account = account
        self.guarantee = guarantee
        self.at = at
        self.actorKind = actorKind
        self.actorID = actorID
    }
}
