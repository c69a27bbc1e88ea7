import Foundation
import PortunusCore

/// RFC 7946 GeoJSON, read strictly and written as the RFC asks.
///
/// Reading: Feature, FeatureCollection or a bare geometry (Point, MultiPoint, LineString,
/// MultiLineString, Polygon, MultiPolygon, GeometryCollection). Positions are 2 or 3 numbers,
/// longitude in [-180, 180], latitude in [-90, 90] (within 1e-9 outside is rounding noise and
/// clamped); linear rings are closed and have at least
/// four positions; lines at least two. Every problem names its JSON pointer
/// (`/features/3/geometry/coordinates/0/2`); a collection's bad features are reported and
/// its good ones kept. Either winding is accepted (RFC 7946 §3.1.6: parsers should not
/// reject clockwise exteriors).
///
/// The antimeridian: RFC 7946 §3.1.9 asks that a geometry crossing it be split. A ring with
/// an edge spanning more than 180° of longitude is read as crossing it (the short way round,
/// as a drawn zone means), and the polygon is split at ±180° into the parts on either side:
/// a MultiPolygon. Lines are split the same way. An edge from +180° to -180° (both ends on
/// the antimeridian) is a seam of data already split, not a crossing.
///
/// Writing: exterior rings counter-clockwise and holes clockwise (the right-hand rule),
/// media type `application/geo+json`.
public enum GeoJSON {
    public struct Document: Sendable {
        public var features: [Feature]
        public var problems: [PortunusError]
    }

    public static func read(_ data: Data) throws(PortunusError) -> Document {
        let root = try JSONValue.parse(data)
        var reader = Reader()
        let features = reader.document(root)
        return Document(features: features, problems: reader.problems)
    }

    struct Reader {
        var problems: [PortunusError] = []

        mutating func fail(_ pointer: String, _ reason: String) -> PortunusError {
            PortunusError(.invalidGeoJSON, reason, field: pointer.isEmpty ? "/" : pointer)
        }

        mutating func document(_ root: JSONValue) -> [Feature] {
            guard case .object(let members) = root, case .string(let type)? = members["type"] else {
                problems.append(fail("", "a GeoJSON object with a type"))
                return []
            }
            switch type {
            case "FeatureCollection":
                guard case .array(let items)? = members["features"] else {
                    problems.append(fail("/features", "a FeatureCollection has a features array"))
                    return []
                }
                var features: [Feature] = []
                for (index, item) in items.enumerated() {
                    do { features.append(try feature(item, at: "/features/\(index)")) } catch { problems.append(error) }
                }
                return features
            case "Feature":
                do { return [try feature(root, at: "")] } catch {
                    problems.append(error)
                    return []
                }
            default:
                do { return [Feature(id: nil, geometry: try geometry(root, at: ""))] } catch {
                    problems.append(error)
                    return []
                }
            }
        }

        mutating func feature(_ value: JSONValue, at pointer: String) throws(PortunusError) -> Feature {
            guard case .object(let members) = value, case .string("Feature")? = members["type"] else {
                throw fail(pointer, "a Feature object (type Feature)")
            }
            var properties: [String: JSONValue] = [:]
            switch members["properties"] {
            case .object(let object)?: properties = object
            case .null?, nil: break
            default: throw fail(pointer + "/properties", "properties is an object or null")
            }
            var id: String?
            switch members["id"] {
            case .string(let value)?: id = value
            case .number(let value)?: id = value
            case nil, .null?: break
            default: throw fail(pointer + "/id", "an id is a string or a number")
            }
            if id == nil {
                switch properties["id"] {
                case .string(let value)?: id = value
                case .number(let value)?: id = value
                default: break
                }
            }
            var shape: Geometry?
            switch members["geometry"] {
            case .null?: shape = nil
            case let value?: shape = try geometry(value, at: pointer + "/geometry")
            case nil: throw fail(pointer + "/geometry", "a Feature has a geometry member (null when it has none)")
            }
            return Feature(id: id, properties: properties, geometry: shape)
        }

