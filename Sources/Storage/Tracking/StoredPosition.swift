import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A position as stored; times are Unix seconds.
public struct StoredPosition: Sendable, Hashable, Encodable {
    public var device: String
    public var at: Double
    public var receivedAt: Double
    public var latitude: Double
    public var longitude: Double
    public var speed: Double?
    public var bearing: Double?
    public var altitude: Double?
    public var accuracy: Double?
    public var battery: Double?
    /// `osmand`, `teltonika`, `json`, `remote_id`.
    public var source: String

    public init(
        device: String, at: Double, receivedAt: Double, latitude: Double, longitude: Double, speed: Double? = nil, bearing: Double? = nil,
        altitude: Double? = nil, accuracy: Double? = nil, battery: Double? = nil, source: String
    ) {
        self.device = device
        self.at = at
        self.receivedAt = receivedAt
        self.latitude = latitude
        self.longitude = longitude
        self.speed = speed
        self.bearing = bearing
        self.altitude = altitude
        self.accuracy = accuracy
        self.battery = battery
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case device, latitude, longitude, speed, bearing, altitude, accuracy, battery, source
        case at = "time", receivedAt = "received_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(device, forKey: .device)
        try container.encode(ISO8601.format(Date(timeIntervalSince1970: at)), forKey: .at)
        try container.encode(ISO8601.format(Date(timeIntervalSince1970: receivedAt)), forKey: .receivedAt)
        try container.encode(latitude, forKey: .latitude)
        try container.encode(longitude, forKey: .longitude)
        try container.encodeIfPresent(speed, forKey: .speed)
        try container.encodeIfPresent(bearing, forKey: .bearing)
        try container.encodeIfPresent(altitude, forKey: .altitude)
        try container.encodeIfPresent(accuracy, forKey: .accuracy)
        try container.encodeIfPresent(battery, forKey: .battery)
        try container.encode(source, forKey: .source)
    }
}
