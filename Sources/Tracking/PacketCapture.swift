import Foundation
import PortunusCore

/// Reads pcap and pcapng capture files natively (no libpcap): both byte orders, microsecond
/// and nanosecond pcap, pcapng sections with several interfaces, enhanced, simple and
/// obsolete packet blocks; other blocks are skipped. A truncated or malformed file is an
/// error naming the byte offset; frames before it are kept.
public enum PacketCapture {
    public static let linkTypeRadiotap: UInt32 = 127
    public static let linkTypeIEEE80211: UInt32 = 105
    public static let linkTypeNordicBLE: UInt32 = 272
    public static let linkTypeBluetoothLELL: UInt32 = 251
    public static let linkTypeBluetoothLEWithPHDR: UInt32 = 256

    public struct Result: Sendable {
        public var frames: [CapturedFrame]
        /// Set when reading stopped early: the frames before it are in `frames`.
        public var error: PortunusError?
    }

    public static func read(_ bytes: [UInt8]) -> Result {
        guard bytes.count >= 4 else {
            return Result(frames: [], error: PortunusError(.captureFormat, "the file is too short to be a capture", location: .init(byteOffset: 0)))
        }
        let magic = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        switch magic {
        case 0x0A0D_0D0A: return readNG(bytes)
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1: return readPcap(bytes)
        default:
            return Result(
                frames: [],
                error: PortunusError(
                    .captureFormat, "neither a pcap nor a pcapng file (magic \(String(magic, radix: 16)))",
                    location: .init(byteOffset: 0)))
        }
    }

    /// A little cursor over the file's bytes in one byte order.
    struct Reader {
        let bytes: [UInt8]
        var bigEndian: Bool

