/// What a zone is for a customs administration.
public enum ZoneKind: String, Sendable, Codable, CaseIterable {
    case customsOffice = "customs_office"
    case borderCrossing = "border_crossing"
    case specialCustomsZone = "special_customs_zone"
    case freeZone = "free_zone"
    case transitCorridor = "transit_corridor"
    case restrictedAirspace = "restricted_airspace"
    case nationalBorder = "national_border"
    /// Anything else an operator draws.
    case area
}
