import Foundation
import GRDB
import PortunusCore
import Travel

// Travel targeting as stored: flights, travellers linked across messages, watch lists, travel
// rule sets, the vetting list with its hits and events, and port-of-entry lookouts.

public struct StoredFlight: Sendable, Hashable {
    public var id: Int64
    public var number: String
    public var origin: String
    public var destination: String
    /// The local day of departure at the origin (`YYYY-MM-DD`).
    public var departureDate: String
    public var departureTime: String?
    public var arrivalTime: String?
    public var departureUTC: String?
    public var arrivalUTC: String?

    public init(
        id: Int64 = 0, number: String, origin: String, destination: String, departureDate: String, departureTime: String? = nil,
        arrivalTime: String? = nil, departureUTC: String? = nil, arrivalUTC: String? = nil
    ) {
        self.id = id
        self.number = number
        self.origin = origin
        self.destination = destination
        self.departureDate = departureDate
        self.departureTime = departureTime
        self.arrivalTime = arrivalTime
        self.departureUTC = departureUTC
        self.arrivalUTC = arrivalUTC
    }
}
