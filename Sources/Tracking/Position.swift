/// A WGS 84 position: longitude and latitude in degrees (RFC 7946 order), altitude in metres
/// when given.
public struct Position: Sendable, Hashable {
    public var longitude: Double
    public var latitude: Double
    public var altitude: Double?

    public init(_ longitude: Double, _ latitude: Double, altitude: Double? = nil) {
        self.longitude = longitude
        self.latitude = latitude
        self.altitude = altitude
    }
}
