/// One message (UNH … UNT) of an interchange, with its header values and its segments.
public struct EDIFACTMessage: Sendable, Hashable {
    /// UNH message reference.
    public var reference: String
    /// PAXLST, PNRGOV, …
    public var type: String
    /// As the message states it: version and release joined, e.g. "D02B" → "D02B", "11:1" → "11.1".
    public var version: String
    /// The segments between UNH and UNT (both excluded).
    public var segments: EDIFACTSegmentList
    /// The interchange's sender and control reference (UNB), for duplicate detection.
    public var sender: String?
    public var interchangeReference: String?
    public var syntax: String?
    /// Byte range of the message in the input (UNH to UNT).
    public var byteRange: Range<Int>
}
