import Foundation

/// One entry of a declaration's milestone log: append-only, written in the same transaction as
/// the step it records, and the raw material of the Time Release Study.
public struct Milestone: Sendable, Hashable, Codable {
    /// Who took the step.
    public struct Actor: Sendable, Hashable, Codable {
        /// What kind of actor: the clock that runs a time release study splits intervals by it.
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// A customs officer (an API key of a customs role).
            case officer
            /// The trader, broker or carrier who lodged.
            case trader
            /// Portunus itself (risk assessment, the green lane's duties and release).
            case system
            /// Another government agency (health, standards, plant protection, …).
            case agency
            /// A port, terminal or manifest system (arrival, gate-out).
            case port
            /// A bank or payment system reporting a payment of duties.
            case bank
        }

        public var kind: Kind
        /// The key id, the agency's name or the system's name.
        public var id: String

        public init(kind: Kind, id: String) {
            self.kind = kind
            self.id = id
        }
    }

    public var code: MilestoneCode
    /// When the step happened (for an event from another system, the time it reports).
    public var at: Date
    /// The customs office where it happened, when known.
    public var office: String?
    public var actor: Actor
    /// The system the event came from: `portunus`, or what another system calls itself.
    public var source: String
    /// What the step carries: the lane, the agency, the documents asked for, a reason, the
    /// inspection act's reference, the version amended to. Values are text; the step's own
    /// record (the act, the duty calculation) holds the detail.
    public var attributes: [String: String]

    public init(
        code: MilestoneCode, at: Date, office: String?, actor: Actor, source: String = "portunus", attributes: [String: String] = [:]
    ) {
        self.code = code
        self.at = at
        self.office = office
        self.actor = actor
        self.source = source
        self.attributes = attributes
    }
}
