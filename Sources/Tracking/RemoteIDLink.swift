import Foundation
import PortunusCore

/// Finds Remote ID data in captured frames, on the transports the standard broadcasts on:
///
/// - Wi-Fi Beacon (802.11 management subtype 8): a vendor-specific element (0xDD) with the
///   ASD-STAN OUI FA:0B:BC (or Parrot's 90:3A:E6) and vendor type 0x0D, then a message
///   counter and a message pack;
/// - Wi-Fi NAN (802.11 action frame, public action 9, Wi-Fi Alliance OUI 50:6F:9A type 0x13):
///   the Service Descriptor attribute of service id 88 69 19 9D 92 09
///   ("org.opendroneid.remoteid"), whose service info is a counter and a message pack;
/// - Bluetooth LE advertising, legacy (Bluetooth 4: one message) and extended (Bluetooth 5
///   Long Range: a pack): service data (AD type 0x16) for UUID 0xFFFA, application code 0x0D,
///   a counter, then the message or pack.
///
/// 802.11 frames come with or without radiotap headers (LINKTYPE 127, 105); Bluetooth from
/// Nordic's nRF Sniffer (LINKTYPE 272) or as link-layer packets (251, 256). A frame whose
/// link-layer check failed (the sniffer's CRC flag, radiotap's bad-FCS flag, or an FCS that
/// does not match) is reported as such and not decoded: its bytes cannot be trusted.
public enum RemoteIDLink {
    public enum Transport: String, Sendable, Codable {
        case wifiBeacon = "wifi-beacon"
        case wifiNAN = "wifi-nan-action"
        case bluetoothLegacy = "bt4-legacy-adv"
        case bluetoothExtended = "bt5-long-range-extended-adv"
    }

    /// What one frame carried.
    public struct Observation: Sendable, Hashable {
        public var frame: Int
        public var timestamp: Double
        public var transport: Transport
        /// The sender's link-layer address (802.11 transmitter, Bluetooth advertiser), when sent.
        public var source: String?
        /// False when the link-layer check failed: then nothing is decoded.
        public var linkCheckPassed: Bool
        public var counter: Int?
        public var pack: RemoteID.Pack?
        /// Why the Remote ID data could not be decoded (a frame that passed its check).
        public var problem: PortunusError?
    }

    /// Every frame of a capture that carries Remote ID data, in frame order.
    public static func observations(_ frames: [CapturedFrame]) -> [Observation] {
        frames.compactMap(observation)
    }

    public static func observation(_ frame: CapturedFrame) -> Observation? {
        let data = frame.data[...]
        switch frame.linkType {
        case PacketCapture.linkTypeRadiotap:
            guard data.count >= 8 else { return nil }
            let length = Int(data[data.startIndex + 2]) | Int(data[data.startIndex + 3]) << 8
            guard length <= data.count else { return nil }
            let flags = radiotapFlags(data)
            return wifi(
                frame, data[(data.startIndex + length)...], fcs: flags.map { $0 & 0x10 != 0 } ?? false, badFCS: flags.map { $0 & 0x40 != 0 } ?? false)
        case PacketCapture.linkTypeIEEE80211:
            return wifi(frame, data, fcs: false, badFCS: false)
        case PacketCapture.linkTypeNordicBLE:
            return nordic(frame, data)
        case PacketCapture.linkTypeBluetoothLELL:
            return bluetooth(frame, data, crcPassed: true)
        case PacketCapture.linkTypeBluetoothLEWithPHDR:
            // 10-byte pseudo-header: channel, signal, noise, access-address offenses, reference
            // access address (4), flags (2): bit 10 (0x0400) says the CRC was checked, bit 11 that it passed.
            guard data.count >= 10 else { return nil }
            let flags = Int(data[data.startIndex + 8]) | Int(data[data.startIndex + 9]) << 8
            let checked = flags & 0x0400 != 0
            let passed = flags & 0x0800 != 0
            return bluetooth(frame, data[(data.startIndex + 10)...], crcPassed: !checked || passed)
        default:
            return nil
        }
    }

