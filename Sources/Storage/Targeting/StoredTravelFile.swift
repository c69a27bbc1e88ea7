import Foundation
import GRDB
import PortunusCore
import Travel

/// A received travel file as stored.
public struct StoredTravelFile: Sendable, Hashable {
    public var id: Int64
    public var receivedAt: Date
    public var source: String
    public var status: TravelFileStatus
    /// The messages that could be read, as reading gave them (depersonalised after the
    /// retention period).
    public var messages: [TravelMessage]
    /// How many people the messages name.
    public var people: Int
    public var diagnostics: [EDIFACTDiagnostic]
    public var parserVersion: Int
}
