import Foundation

/// What a stored lane decision re-derives from besides the assessment itself: the policy of a
/// day's batch assignment, or, for a decision taken online at lodgement, the policy with the
/// thresholds in force and the day's counts before it.
///
/// Stored as JSON in its own column; the two forms are those Portunus has always written (the
/// policy alone, or an object with `"mode": "online"`), so older rows read unchanged.
public enum SelectivityBasis: Codable, Sendable, Hashable {
    /// Lanes assigned over the office's whole day (``Selectivity/assign(_:policy:seed:)``).
    case day(SelectivityPolicy)
    /// A lane decided at lodgement (``OnlineSelectivity/decide(_:policy:thresholds:counters:seed:)``).
    case online(OnlineSelectivity.Record)

    public var policy: SelectivityPolicy {
        switch self {
        case .day(let policy): policy
        case .online(let record): record.policy
        }
    }

    enum ModeKey: String, CodingKey { case mode }

    public init(from decoder: any Decoder) throws {
        let mode = try? decoder.container(keyedBy: ModeKey.self).decodeIfPresent(String.self, forKey: .mode)
        if mode == "online" {
            self = .online(try OnlineSelectivity.Record(from: decoder))
        } else {
            self = .day(try SelectivityPolicy(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .day(let policy): try policy.encode(to: encoder)
        case .online(let record): try record.encode(to: encoder)
        }
    }
}

extension OnlineSelectivity {
    /// What an online decision stores to re-derive: the policy, the thresholds in force and
    /// the day's counts before it.
    public struct Record: Codable, Sendable, Hashable {
        public var mode = "online"
        public var policy: SelectivityPolicy
        public var thresholds: Thresholds
        public var before: Counters

        public init(policy: SelectivityPolicy, thresholds: Thresholds, before: Counters) {
            self.policy = policy
            self.thresholds = thresholds
            self.before = before
        }
    }
}