        func u16(_ at: Int) -> UInt32 {
            let a = UInt32(bytes[at])
            let b = UInt32(bytes[at + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }

        func u32(_ at: Int) -> UInt32 {
            let a = UInt32(bytes[at])
            let b = UInt32(bytes[at + 1])
            let c = UInt32(bytes[at + 2])
            let d = UInt32(bytes[at + 3])
            return bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a
        }
    }

    static func readPcap(_ bytes: [UInt8]) -> Result {
        guard bytes.count >= 24 else {
            return Result(frames: [], error: PortunusError(.captureTruncated, "the pcap header is cut short", location: .init(byteOffset: 0)))
        }
        // The magic as written: a1 b2 c3 d4 is big-endian, d4 c3 b2 a1 little-endian.
        let reader = Reader(bytes: bytes, bigEndian: bytes[0] == 0xA1)
        let nanoseconds = reader.u32(0) == 0xA1B2_3C4D
        let linkType = reader.u32(20) & 0x0FFF_FFFF
        var frames: [CapturedFrame] = []
        var offset = 24
        while offset < bytes.count {
            guard offset + 16 <= bytes.count else {
                return Result(
                    frames: frames,
                    error: PortunusError(
                        .captureTruncated, "frame \(frames.count + 1)'s record header is cut short",
                        location: .init(byteOffset: offset)))
            }
            let seconds = Double(reader.u32(offset))
            let fraction = Double(reader.u32(offset + 4))
            let captured = Int(reader.u32(offset + 8))
            guard captured <= 0x0400_0000, offset + 16 + captured <= bytes.count else {
                return Result(
                    frames: frames,
                    error: PortunusError(
                        .captureTruncated, "frame \(frames.count + 1) runs past the end of the file",
                        location: .init(byteOffset: offset)))
            }
            frames.append(
                CapturedFrame(
                    number: frames.count + 1, linkType: linkType,
                    timestamp: seconds + fraction / (nanoseconds ? 1e9 : 1e6),
                    data: Array(bytes[(offset + 16)..<(offset + 16 + captured)]), offset: offset + 16))
            offset += 16 + captured
        }
        return Result(frames: frames, error: nil)
    }

    static func readNG(_ bytes: [UInt8]) -> Result {
        var frames: [CapturedFrame] = []
        var reader = Reader(bytes: bytes, bigEndian: false)
        // Per section: each interface's link type and timestamp units per second.
        var interfaces: [(linkType: UInt32, unitsPerSecond: Double)] = []
        var offset = 0
        func failure(_ code: PortunusError.Code, _ reason: String, at: Int) -> Result {
            Result(frames: frames, error: PortunusError(code, reason, location: .init(byteOffset: at)))
        }
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { return failure(.captureTruncated, "a block header is cut short", at: offset) }
            if reader.u32(offset) == 0x0A0D_0D0A {
                // Section header: its byte-order magic sets the order of everything after it.
                guard offset + 12 <= bytes.count else { return failure(.captureTruncated, "the section header is cut short", at: offset) }
                let magic = bytes[(offset + 8)..<(offset + 12)]
                if Array(magic) == [0x1A, 0x2B, 0x3C, 0x4D] {
                    reader.bigEndian = true
                } else if Array(magic) == [0x4D, 0x3C, 0x2B, 0x1A] {
                    reader.bigEndian = false
                } else {
                    return failure(.captureFormat, "the section header's byte-order magic is neither order", at: offset + 8)
                }
                interfaces = []
            }
            let type = reader.u32(offset)
            let length = Int(reader.u32(offset + 4))
            guard length >= 12, length % 4 == 0, offset + length <= bytes.count else {
                return failure(
                    .captureTruncated, "a block of type \(type) claims \(length) bytes, past the end of the file or not a multiple of 4", at: offset)
            }
            guard reader.u32(offset + length - 4) == UInt32(length) else {
                return failure(.captureFormat, "a block's trailing length differs from its leading length", at: offset + length - 4)
            }
            let body = offset + 8
            let end = offset + length - 4
            switch type {
            case 0x0000_0001:  // Interface Description Block
                guard end - body >= 8 else { return failure(.captureFormat, "an interface description is too short", at: offset) }
                var units = 1e6
                // Options: if_tsresol (code 9) changes the timestamp units.
                var option = body + 8
                while option + 4 <= end {
                    let code = reader.u16(option)
                    let size = Int(reader.u16(option + 2))
                    if code == 0 { break }
                    if code == 9, size >= 1, option + 4 < end {
                        let resolution = bytes[option + 4]
                        units = resolution & 0x80 != 0 ? pow(2, Double(resolution & 0x7F)) : pow(10, Double(resolution))
                    }
                    option += 4 + (size + 3) / 4 * 4
                }
                interfaces.append((reader.u16(body), units))
            case 0x0000_0006, 0x0000_0002:  // Enhanced Packet Block, obsolete Packet Block
                guard end - body >= 20 else { return failure(.captureFormat, "a packet block is too short", at: offset) }
                let interface = Int(type == 6 ? reader.u32(body) : reader.u16(body))
                guard interface < interfaces.count else {
                    return failure(.captureFormat, "a packet names interface \(interface), which is not described", at: body)
                }
                let stamp = Double(UInt64(reader.u32(body + 4)) << 32 | UInt64(reader.u32(body + 8)))
                let captured = Int(reader.u32(body + 12))
                guard body + 20 + captured <= end else {
                    return failure(.captureTruncated, "a packet's captured length runs past its block", at: body + 12)
                }
                frames.append(
                    CapturedFrame(
                        number: frames.count + 1, linkType: interfaces[interface].linkType,
                        timestamp: stamp / interfaces[interface].unitsPerSecond,
                        data: Array(bytes[(body + 20)..<(body + 20 + captured)]), offset: body + 20))
            case 0x0000_0003:  // Simple Packet Block: interface 0, no timestamp
                guard !interfaces.isEmpty, end - body >= 4 else {
                    return failure(.captureFormat, "a simple packet block without an interface", at: offset)
                }
                let original = Int(reader.u32(body))
                let captured = min(original, end - body - 4)
                frames.append(
                    CapturedFrame(
                        number: frames.count + 1, linkType: interfaces[0].linkType, timestamp: 0,
                        data: Array(bytes[(body + 4)..<(body + 4 + captured)]), offset: body + 4))
            default:
                break  // statistics, name resolution, custom blocks: not frames
            }
            offset += length
        }
        return Result(frames: frames, error: nil)
    }
}
