import Foundation
import PortunusCore

/// ASTM F3411 / ASD-STAN EN 4709-002 Remote ID messages in the OpenDroneID byte layout:
/// 25-byte little-endian messages (Basic ID, Location/Vector, Authentication pages, Self-ID,
/// System, Operator ID) and the Message Pack that bundles them. Every field is given in
/// physical units (degrees, metres, m/s, seconds) with the standard's "unknown" sentinels as
/// nil, beside the raw integers it was decoded from. Protocol versions 0 (F3411-19),
/// 1 (EN 4709-002) and 2 (F3411-22) are read; newer versions are read with the same layout.
public enum RemoteID {
    public static let messageSize = 25

    /// A field's value: a number, text, or nil for the standard's "unknown".
    public enum Value: Sendable, Hashable, Encodable {
        case int(Int64)
        case double(Double)
        case text(String)
        case unknown

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .text(let value): try container.encode(value)
            case .unknown: try container.encodeNil()
            }
        }

        public var double: Double? {
            switch self {
            case .int(let value): Double(value)
            case .double(let value): value
            default: nil
            }
        }
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: Value
        /// The raw integer the value was decoded from, when it differs in kind or scale.
        public var raw: Int64?
    }

    /// One decoded 25-byte message.
    public struct Message: Sendable, Hashable, Encodable {
        /// The standard's message type: 0 Basic ID, 1 Location/Vector, 2 Authentication,
        /// 3 Self-ID, 4 System, 5 Operator ID (15, the pack, is never a message of a pack).
        public var type: Int
        public var version: Int
        public var bytes: [UInt8]
        public var fields: [Field]

        public subscript(_ name: String) -> Value? { fields.first { $0.name == name }?.value }
        public func raw(_ name: String) -> Int64? { fields.first { $0.name == name }?.raw }

        public var typeName: String {
            switch type {
            case 0: "basic_id"
            case 1: "location"
            case 2: "authentication"
            case 3: "self_id"
            case 4: "system"
            case 5: "operator_id"
            default: "type_\(type)"
            }
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(type, forKey: Key("type"))
            try container.encode(typeName, forKey: Key("name"))
            try container.encode(version, forKey: Key("version"))
            for field in fields { try container.encode(field.value, forKey: Key(field.name)) }
            var raw = container.nestedContainer(keyedBy: Key.self, forKey: Key("raw"))
            for field in fields { if let value = field.raw { try raw.encode(value, forKey: Key(field.name)) } }
        }
    }

    /// A message pack (type 15): its messages, in order.
    public struct Pack: Sendable, Hashable {
        public var version: Int
        public var messages: [Message]
    }

    // MARK: Decoding

    static func u16(_ b: ArraySlice<UInt8>, _ at: Int) -> Int64 { Int64(b[b.startIndex + at]) | Int64(b[b.startIndex + at + 1]) << 8 }
    static func u32(_ b: ArraySlice<UInt8>, _ at: Int) -> Int64 { u16(b, at) | u16(b, at + 2) << 16 }
    static func i32(_ b: ArraySlice<UInt8>, _ at: Int) -> Int64 { Int64(Int32(truncatingIfNeeded: u32(b, at))) }
    static func text(_ b: ArraySlice<UInt8>, _ from: Int, _ count: Int) -> String {
        let slice = b[(b.startIndex + from)..<(b.startIndex + from + count)]
        return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Altitudes and heights: raw × 0.5 − 1000 m; −1000 m is unknown.
    static func altitude(_ name: String, _ raw: Int64) -> Field {
        Field(name: name, value: raw == 0 ? .unknown : .double(Double(raw) * 0.5 - 1000), raw: raw)
    }

    /// Seconds since 2019-01-01T00:00:00Z as an ISO 8601 time; 0 is unknown.
    static func epoch2019(_ name: String, _ raw: Int64) -> Field {
        Field(name: name, value: raw == 0 ? .unknown : .text(ISO8601.format(Date(timeIntervalSince1970: 1_546_300_800 + Double(raw)))), raw: raw)
    }

    static func coordinates(_ latitudeName: String, _ longitudeName: String, _ b: ArraySlice<UInt8>, _ at: Int) -> [Field] {
        let latitude = i32(b, at)
        let longitude = i32(b, at + 4)
        let unknown = latitude == 0 && longitude == 0
        return [
            Field(name: latitudeName, value: unknown ? .unknown : .double(Double(latitude) / 1e7), raw: latitude),
            Field(name: longitudeName, value: unknown ? .unknown : .double(Double(longitude) / 1e7), raw: longitude),
        ]
    }

    /// One 25-byte message; nil for a message type the standard does not define.
    public static func message(_ bytes: ArraySlice<UInt8>) throws(PortunusError) -> Message {
        guard bytes.count == messageSize else {
            throw PortunusError(.remoteIDFormat, "a Remote ID message is 25 bytes; this one is \(bytes.count)")
        }
        let b = bytes
        let header = b[b.startIndex]
        let type = Int(header >> 4)
        let version = Int(header & 0x0F)
        func byte(_ at: Int) -> Int64 { Int64(b[b.startIndex + at]) }
        var fields: [Field] = []
        switch type {
        case 0:  // Basic ID
            fields = [
                Field(name: "id_type", value: .int(byte(1) >> 4)), Field(name: "ua_type", value: .int(byte(1) & 0x0F)),
                Field(name: "uas_id", value: .text(text(b, 2, 20))),
            ]
        case 1:  // Location/Vector
            let flags = byte(1)
            let east = flags >> 1 & 1
            let multiplier = flags & 1
            let directionRaw = byte(2)
            let direction = directionRaw + (east == 1 ? 180 : 0)
            let speedRaw = byte(3)
            let speed = multiplier == 1 ? Double(speedRaw) * 0.75 + 63.75 : Double(speedRaw) * 0.25
            let verticalRaw = Int64(Int8(bitPattern: UInt8(byte(4))))
            let vertical = Double(verticalRaw) * 0.5
            let timestampRaw = u16(b, 21)
            let timestampAccuracy = byte(23) & 0x0F
            fields = [
                Field(name: "status", value: .int(flags >> 4)),
                Field(name: "height_type", value: .int(flags >> 2 & 1)),
                Field(name: "ew_direction", value: .int(east)),
                Field(name: "speed_multiplier", value: .int(multiplier)),
                Field(name: "direction", value: direction >= 361 ? .unknown : .double(Double(direction)), raw: directionRaw),
                Field(name: "speed_horizontal", value: speed >= 255 ? .unknown : .double(speed), raw: speedRaw),
                Field(name: "speed_vertical", value: vertical >= 63 ? .unknown : .double(vertical), raw: verticalRaw),
            ]
            fields += coordinates("latitude", "longitude", b, 5)
            fields += [
                altitude("altitude_pressure", u16(b, 13)), altitude("altitude_geodetic", u16(b, 15)), altitude("height", u16(b, 17)),
                Field(name: "accuracy_horizontal", value: .int(byte(19) & 0x0F)), Field(name: "accuracy_vertical", value: .int(byte(19) >> 4)),
                Field(name: "accuracy_speed", value: .int(byte(20) & 0x0F)), Field(name: "accuracy_barometric", value: .int(byte(20) >> 4)),
                // Tenths of a second after the start of the UTC hour; 0xFFFF is unknown.
                Field(name: "timestamp", value: timestampRaw == 0xFFFF ? .unknown : .double(Double(timestampRaw) / 10), raw: timestampRaw),
                Field(
                    name: "timestamp_accuracy", value: timestampAccuracy == 0 ? .unknown : .double(Double(timestampAccuracy) / 10),
                    raw: timestampAccuracy),
            ]
        case 2:  // Authentication page
            let page = byte(1) & 0x0F
            fields = [Field(name: "auth_type", value: .int(byte(1) >> 4)), Field(name: "page", value: .int(page))]
            if page == 0 {
                fields += [
                    Field(name: "last_page", value: .int(byte(2))), Field(name: "length", value: .int(byte(3))), epoch2019("timestamp", u32(b, 4)),
                    Field(name: "data", value: .text(Hex.encode(b[(b.startIndex + 8)...]))),
                ]
            } else {
                fields.append(Field(name: "data", value: .text(Hex.encode(b[(b.startIndex + 2)...]))))
            }
        case 3:  // Self-ID
            fields = [Field(name: "description_type", value: .int(byte(1))), Field(name: "description", value: .text(text(b, 2, 23)))]
        case 4:  // System
            let flags = byte(1)
            fields = [
                Field(name: "operator_location_type", value: .int(flags & 0x03)), Field(name: "classification_type", value: .int(flags >> 2 & 0x07)),
            ]
            fields += coordinates("operator_latitude", "operator_longitude", b, 2)
            fields += [
                Field(name: "area_count", value: .int(u16(b, 10))),
                Field(name: "area_radius", value: .double(Double(byte(12)) * 10), raw: byte(12)),
                altitude("area_ceiling", u16(b, 13)), altitude("area_floor", u16(b, 15)),
                Field(name: "eu_category", value: .int(byte(17) >> 4)), Field(name: "eu_class", value: .int(byte(17) & 0x0F)),
                altitude("operator_altitude_geodetic", u16(b, 18)),
                epoch2019("timestamp", u32(b, 20)),
            ]
        case 5:  // Operator ID
            fields = [Field(name: "operator_id_type", value: .int(byte(1))), Field(name: "operator_id", value: .text(text(b, 2, 20)))]
        default:
            throw PortunusError(.remoteIDFormat, "message type \(type) is not one the standard defines for a message")
        }
        return Message(type: type, version: version, bytes: Array(b), fields: fields)
    }

    /// Authentication data spread over pages: page 0 carries the type, the last page index,
    /// the length and 17 bytes, pages 1… 23 bytes each. Nil until every page from 0 to the
    /// last is present (pages may come in one pack or across frames).
    public struct Authentication: Sendable, Hashable, Encodable {
        public var authType: Int
        public var timestamp: String?
        public var data: String

        enum CodingKeys: String, CodingKey { case authType = "auth_type", timestamp, data }
    }

    public static func authentication(_ pages: [Message]) -> Authentication? {
        var byPage: [Int: [UInt8]] = [:]
        // A Message's bytes are public and settable: only 25-byte ones are taken as pages.
        for page in pages where page.type == 2 && page.bytes.count == messageSize { byPage[Int(page.bytes[1] & 0x0F)] = page.bytes }
        guard let first = byPage[0] else { return nil }
        let last = Int(first[2])
        let length = Int(first[3])
        guard last < 16, (0...last).allSatisfy({ byPage[$0] != nil }) else { return nil }
        var data = Array(first[8..<25])
        for page in stride(from: 1, through: last, by: 1) {
            guard let bytes = byPage[page] else { return nil }
            data += bytes[2..<25]
        }
        let stamp = u32(first[...], 4)
        return Authentication(
            authType: Int(first[1] >> 4),
            timestamp: stamp == 0 ? nil : ISO8601.format(Date(timeIntervalSince1970: 1_546_300_800 + Double(stamp))),
            data: Hex.encode(data.prefix(length)))
    }

    /// A message pack (header type 15, message size 25, count, messages), or a lone message
    /// given where a pack may stand (Bluetooth 4 legacy advertising carries one message).
    public static func pack(_ bytes: ArraySlice<UInt8>) throws(PortunusError) -> Pack {
        guard let header = bytes.first else { throw PortunusError(.remoteIDFormat, "no Remote ID data") }
        guard header >> 4 == 0x0F else {
            let single = try message(bytes.prefix(messageSize))
            return Pack(version: single.version, messages: [single])
        }
        guard bytes.count >= 3 else { throw PortunusError(.remoteIDFormat, "the message pack's header is cut short") }
        let size = Int(bytes[bytes.startIndex + 1])
        let count = Int(bytes[bytes.startIndex + 2])
        guard size == messageSize else { throw PortunusError(.remoteIDFormat, "the message pack says its messages are \(size) bytes, not 25") }
        guard count <= 9 else { throw PortunusError(.remoteIDFormat, "the message pack says it holds \(count) messages; at most 9 fit") }
        guard bytes.count >= 3 + count * size else {
            throw PortunusError(.remoteIDFormat, "the message pack says it holds \(count) messages but has room for \((bytes.count - 3) / size)")
        }
        var messages: [Message] = []
        for index in 0..<count {
            let start = bytes.startIndex + 3 + index * size
            let message = try message(bytes[start..<(start + size)])
            guard message.type != 15 else { throw PortunusError(.remoteIDFormat, "a message pack inside a message pack") }
            messages.append(message)
        }
        return Pack(version: Int(header & 0x0F), messages: messages)
    }
}
