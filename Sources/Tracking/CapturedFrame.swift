/// One captured frame: its number (from 1, as Wireshark and tshark number frames), the
/// link-layer type of its interface (LINKTYPE_* values) and its bytes.
public struct CapturedFrame: Sendable, Hashable {
    public var number: Int
    public var linkType: UInt32
    /// Seconds since 1970 (from the capture's timestamp; its resolution as the file says).
    public var timestamp: Double
    public var data: [UInt8]
    /// Where the frame's bytes start in the file.
    public var offset: Int
}
