import Foundation
import Ledger
import PortunusCore
import Storage

extension LabCustodyService {
    /// A laboratory sample as the API shows it: its state and its chain of custody, each
    /// event with its details and where its ledger entry is.
    public struct View: Sendable, Encodable {
        let sample: StoredSample

        public init(_ sample: StoredSample) { self.sample = sample }

        public var id: String { sample.id }

        enum CodingKeys: String, CodingKey { case id, declaration, description, state, createdAt = "created_at", events }
        enum EventKeys: String, CodingKey { case event, at, by, details, ledgerIndex = "ledger_index" }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sample.id, forKey: .id)
            try container.encodeIfPresent(sample.declarationID, forKey: .declaration)
            try container.encode(sample.description, forKey: .description)
            try container.encode(sample.state, forKey: .state)
            try container.encode(ISO8601.format(sample.createdAt), forKey: .createdAt)
            var events = container.nestedUnkeyedContainer(forKey: .events)
            for event in sample.events {
                var members = events.nestedContainer(keyedBy: EventKeys.self)
                try members.encode(event.event, forKey: .event)
                try members.encode(ISO8601.format(event.at), forKey: .at)
                try members.encode(event.by, forKey: .by)
                try members.encode((try? CanonicalJSON.parse(Data(event.details.utf8))) ?? .null, forKey: .details)
                try members.encodeIfPresent(event.ledgerIndex, forKey: .ledgerIndex)
            }
        }
    }

    /// A sample as an act left it, read again: its entry may have been appended since. No
    /// access check: the act checked.
    public func current(_ sample: StoredSample) throws(PortunusError) -> View { View(try store.certificates.sample(id: sample.id) ?? sample) }
}
