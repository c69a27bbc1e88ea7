/// What a transit control room acts on.
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    case corridorDeviation = "corridor_deviation"
    case unauthorisedStop = "unauthorised_stop"
    case sealOpened = "seal_opened"
    case sealTampered = "seal_tampered"
    case lateArrival = "late_arrival"
    case deviceSilent = "device_silent"
    case borderCrossing = "border_crossing"
    case zoneEnter = "zone_enter"
    case zoneExit = "zone_exit"
    case droneBorderCrossing = "drone_border_crossing"
    case droneRestrictedAirspace = "drone_restricted_airspace"
}