        mutating func geometry(_ value: JSONValue, at pointer: String) throws(PortunusError) -> Geometry {
            guard case .object(let members) = value, case .string(let type)? = members["type"] else {
                throw fail(pointer, "a geometry object with a type")
            }
            if type == "GeometryCollection" {
                guard case .array(let items)? = members["geometries"] else {
                    throw fail(pointer + "/geometries", "a GeometryCollection has a geometries array")
                }
                var members: [Geometry] = []
                for (index, item) in items.enumerated() { members.append(try geometry(item, at: pointer + "/geometries/\(index)")) }
                return .collection(members)
            }
            guard let coordinates = members["coordinates"] else { throw fail(pointer + "/coordinates", "a \(type) has coordinates") }
            let at = pointer + "/coordinates"
            switch type {
            case "Point": return .point(try position(coordinates, at: at))
            case "MultiPoint": return .multiPoint(try positions(coordinates, at: at, minimum: 0))
            case "LineString":
                let line = try positions(coordinates, at: at, minimum: 2)
                let parts = Antimeridian.splitLine(line)
                return parts.count == 1 ? .lineString(parts[0]) : .multiLineString(parts)
            case "MultiLineString":
                var lines: [[Position]] = []
                for (index, item) in try array(coordinates, at: at).enumerated() {
                    lines += Antimeridian.splitLine(try positions(item, at: at + "/\(index)", minimum: 2))
                }
                return .multiLineString(lines)
            case "Polygon":
                let parts = Antimeridian.splitPolygon(try polygon(coordinates, at: at))
                return parts.count == 1 ? .polygon(parts[0]) : .multiPolygon(parts)
            case "MultiPolygon":
                var polygons: [Polygon] = []
                for (index, item) in try array(coordinates, at: at).enumerated() {
                    polygons += Antimeridian.splitPolygon(try polygon(item, at: at + "/\(index)"))
                }
                return .multiPolygon(polygons)
            default:
                throw fail(pointer + "/type", "\(type.prefix(40)) is not an RFC 7946 geometry type")
            }
        }

        func array(_ value: JSONValue, at pointer: String) throws(PortunusError) -> [JSONValue] {
            guard case .array(let items) = value else {
                throw PortunusError(.invalidGeoJSON, "expected an array, found \(value.kind)", field: pointer)
            }
            return items
        }

        func position(_ value: JSONValue, at pointer: String) throws(PortunusError) -> Position {
            let items = try array(value, at: pointer)
            guard (2...3).contains(items.count) else {
                throw PortunusError(
                    .invalidGeoJSON, "a position is 2 or 3 numbers (longitude, latitude, altitude); this has \(items.count)", field: pointer)
            }
            var numbers: [Double] = []
            for (index, item) in items.enumerated() {
                guard case .number(let text) = item, let number = Double(text), number.isFinite else {
                    throw PortunusError(.invalidGeoJSON, "expected a number, found \(item.kind)", field: pointer + "/\(index)")
                }
                numbers.append(number)
            }
            // Rounding noise of real data sets (Natural Earth has 180.00000000000006) is
            // clamped when within 1e-9 degrees (0.1 mm) of the range; anything further is refused.
            guard abs(numbers[0]) <= 180 + 1e-9 else { throw PortunusError(.invalidGeoJSON, "longitude is -180 to 180", field: pointer + "/0") }
            guard abs(numbers[1]) <= 90 + 1e-9 else { throw PortunusError(.invalidGeoJSON, "latitude is -90 to 90", field: pointer + "/1") }
            return Position(min(180, max(-180, numbers[0])), min(90, max(-90, numbers[1])), altitude: numbers.count == 3 ? numbers[2] : nil)
        }

        func positions(_ value: JSONValue, at pointer: String, minimum: Int) throws(PortunusError) -> [Position] {
            let items = try array(value, at: pointer)
            guard items.count >= minimum else { throw PortunusError(.invalidGeoJSON, "at least \(minimum) positions", field: pointer) }
            var result: [Position] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() { result.append(try position(item, at: pointer + "/\(index)")) }
            return result
        }

