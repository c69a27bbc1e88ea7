import Foundation
import Testing

@testable import PortunusCore
@testable import Tracking

/// Captures and frames crafted to lie about their own lengths: each is read to a parse error
/// or to no observation, never a trap (`portunus drone decode` runs on files from anywhere).
@Suite("Malformed captures and Remote ID frames")
struct MalformedCaptureTests {
    /// A little-endian microsecond pcap with one frame of `linkType`.
    static func pcap(linkType: UInt32, frame: [UInt8]) -> [UInt8] {
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var bytes: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0] + le32(0) + le32(0) + le32(65535) + le32(linkType)
        bytes += le32(1_700_000_000) + le32(0) + le32(UInt32(frame.count)) + le32(UInt32(frame.count)) + frame
        return bytes
    }

    // The probe: a 26-byte nRF Sniffer frame whose header length (byte 7) points past
    // its end; `data[(base + 7 + headerLength)...]` trapped before the length was checked.
    @Test("an nRF Sniffer frame whose header length runs past its end gives no observation", arguments: [0xFF, 0x14, 0x13])
    func nordicHeaderPastTheEnd(headerLength: UInt8) {
        var frame = [UInt8](repeating: 0, count: 26)
        frame[3] = 2  // protocol version 2
        frame[7] = headerLength
        frame[8] = 0x01  // CRC passed
        let capture = PacketCapture.read(Self.pcap(linkType: PacketCapture.linkTypeNordicBLE, frame: frame))
        #expect(capture.error == nil && capture.frames.count == 1)
        #expect(RemoteIDLink.observations(capture.frames).isEmpty)
    }

    @Test("an nRF Sniffer frame whose header ends exactly at the frame's end is read as an empty packet")
    func nordicHeaderAtTheEnd() {
        var frame = [UInt8](repeating: 0, count: 26)
        frame[3] = 2
        frame[7] = 19
        frame[8] = 0x01
        #expect(
            RemoteIDLink.observation(CapturedFrame(number: 1, linkType: PacketCapture.linkTypeNordicBLE, timestamp: 0, data: frame, offset: 0)) == nil
        )
    }
}
