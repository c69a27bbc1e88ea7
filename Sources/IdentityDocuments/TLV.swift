/// One BER-TLV element of an ePassport file or a DER structure: its tag (all tag bytes as one
/// number, e.g. `0x5F1F`), whether it is constructed, and where its value lies in the bytes
/// it was read from. Lengths in the short and long forms (up to four bytes), as ICAO 9303
/// Part 10 and X.690 write them; indefinite lengths are refused.
public struct TLV: Sendable, Hashable {
    public var tag: UInt32
    public var constructed: Bool
    /// Offsets into the bytes read: the whole element, and its value.
    public var start: Int
    public var value: Range<Int>
    public var end: Int { value.upperBound }
}
