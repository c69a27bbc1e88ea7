import Foundation

/// An electronic seal's report (ISO 18185 seals report sealed and opened states, tampering
/// and their battery).
public struct SealEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable { case sealed, opened, tampered, batteryLow = "battery_low" }
    public var seal: String
    public var kind: Kind
    public var at: Date

    public init(seal: String, kind: Kind, at: Date) {
        self.seal = seal
        self.kind = kind
        self.at = at
    }
}
