import Foundation
import PortunusCore

/// A trader's guarantee for duties: a comprehensive guarantee, or a deferment account of an
/// authorised trader, which Portunus debits to secure the duties of a declaration so that the
/// goods can go before they are paid.
public struct DutyGuarantee: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A comprehensive guarantee (a bank's or an insurer's undertaking up to a reference amount).
        case comprehensive
        /// A deferment account: duties are debited and paid at the period's end.
        case deferment
    }

    public var reference: String
    /// The party (importer or declarant id) whose declarations it covers.
    public var holder: String
    public var kind: Kind
    /// The reference amount.
    public var amount: Money
    /// What the declarations it secures and that are not yet paid hold of it.
    public var used: FixedDecimal
    public var from: CalendarDay
    public var through: CalendarDay?

    public init(
        reference: String, holder: String, kind: Kind, amount: Money, used: FixedDecimal = .zero, from: CalendarDay, through: CalendarDay? = nil
    ) {
        self.reference = reference
        self.holder = holder
        self.kind = kind
        self.amount = amount
        self.used = used
        self.from = from
        self.through = through
    }

    /// What is left to secure with.
    public var available: FixedDecimal {
        let (left, overflow) = amount.amount.scaledValue.subtractingReportingOverflow(used.scaledValue)
        return FixedDecimal(scaledValue: overflow ? 0 : max(0, left))
    }
}
