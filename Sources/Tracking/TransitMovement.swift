import Foundation

/// A transit movement under electronic monitoring: the goods travel under customs control
/// from an office of departure to an office of destination, along a declared corridor, by a
/// time limit, sealed, with a tracking device.
public struct TransitMovement: Sendable, Hashable {
    /// The movement reference number (MRN, eTIR reference).
    public var reference: String
    public var device: String
    /// Zone ids: the corridor (a `transit_corridor`), the offices (`customs_office`).
    public var corridor: String?
    public var departureOffice: String?
    public var destinationOffice: String?
    public var deadline: Date
    public var seals: [String]

    public init(
        reference: String, device: String, corridor: String?, departureOffice: String?, destinationOffice: String?, deadline: Date, seals: [String]
    ) {
        self.reference = reference
        self.device = device
        self.corridor = corridor
        self.departureOffice = departureOffice
        self.destinationOffice = destinationOffice
        self.deadline = deadline
        self.seals = seals
    }
}
