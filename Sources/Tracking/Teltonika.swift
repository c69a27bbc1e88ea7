import Foundation
import PortunusCore

/// Teltonika's tracker protocol over TCP, codecs 8 and 8 Extended (the most common
/// professional GNSS tracker protocol): the IMEI handshake, then AVL data packets, each
/// acknowledged with the number of records taken.
///
/// Handshake: 2-byte big-endian length, then the IMEI in ASCII digits; the server answers
/// 0x01 to accept or 0x00 to refuse. AVL data packet: four zero bytes, a 4-byte data field
/// length, then the data field (codec id 0x08 or 0x8E, record count, the records, the record
/// count again) and a 4-byte CRC-16/IBM of the data field. The server answers the record
/// count as a 4-byte big-endian integer. Every integer is big-endian.
public enum Teltonika {
    /// The largest data field accepted: a tracker's buffer holds well under this; anything
    /// larger is a broken or hostile length, refused before it is read.
    public static let maximumDataLength = 64 * 1024

    public struct Record: Sendable, Hashable {
        public init(
            timestamp: Int64, priority: Int = 0, longitude: Double, latitude: Double, altitude: Int = 0, angle: Int = 0, satellites: Int = 8,
            speed: Int = 0, eventID: Int = 0, io: [Int: UInt64] = [:], ioBytes: [Int: [UInt8]] = [:]
        ) {
            self.timestamp = timestamp
            self.priority = priority
            self.longitude = longitude
            self.latitude = latitude
            self.altitude = altitude
            self.angle = angle
            self.satellites = satellites
            self.speed = speed
            self.eventID = eventID
            self.io = io
            self.ioBytes = ioBytes
        }

        /// Milliseconds since 1970 UTC.
        public var timestamp: Int64
        public var priority: Int
        public var longitude: Double
        public var latitude: Double
        /// Metres above sea level.
        public var altitude: Int
        /// Heading in degrees from north.
        public var angle: Int
        public var satellites: Int
        /// km/h as the device reports it; 0 when the fix is not valid.
        public var speed: Int
        /// The IO element that caused the record (0 for periodic records).
        public var eventID: Int
        /// IO elements by id: fixed-size values as unsigned integers.
        public var io: [Int: UInt64]
        /// Variable-length IO elements (Codec 8 Extended only).
        public var ioBytes: [Int: [UInt8]]

        public var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }

        /// The record as a position report of `device`: speed in m/s, the angle as bearing,
        /// the battery level from IO element 113 (percent); no satellites is no valid fix.
        public func report(device: String) -> PositionReport {
            var report = PositionReport(device: device, time: date, latitude: latitude, longitude: longitude)
            report.valid = satellites > 0
            report.speed = Double(speed) / 3.6
            report.bearing = Double(angle)
            report.altitude = Double(altitude)
            report.battery = io[113].map { Double($0) }
            return report
        }
    }

    public struct Packet: Sendable, Hashable {
        public var codec: UInt8
        public var records: [Record]
    }

    /// What a buffer holds at its start.
    public enum Parsed: Sendable, Hashable {
        /// Not enough bytes yet.
        case incomplete
        case packet(Packet, consumed: Int)
    }

    /// The IMEI of a handshake, and the bytes it took; nil when more bytes are needed.
    public static func handshake(_ bytes: ArraySlice<UInt8>) throws(PortunusError) -> (imei: String, consumed: Int)? {
        guard bytes.count >= 2 else { return nil }
        let length = Int(bytes[bytes.startIndex]) << 8 | Int(bytes[bytes.startIndex + 1])
        guard (1...20).contains(length) else {
            throw PortunusError(
                .teltonikaFrame, "the handshake says the IMEI is \(length) bytes; an IMEI is 15 digits", location: .init(byteOffset: 0))
        }
        guard bytes.count >= 2 + length else { return nil }
        let digits = bytes[(bytes.startIndex + 2)..<(bytes.startIndex + 2 + length)]
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw PortunusError(.teltonikaFrame, "the handshake's IMEI is not all digits", location: .init(byteOffset: 2))
        }
        return (String(decoding: digits, as: UTF8.self), 2 + length)
    }

    /// One AVL data packet from the start of a buffer (a stream may hold several, or part of
    /// one). Errors name the byte offset within the packet; a packet is all or nothing.
    public static func packet(_ bytes: ArraySlice<UInt8>) throws(PortunusError) -> Parsed {
        guard bytes.count >= 8 else { return .incomplete }
        let base = bytes.startIndex
        func at(_ offset: Int) -> PortunusError.Location { .init(byteOffset: offset) }
        guard bytes[base..<(base + 4)].allSatisfy({ $0 == 0 }) else {
            throw PortunusError(.teltonikaFrame, "an AVL packet starts with four zero bytes", location: at(0))
        }
        let length = Int(be(bytes, base + 4, 4))
        guard length >= 3, length <= maximumDataLength else {
            throw PortunusError(.teltonikaFrame, "the data field length \(length) is outside 3 to \(maximumDataLength)", location: at(4))
        }
        guard bytes.count >= 8 + length + 4 else { return .incomplete }
        let data = bytes[(base + 8)..<(base + 8 + length)]
        let stated = be(bytes, base + 8 + length, 4)
        let computed = UInt64(crc16(data))
        guard stated == computed else {
            throw PortunusError(
                .teltonikaCRC, "CRC-16 \(String(stated, radix: 16)) stated, \(String(computed, radix: 16)) computed", location: at(8 + length))
        }
        var reader = Cursor(bytes: data, base: 8)
        let codec = try reader.u8()
        guard codec == 0x08 || codec == 0x8E else {
            throw PortunusError(.teltonikaFrame, "codec 0x\(String(codec, radix: 16)) is not 8 or 8 Extended (0x8E)", location: at(8))
        }
        let extended = codec == 0x8E
        let count = Int(try reader.u8())
        var records: [Record] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            let timestamp = Int64(bitPattern: try reader.u(8))
            let priority = Int(try reader.u8())
            let longitude = Double(Int32(truncatingIfNeeded: try reader.u(4))) / 1e7
            let latitude = Double(Int32(truncatingIfNeeded: try reader.u(4))) / 1e7
            let altitude = Int(Int16(truncatingIfNeeded: try reader.u(2)))
            let angle = Int(try reader.u(2))
            let satellites = Int(try reader.u8())
            let speed = Int(try reader.u(2))
            let idSize = extended ? 2 : 1
            let eventID = Int(try reader.u(idSize))
            _ = try reader.u(idSize)  // the total IO count: the groups below say it again
            var io: [Int: UInt64] = [:]
            var ioBytes: [Int: [UInt8]] = [:]
            for size in [1, 2, 4, 8] {
                let elements = Int(try reader.u(idSize))
                for _ in 0..<elements { io[Int(try reader.u(idSize))] = try reader.u(size) }
            }
            if extended {
                let elements = Int(try reader.u(2))
                for _ in 0..<elements {
                    let id = Int(try reader.u(2))
                    let size = Int(try reader.u(2))
                    ioBytes[id] = try reader.take(size)
                }
            }
            records.append(
                Record(
                    timestamp: timestamp, priority: priority, longitude: longitude, latitude: latitude, altitude: altitude, angle: angle,
                    satellites: satellites, speed: speed, eventID: eventID, io: io, ioBytes: ioBytes))
        }
        let trailing = Int(try reader.u8())
        guard trailing == count else {
            throw PortunusError(
                .teltonikaFrame, "the packet says \(count) records at its start and \(trailing) at its end", location: at(8 + reader.offset - 1))
        }
        guard reader.offset == length else {
            throw PortunusError(
                .teltonikaFrame, "\(length - reader.offset) bytes follow the records inside the data field", location: at(8 + reader.offset))
        }
        return .packet(Packet(codec: codec, records: records), consumed: 8 + length + 4)
    }

    /// The bytes a device sends first: the IMEI's length (2 bytes) and its digits.
    public static func handshake(imei: String) -> [UInt8] {
        [UInt8(imei.utf8.count >> 8), UInt8(truncatingIfNeeded: imei.utf8.count)] + Array(imei.utf8)
    }

    /// A Codec 8 packet of up to 255 records, as a device sends it (fixed-size IO elements
    /// only): what tests and load generators speak to the listener.
    public static func encode(_ records: [Record]) -> [UInt8] {
        var field: [UInt8] = [0x08, UInt8(records.count)]
        func put(_ value: UInt64, _ count: Int) {
            for shift in stride(from: (count - 1) * 8, through: 0, by: -8) { field.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        for record in records {
            put(UInt64(bitPattern: record.timestamp), 8)
            put(UInt64(record.priority), 1)
            put(UInt64(bitPattern: Int64((record.longitude * 1e7).rounded())), 4)
            put(UInt64(bitPattern: Int64((record.latitude * 1e7).rounded())), 4)
            put(UInt64(bitPattern: Int64(record.altitude)), 2)
            put(UInt64(record.angle), 2)
            put(UInt64(record.satellites), 1)
            put(UInt64(record.speed), 2)
            put(UInt64(record.eventID), 1)
            put(UInt64(record.io.count), 1)
            for size in [1, 2, 4, 8] {
                let elements = record.io.filter { id, value in Self.size(of: value) == size }.sorted { $0.key < $1.key }
                put(UInt64(elements.count), 1)
                for (id, value) in elements {
                    put(UInt64(id), 1)
                    put(value, size)
                }
            }
        }
        field.append(UInt8(records.count))
        let crc = crc16(field)
        var packet: [UInt8] = [0, 0, 0, 0]
        packet += [UInt8(field.count >> 24 & 0xFF), UInt8(field.count >> 16 & 0xFF), UInt8(field.count >> 8 & 0xFF), UInt8(field.count & 0xFF)]
        return packet + field + [0, 0, UInt8(crc >> 8), UInt8(crc & 0xFF)]
    }

    /// The smallest of 1, 2, 4 or 8 bytes that holds an IO value.
    static func size(of value: UInt64) -> Int { value <= 0xFF ? 1 : value <= 0xFFFF ? 2 : value <= 0xFFFF_FFFF ? 4 : 8 }

    /// The acknowledgement of a packet: its record count, 4 bytes big-endian.
    public static func acknowledgement(records: Int) -> [UInt8] {
        [0, 0, 0, UInt8(truncatingIfNeeded: records)]
    }

    /// CRC-16/IBM (ARC): polynomial 0x8005 reflected (0xA001), initial value 0.
    public static func crc16(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        }
        return crc
    }

    static func be(_ bytes: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> UInt64 {
        (start..<(start + count)).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[$1]) }
    }

    /// Reads the data field front to back; running out is an error at the packet's offset.
    struct Cursor {
        let bytes: ArraySlice<UInt8>
        /// The data field's offset in the packet (for error locations).
        let base: Int
        var offset = 0

        mutating func take(_ count: Int) throws(PortunusError) -> [UInt8] {
            guard offset + count <= bytes.count else {
                throw PortunusError(.teltonikaFrame, "the records run past the data field's length", location: .init(byteOffset: base + offset))
            }
            let start = bytes.startIndex + offset
            offset += count
            return Array(bytes[start..<(start + count)])
        }

        mutating func u(_ count: Int) throws(PortunusError) -> UInt64 {
            guard offset + count <= bytes.count else {
                throw PortunusError(.teltonikaFrame, "the records run past the data field's length", location: .init(byteOffset: base + offset))
            }
            var value: UInt64 = 0
            for index in (bytes.startIndex + offset)..<(bytes.startIndex + offset + count) { value = value << 8 | UInt64(bytes[index]) }
            offset += count
            return value
        }

        mutating func u8() throws(PortunusError) -> UInt8 { UInt8(try u(1)) }
    }
}
