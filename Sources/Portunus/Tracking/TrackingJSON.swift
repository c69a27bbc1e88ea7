import Foundation
import PortunusCore
import Storage
import Tracking

/// The JSON batches of the tracking API: a JSON array of positions, seal events or drone
/// fixes. Each item is read on its own: a bad one is reported with its JSON pointer and
/// the others go through.
///
/// ```json
/// [{"device": "356307042441013", "time": "2026-11-30T08:00:00Z", "lat": -1.2921, "lon": 36.8219, "speed": 16.7}]
/// [{"seal": "SEAL-001", "event": "opened", "time": "2026-11-30T08:05:00Z"}]
/// [{"id": "1581F5FJD229C00A1234", "time": "2026-11-30T08:00:00Z", "lat": 47.1, "lon": 8.6, "operator": {"lat": 47.09, "lon": 8.59}}]
/// ```
public enum TrackingJSON {
    /// A transit movement as the API opens it and `tracking replay` reads it:
    /// `{reference, device, departure_office, destination_office, corridor, deadline, seals, declaration}`.
    public struct Opening: Decodable, Sendable {
        public var reference: String
        public var device: String
        public var departureOffice: String?
        public var destinationOffice: String?
        public var corridor: String?
        public var deadline: String
        public var seals: [String]?
        public var declaration: String?

        enum CodingKeys: String, CodingKey {
            case reference, device, corridor, deadline, seals, declaration
            case departureOffice = "departure_office", destinationOffice = "destination_office"
        }

        /// The movement to open; a time limit that is not an ISO 8601 date and time is refused here.
        public var movement: StoredMovement {
            get throws(PortunusError) {
                guard let limit = ISO8601.parse(deadline) else {
                    throw PortunusError(.invalidDate, "the time limit is an ISO 8601 date and time", field: "/deadline")
                }
                return StoredMovement(
                    reference: reference, device: device, departureOffice: departureOffice, destinationOffice: destinationOffice,
                    corridor: corridor, deadline: limit, seals: seals ?? [], declarationID: declaration)
            }
        }
    }

    public struct Item<Value: Sendable>: Sendable {
        public var index: Int
        public var value: Value
    }

    public struct Batch<Value: Sendable>: Sendable {
        public var items: [Item<Value>] = []
        public var problems: [TrackingService.Problem] = []
    }

    public static func positions(_ data: Data) throws(PortunusError) -> Batch<PositionReport> {
        try read(data, fields: ["device", "time", "lat", "lon", "speed", "bearing", "altitude", "accuracy", "battery", "valid"]) {
            object, at throws(PortunusError) in
            var report = PositionReport(
                device: try reference(object, "device", at), time: try time(object, at), latitude: try number(object, "lat", at, -90...90),
                longitude: try number(object, "lon", at, -180...180))
            report.speed = try optional(object, "speed", at, 0...1_000)
            report.bearing = try optional(object, "bearing", at, 0...360)
            report.altitude = try optional(object, "altitude", at, -1_000...100_000)
            report.accuracy = try optional(object, "accuracy", at, 0...1_000_000)
            report.battery = try optional(object, "battery", at, 0...100)
            if let valid = object["valid"] {
                guard case .bool(let flag) = valid else { throw PortunusError(.wrongType, "valid is true or false", field: at + "/valid") }
                report.valid = flag
            }
            return report
        }
    }

    public static func seals(_ data: Data) throws(PortunusError) -> Batch<SealEvent> {
        try read(data, fields: ["seal", "event", "time"]) { object, at throws(PortunusError) in
            let seal = try reference(object, "seal", at)
            guard case .string(let name)? = object["event"], let kind = SealEvent.Kind(rawValue: name) else {
                throw PortunusError(.invalidArgument, "event is sealed, opened, tampered or battery_low", field: at + "/event")
            }
            return SealEvent(seal: seal, kind: kind, at: try time(object, at))
        }
    }

    public static func drones(_ data: Data) throws(PortunusError) -> Batch<TrackingService.DroneFix> {
        try read(data, fields: ["id", "time", "lat", "lon", "altitude", "operator"]) { object, at throws(PortunusError) in
            var fix = TrackingService.DroneFix(
                id: try reference(object, "id", at), time: try time(object, at),
                position: Position(try number(object, "lon", at, -180...180), try number(object, "lat", at, -90...90)),
                altitude: try optional(object, "altitude", at, -1_000...100_000))
            if let pilot = object["operator"] {
                guard case .object(let position) = pilot else {
                    throw PortunusError(.wrongType, "operator is {\"lat\", \"lon\"}", field: at + "/operator")
                }
                fix.operatorPosition = Position(
                    try number(position, "lon", at + "/operator", -180...180), try number(position, "lat", at + "/operator", -90...90))
            }
            return fix
        }
    }

    static func read<Value>(_ data: Data, fields: Set<String>, item: ([String: JSONValue], String) throws(PortunusError) -> Value)
        throws(PortunusError) -> Batch<Value>
    {
        guard case .array(let elements) = try JSONValue.parse(data) else {
            throw PortunusError(.wrongType, "the body is a JSON array", field: "")
        }
        guard elements.count <= 10_000 else { throw PortunusError(.invalidArgument, "at most 10,000 items in one request", field: "") }
        var batch = Batch<Value>()
        for (index, element) in elements.enumerated() {
            let at = "/\(index)"
            do throws(PortunusError) {
                guard case .object(let object) = element else { throw PortunusError(.wrongType, "an item is a JSON object", field: at) }
                if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
                    throw PortunusError(.unknownField, "unknown field; known: \(fields.sorted().joined(separator: ", "))", field: at + "/" + unknown)
                }
                batch.items.append(Item(index: index, value: try item(object, at)))
            } catch {
                batch.problems.append(TrackingService.Problem(index: index, code: error.code.rawValue, field: error.field, detail: error.reason))
            }
        }
        return batch
    }

    static func reference(_ object: [String: JSONValue], _ name: String, _ at: String) throws(PortunusError) -> String {
        guard case .string(let value)? = object[name], (1...64).contains(value.count),
            value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
        else {
            throw PortunusError(.invalidArgument, "\(name) is 1 to 64 letters, digits and - _ . :", field: at + "/" + name)
        }
        return value
    }

    /// ISO 8601 text, or seconds since 1970.
    static func time(_ object: [String: JSONValue], _ at: String) throws(PortunusError) -> Date {
        switch object["time"] {
        case .string(let text)?:
            if let date = ISO8601.parse(text) { return date }
        case .number(let text)?:
            if let seconds = Double(text), seconds > 0 { return Date(timeIntervalSince1970: seconds) }
        default: break
        }
        throw PortunusError(.invalidDate, "time is ISO 8601 or seconds since 1970", field: at + "/time")
    }

    static func number(_ object: [String: JSONValue], _ name: String, _ at: String, _ range: ClosedRange<Double>) throws(PortunusError) -> Double {
        guard let value = try optional(object, name, at, range) else { throw PortunusError(.missingField, "required", field: at + "/" + name) }
        return value
    }

    static func optional(_ object: [String: JSONValue], _ name: String, _ at: String, _ range: ClosedRange<Double>) throws(PortunusError) -> Double? {
        switch object[name] {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let value = Double(text), range.contains(value) else {
                throw PortunusError(.invalidNumber, "\(name) is from \(range.lowerBound) to \(range.upperBound)", field: at + "/" + name)
            }
            return value
        default:
            throw PortunusError(.wrongType, "\(name) is a number", field: at + "/" + name)
        }
    }
}
