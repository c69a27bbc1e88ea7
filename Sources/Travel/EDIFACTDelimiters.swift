/// The service characters of an interchange (UN/EDIFACT ISO 9735 §7, the UNA service string
/// advice). Without a UNA, the defaults of syntax level A/B apply.
public struct EDIFACTDelimiters: Sendable, Hashable {
    public var component: UInt8 = UInt8(ascii: ":")
    public var element: UInt8 = UInt8(ascii: "+")
    public var decimal: UInt8 = UInt8(ascii: ".")
    /// nil when the UNA declares none (a space).
    public var release: UInt8? = UInt8(ascii: "?")
    /// nil when the UNA declares none (a space, as syntax version 3 does). Without a UNA
    /// none is assumed: airline free text uses `*` as data.
    public var repetition: UInt8? = nil
    public var terminator: UInt8 = UInt8(ascii: "'")

    public init() {}
}
