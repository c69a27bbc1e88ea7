import Foundation
import Testing

@testable import PortunusCore
@testable import Tracking

@Suite("Teltonika codecs 8 and 8 Extended")
struct TeltonikaTests {
    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }

    // The protocol documentation's own examples (Teltonika wiki, "Codec" page), byte for byte.
    static let codec8 =
        "000000000000003608010000016B40D8EA30010000000000000000000000000000000105021503010101425E0F01F10000601A014E0000000000000000010000C7CF"
    static let codec8Extended =
        "000000000000004A8E010000016B412CEE000100000000000000000000000000000000010005000100010100010011001D00010010015E2C880002000B000000003544C87A000E000000001DD7E06A00000100002994"

    @Test("the documentation's Codec 8 and Codec 8 Extended packets decode to their stated values; CRC-16/IBM matches")
    func examples() throws {
        guard case .packet(let packet, let consumed) = try Teltonika.packet(Self.bytes(Self.codec8)[...]) else {
            Issue.record("incomplete")
            return
        }
        #expect(consumed == Self.codec8.count / 2 && packet.codec == 0x08 && packet.records.count == 1)
        let record = packet.records[0]
        #expect(record.timestamp == 1_560_161_086_000 && ISO8601.format(record.date) == "2019-06-10T10:04:46Z" && record.priority == 1)
        #expect(record.eventID == 1 && record.io == [0x15: 3, 0x01: 1, 0x42: 0x5E0F, 0xF1: 0x601A, 0x4E: 0])
        #expect(Teltonika.acknowledgement(records: packet.records.count) == [0, 0, 0, 1])

        guard case .packet(let extended, _) = try Teltonika.packet(Self.bytes(Self.codec8Extended)[...]) else {
            Issue.record("incomplete")
            return
        }
        #expect(extended.codec == 0x8E && extended.records.count == 1)
        let io = extended.records[0]
        #expect(io.timestamp == 1_560_166_592_000 && io.eventID == 1)
        #expect(io.io == [0x01: 1, 0x11: 0x1D, 0x10: 0x015E_2C88, 0x0B: 0x3544_C87A, 0x0E: 0x1DD7_E06A])
        #expect(io.ioBytes.isEmpty)
    }

    @Test("positions: signed coordinates, altitude and speed from a built packet; several packets in one stream; partial input waits")
    func positions() throws {
        // One record at Mombasa (39.6682° E, 4.0435° S), 12 m, heading 270°, 9 satellites, 54 km/h.
        var field: [UInt8] = [0x08, 0x01]
        func append(_ value: Int64, _ count: Int) {
            for shift in stride(from: (count - 1) * 8, through: 0, by: -8) { field.append(UInt8(truncatingIfNeeded: value >> Int64(shift))) }
        }
        append(1_767_225_600_000, 8)  // 2026-01-01T00:00:00Z
        append(0, 1)
        append(396_682_000, 4)
        append(-40_435_000, 4)
        append(12, 2)
        append(270, 2)
        append(9, 1)
        append(54, 2)
        field += [0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // no IO elements
        field.append(0x01)
        let crc = Teltonika.crc16(field)
        let packet: [UInt8] = [0, 0, 0, 0] + [0, 0, 0, UInt8(field.count)] + field + [0, 0, UInt8(crc >> 8), UInt8(crc & 0xFF)]
        guard case .packet(let parsed, let consumed) = try Teltonika.packet(packet[...]) else {
            Issue.record("incomplete")
            return
        }
        let record = parsed.records[0]
        #expect(consumed == packet.count && record.longitude == 39.6682 && record.latitude == -4.0435)
        #expect(record.altitude == 12 && record.angle == 270 && record.satellites == 9 && record.speed == 54)
        #expect(ISO8601.format(record.date) == "2026-01-01T00:00:00Z")
        // Two packets back to back: the first is read and its length returned.
        let stream = packet + Self.bytes(Self.codec8)
        guard case .packet(_, let first) = try Teltonika.packet(stream[...]),
            case .packet(let second, _) = try Teltonika.packet(stream[first...])
        else {
            Issue.record("two packets")
            return
        }
        #expect(second.records[0].timestamp == 1_560_161_086_000)
        #expect(try Teltonika.packet(packet.prefix(packet.count - 1)) == .incomplete, "one byte short: wait for more")
        #expect(try Teltonika.packet(packet.prefix(5)) == .incomplete)
    }

    @Test("encode: a Codec 8 packet built by the encoder parses back to the same records, IO elements of every size included")
    func encodeRoundTrip() throws {
        let records = [
            Teltonika.Record(
                timestamp: 1_767_225_600_000, longitude: 39.6682, latitude: -4.0435, altitude: -12, angle: 270, satellites: 9, speed: 54,
                io: [1: 1, 66: 12_850, 113: 87, 16: 0x1_0000, 11: 0x1_0000_0000]),
            Teltonika.Record(timestamp: 1_767_225_630_000, longitude: -0.5, latitude: 51.5, speed: 0),
        ]
        let bytes = Teltonika.encode(records)
        guard case .packet(let packet, let consumed) = try Teltonika.packet(bytes[...]) else {
            Issue.record("incomplete")
            return
        }
        #expect(consumed == bytes.count && packet.codec == 0x08 && packet.records == records)
        #expect(Teltonika.handshake(imei: "356307042441013") == [0x00, 0x0F] + Array("356307042441013".utf8))
        let report = records[0].report(device: "d")
        #expect(report.battery == 87, "\(String(describing: report.battery))")
        #expect(abs((report.speed ?? 0) - 15) < 1e-9)
    }

    @Test("bad input: a wrong CRC, a truncated record, an oversized length, a bad preamble, an unknown codec; the handshake")
    func badInput() throws {
        var wrong = Self.bytes(Self.codec8)
        wrong[wrong.count - 1] ^= 0xFF
        #expect(throws: PortunusError.self) { try Teltonika.packet(wrong[...]) }
        do { _ = try Teltonika.packet(wrong[...]) } catch { #expect(error.code == .teltonikaCRC && error.location?.byteOffset == 62) }

        // The data field says one record but ends early: the CRC is right, the records run out.
        var short: [UInt8] = [0x08, 0x01] + [UInt8](repeating: 0, count: 10) + [0x01]
        let crc = Teltonika.crc16(short)
        short = [0, 0, 0, 0, 0, 0, 0, UInt8(short.count)] + short + [0, 0, UInt8(crc >> 8), UInt8(crc & 0xFF)]
        do {
            _ = try Teltonika.packet(short[...])
            Issue.record("accepted a truncated record")
        } catch {
            #expect(error.code == .teltonikaFrame && error.reason.contains("run past"))
        }

        let oversized: [UInt8] = [0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0x08]
        do {
            _ = try Teltonika.packet(oversized[...])
            Issue.record("accepted an oversized length")
        } catch {
            #expect(error.code == .teltonikaFrame && error.location?.byteOffset == 4, "refused before waiting for 2 GB")
        }
        #expect(throws: PortunusError.self) { try Teltonika.packet(([1, 0, 0, 0] + Self.bytes(Self.codec8).dropFirst(4))[...]) }
        var codec = Self.bytes(Self.codec8)
        codec[8] = 0x0C
        let recomputed = Teltonika.crc16(codec[8..<(codec.count - 4)])
        codec[codec.count - 2] = UInt8(recomputed >> 8)
        codec[codec.count - 1] = UInt8(recomputed & 0xFF)
        do {
            _ = try Teltonika.packet(codec[...])
            Issue.record("accepted codec 12")
        } catch { #expect(error.reason.contains("codec 0xc")) }

        let imei = Self.bytes("000F333536333037303432343431303133")
        #expect(try Teltonika.handshake(imei[...])?.imei == "356307042441013" && Teltonika.handshake(imei[...])?.consumed == 17)
        #expect(try Teltonika.handshake(imei.prefix(10)) == nil)
        #expect(throws: PortunusError.self) { try Teltonika.handshake(Self.bytes("00FF33")[...]) }
        #expect(throws: PortunusError.self) { try Teltonika.handshake(Self.bytes("000233AA")[...]) }
    }
}
