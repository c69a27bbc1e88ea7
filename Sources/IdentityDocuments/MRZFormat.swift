/// The five machine-readable zones of ICAO Doc 9303: TD1 (3 × 30, identity cards), TD2
/// (2 × 36), TD3 (2 × 44, passports), and the visas MRV-A (2 × 44) and MRV-B (2 × 36).
public enum MRZFormat: String, Sendable, Hashable, Codable {
    case td1 = "TD1", td2 = "TD2", td3 = "TD3", mrva = "MRVA", mrvb = "MRVB"
}
