import Foundation

/// A position report from a tracker, whatever protocol carried it.
public struct PositionReport: Sendable, Hashable {
    /// The device's unique id (an IMEI, a phone's id).
    public var device: String
    public var time: Date
    public var latitude: Double
    public var longitude: Double
    /// False when the device says its fix is not valid.
    public var valid: Bool = true
    /// Metres per second.
    public var speed: Double?
    /// Degrees from north.
    public var bearing: Double?
    /// Metres.
    public var altitude: Double?
    /// Metres (the fix's horizontal accuracy).
    public var accuracy: Double?
    public var hdop: Double?
    /// Percent.
    public var battery: Double?
    public var charging: Bool?
    public var driver: String?

    public init(device: String, time: Date, latitude: Double, longitude: Double) {
        self.device = device
        self.time = time
        self.latitude = latitude
        self.longitude = longitude
    }
}
