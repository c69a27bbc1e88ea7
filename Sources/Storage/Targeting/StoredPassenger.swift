import Foundation
import GRDB
import PortunusCore
import Travel

public struct StoredPassenger: Sendable, Hashable {
    public var id: Int64
    public var flightID: Int64
    public var travellerID: Int64
    public var messageID: Int64
    /// api or pnr.
    public var source: String
    public var role: String
    /// The booking's record locator, when the message gives one.
    public var locator: String?
    /// The person as the message gave them (depersonalised after the retention period).
    public var person: TravelMessage.Person
    /// The person's booking as the same message gave it, when it is a PNR.
    public var booking: TravelMessage.Booking?
    /// Why the row was linked to its traveller.
    public var link: LinkEvidence
    public var receivedAt: Date
    public var depersonalisedAt: Date?
}