    /// Radiotap's Flags field (present bit 1), which follows the optional 8-byte TSFT.
    static func radiotapFlags(_ data: ArraySlice<UInt8>) -> UInt8? {
        func u32(_ at: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[data.startIndex + at + $1]) << (8 * $1) }
        }
        var presentAt = 4
        let present = u32(4)
        // Extended present words (bit 31) come first.
        var word = present
        while word & 0x8000_0000 != 0, presentAt + 8 <= data.count {
            presentAt += 4
            word = u32(presentAt)
        }
        var offset = presentAt + 4
        guard present & 0x2 != 0 else { return nil }
        if present & 0x1 != 0 {
            offset = (offset + 7) / 8 * 8 + 8
        }
        guard offset < data.count else { return nil }
        return data[data.startIndex + offset]
    }

    static func address(_ bytes: ArraySlice<UInt8>) -> String {
        Hex.encode(bytes, separator: ":")
    }

    static func wifi(_ frame: CapturedFrame, _ body: ArraySlice<UInt8>, fcs: Bool, badFCS: Bool) -> Observation? {
        var mac = body
        guard mac.count >= 24 else { return nil }
        var passed = !badFCS
        if fcs {
            guard mac.count >= 28 else { return nil }
            let end = mac.endIndex - 4
            let stated = (0..<4).reduce(UInt32(0)) { $0 | UInt32(mac[end + $1]) << (8 * $1) }
            passed = passed && CRC32.checksum(mac[mac.startIndex..<end]) == stated
            mac = mac[mac.startIndex..<end]
        }
        guard passed else {
            // As for Bluetooth: reported when the Remote ID signature still shows, not decoded.
            let beacon = contains(mac, [0xFA, 0x0B, 0xBC, 0x0D])
            let nan = contains(mac, [0x88, 0x69, 0x19, 0x9D, 0x92, 0x09])
            guard beacon || nan else { return nil }
            return Observation(frame: frame.number, timestamp: frame.timestamp, transport: nan ? .wifiNAN : .wifiBeacon, linkCheckPassed: false)
        }
        let control = mac[mac.startIndex]
        let type = control >> 2 & 0x3
        let subtype = control >> 4
        guard type == 0 else { return nil }
        let source = address(mac[(mac.startIndex + 10)..<(mac.startIndex + 16)])
        let payload = mac[(mac.startIndex + 24)...]
        switch subtype {
        case 8:  // Beacon: timestamp (8), interval (2), capabilities (2), then elements
            guard payload.count >= 12 else { return nil }
            var at = payload.startIndex + 12
            while at + 2 <= payload.endIndex {
                let id = payload[at]
                let length = Int(payload[at + 1])
                let value = payload[(at + 2)..<min(at + 2 + length, payload.endIndex)]
                if id == 0xDD, value.count >= 5 {
                    let oui = Array(value.prefix(3))
                    if (oui == [0xFA, 0x0B, 0xBC] || oui == [0x90, 0x3A, 0xE6]) && value[value.startIndex + 3] == 0x0D {
                        return decoded(
                            frame, .wifiBeacon, source: source, counter: Int(value[value.startIndex + 4]),
                            pack: value[(value.startIndex + 5)...])
                    }
                }
                at += 2 + length
            }
            return nil
        case 13:  // Action: public action (4), vendor specific (9), Wi-Fi Alliance NAN SDF
            guard payload.count >= 6, Array(payload.prefix(6)) == [0x04, 0x09, 0x50, 0x6F, 0x9A, 0x13] else { return nil }
            var at = payload.startIndex + 6
            while at + 3 <= payload.endIndex {
                let id = payload[at]
                let length = Int(payload[at + 1]) | Int(payload[at + 2]) << 8
                let value = payload[(at + 3)..<min(at + 3 + length, payload.endIndex)]
                if id == 0x03, value.count >= 9, Array(value.prefix(6)) == [0x88, 0x69, 0x19, 0x9D, 0x92, 0x09] {
                    let control = value[value.startIndex + 8]
                    var field = value.startIndex + 9
                    if control & 0x20 != 0 { field += 2 }  // binding bitmap
                    if control & 0x04 != 0, field < value.endIndex { field += 1 + Int(value[field]) }  // matching filter
                    if control & 0x08 != 0, field < value.endIndex { field += 1 + Int(value[field]) }  // service response filter
                    guard control & 0x10 != 0, field + 2 <= value.endIndex else { return nil }  // service info
                    let infoLength = Int(value[field])
                    let info = value[(field + 1)..<min(field + 1 + infoLength, value.endIndex)]
                    guard let counter = info.first else { return nil }
                    return decoded(frame, .wifiNAN, source: source, counter: Int(counter), pack: info.dropFirst())
                }
                at += 3 + length
            }
            return nil
        default:
            return nil
        }
    }

    /// nRF Sniffer for Bluetooth LE: board id, then (protocol 2 and 3) payload length (2),
    /// protocol version, packet counter (2), packet id, header length, flags (bit 0: CRC
    /// passed; bits 4–6: PHY, 2 = Coded), channel, RSSI, event counter (2), timestamp (4).
    static func nordic(_ frame: CapturedFrame, _ data: ArraySlice<UInt8>) -> Observation? {
        guard data.count >= 17 else { return nil }
        let base = data.startIndex
        let version = data[base + 3]
        guard version >= 2 else { return nil }
        let headerLength = Int(data[base + 7])
        let flags = data[base + 8]
        // The header length is the sender's word: one past the frame's end is a broken or
        // crafted frame, not a reason to slice outside it.
        guard headerLength <= data.count - 7 else { return nil }
        let packet = data[(base + 7 + headerLength)...]
        let coded = (flags >> 4) & 0x7 == 2
        return bluetooth(frame, packet, crcPassed: flags & 0x01 != 0, codingIndicator: coded)
    }

    /// A Bluetooth LE link-layer packet: access address, (a coding indicator on the Coded
    /// PHY), PDU header and payload, CRC.
    static func bluetooth(_ frame: CapturedFrame, _ packet: ArraySlice<UInt8>, crcPassed: Bool, codingIndicator: Bool = false) -> Observation? {
        guard crcPassed else {
            // The bytes cannot be trusted, headers included: a frame that still shows the
            // Remote ID service data signature (AD type 0x16, UUID 0xFFFA, app code 0x0D) is
            // reported as failed; its contents are not decoded.
            guard contains(packet, [0x16, 0xFA, 0xFF, 0x0D]) else { return nil }
            return Observation(
                frame: frame.number, timestamp: frame.timestamp, transport: codingIndicator ? .bluetoothExtended : .bluetoothLegacy,
                linkCheckPassed: false)
        }
        var at = packet.startIndex + 4 + (codingIndicator ? 1 : 0)
        guard at + 2 <= packet.endIndex else { return nil }
        let pduType = packet[at] & 0x0F
        let length = Int(packet[at + 1])
        at += 2
        let end = min(at + length, packet.endIndex)
        let advertiser: String?
        let transport: Transport
        switch pduType {
        case 0, 2, 6:  // ADV_IND, ADV_NONCONN_IND, ADV_SCAN_IND: AdvA then AdvData
            guard at + 6 <= end else { return nil }
            advertiser = address(packet[at..<(at + 6)].reversed()[...])
            at += 6
            transport = .bluetoothLegacy
        case 7:  // ADV_EXT_IND / AUX_ADV_IND: the common extended header, then AdvData
            guard at < end else { return nil }
            let headerLength = Int(packet[at] & 0x3F)
            var address: String?
            if headerLength > 0, at + 1 < end, packet[at + 1] & 0x01 != 0, at + 8 <= end {
                address = RemoteIDLink.address(packet[(at + 2)..<(at + 8)].reversed()[...])
            }
            advertiser = address
            at += 1 + headerLength
            transport = .bluetoothExtended
        default:
            return nil
        }
        // AD structures: length, type, data.
        while at + 2 <= end {
            let length = Int(packet[at])
            guard length > 0 else { break }
            let adEnd = min(at + 1 + length, end)
            if packet[at + 1] == 0x16, adEnd - at >= 6, packet[at + 2] == 0xFA, packet[at + 3] == 0xFF, packet[at + 4] == 0x0D {
                return decoded(frame, transport, source: advertiser, counter: Int(packet[at + 5]), pack: packet[(at + 6)..<adEnd])
            }
            at = adEnd
        }
        return nil
    }

    static func contains(_ bytes: ArraySlice<UInt8>, _ pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        return (bytes.startIndex...(bytes.endIndex - pattern.count)).contains { start in
            pattern.indices.allSatisfy { bytes[start + $0] == pattern[$0] }
        }
    }

    static func decoded(
        _ frame: CapturedFrame, _ transport: Transport, source: String?, counter: Int,
        pack: ArraySlice<UInt8>
    ) -> Observation {
        var observation = Observation(
            frame: frame.number, timestamp: frame.timestamp, transport: transport, source: source, linkCheckPassed: true,
            counter: counter)
        do { observation.pack = try RemoteID.pack(pack) } catch { observation.problem = error }
        return observation
    }
}

/// CRC-32 (IEEE 802.3, reflected, as the 802.11 FCS uses it).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