        func polygon(_ value: JSONValue, at pointer: String) throws(PortunusError) -> Polygon {
            let items = try array(value, at: pointer)
            guard !items.isEmpty else { throw PortunusError(.invalidGeoJSON, "a polygon has an exterior ring", field: pointer) }
            var rings: [[Position]] = []
            for (index, item) in items.enumerated() {
                let ring = try positions(item, at: pointer + "/\(index)", minimum: 4)
                // `positions(minimum: 4)` guarantees both ends exist.
                let first = ring[0]
                let last = ring[ring.count - 1]
                guard first.longitude == last.longitude && first.latitude == last.latitude else {
                    throw PortunusError(
                        .invalidGeoJSON, "a linear ring is closed: its last position is its first", field: pointer + "/\(index)/\(ring.count - 1)")
                }
                rings.append(ring)
            }
            return Polygon(rings: rings)
        }
    }

    // MARK: Writing

    /// A FeatureCollection, RFC 7946: right-hand-rule winding, no `crs`.
    public static func write(_ features: [Feature]) -> Data {
        var text = #"{"type":"FeatureCollection","features":["#
        for (index, feature) in features.enumerated() {
            if index > 0 { text += "," }
            text += encode(feature)
        }
        text += "]}"
        return Data(text.utf8)
    }

    public static func encode(_ feature: Feature) -> String {
        var text = #"{"type":"Feature""#
        if let id = feature.id { text += #","id":"# + JSONValue.quoted(id) }
        text += #","properties":"# + (feature.properties.isEmpty ? "{}" : json(.object(feature.properties)))
        text += #","geometry":"# + (feature.geometry.map(encode) ?? "null") + "}"
        return text
    }

    public static func encode(_ geometry: Geometry) -> String {
        func position(_ p: Position) -> String {
            "[" + number(p.longitude) + "," + number(p.latitude) + (p.altitude.map { "," + number($0) } ?? "") + "]"
        }
        func list(_ positions: [Position]) -> String { "[" + positions.map(position).joined(separator: ",") + "]" }
        func rings(_ polygon: Polygon) -> String {
            "["
                + polygon.rings.enumerated().map { index, ring in
                    // Exterior counter-clockwise (positive area), holes clockwise.
                    let counterClockwise = signedArea(ring) > 0
                    return list(counterClockwise == (index == 0) ? ring : ring.reversed())
                }.joined(separator: ",") + "]"
        }
        switch geometry {
        case .point(let p): return #"{"type":"Point","coordinates":"# + position(p) + "}"
        case .multiPoint(let ps): return #"{"type":"MultiPoint","coordinates":"# + list(ps) + "}"
        case .lineString(let ps): return #"{"type":"LineString","coordinates":"# + list(ps) + "}"
        case .multiLineString(let lines): return #"{"type":"MultiLineString","coordinates":["# + lines.map(list).joined(separator: ",") + "]}"
        case .polygon(let polygon): return #"{"type":"Polygon","coordinates":"# + rings(polygon) + "}"
        case .multiPolygon(let polygons): return #"{"type":"MultiPolygon","coordinates":["# + polygons.map(rings).joined(separator: ",") + "]}"
        case .collection(let members): return #"{"type":"GeometryCollection","geometries":["# + members.map(encode).joined(separator: ",") + "]}"
        }
    }

    /// Twice the signed area in square degrees (shoelace): positive counter-clockwise.
    public static func signedArea(_ ring: [Position]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for index in 1..<ring.count {
            sum += ring[index - 1].longitude * ring[index].latitude - ring[index].longitude * ring[index - 1].latitude
        }
        return sum
    }

    /// The shortest text that reads back as the same double.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): text
        case .string(let text): JSONValue.quoted(text)
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { JSONValue.quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }
}
