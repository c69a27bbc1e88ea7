import Foundation
import PortunusCore

/// Zones in collection order with an STR-packed R-tree over their boxes: which zones hold a
/// position costs a tree descent and an exact test of the few candidates.
public struct ZoneSet: Sendable {
    public let zones: [Zone]
    let tree: STRTree

    public init(_ zones: [Zone]) {
        self.zones = zones
        tree = STRTree(zones.map(\.boundingBox))
    }

    /// Zones from a GeoJSON document: a zone's id is the feature's id, else
    /// `properties.id` (or the property `idProperty` names), else its 0-based index in the
    /// collection. `kind` sets every zone's kind (national borders from Natural Earth have
    /// none). Features that cannot be zones are reported with their pointers; the others
    /// are kept.
    public static func read(_ data: Data, kind: ZoneKind? = nil, idProperty: String? = nil) throws(PortunusError) -> (
        zones: ZoneSet, problems: [PortunusError]
    ) {
        let root = try JSONValue.parse(data)
        var zones: [Zone] = []
        var problems: [PortunusError] = []
        var reader = GeoJSON.Reader()
        let items: [(JSONValue, String)]
        if case .object(let members) = root, case .string("FeatureCollection")? = members["type"], case .array(let features)? = members["features"] {
            items = features.enumerated().map { ($1, "/features/\($0)") }
        } else {
            items = [(root, "")]
        }
        var seen: [String: Int] = [:]
        for (index, (item, pointer)) in items.enumerated() {
            do throws(PortunusError) {
                var feature = try reader.feature(item, at: pointer)
                if let kind { feature.properties["kind"] = .string(kind.rawValue) }
                if let idProperty {
                    guard let value = feature.string(idProperty) else {
                        throw PortunusError(
                            .invalidGeoJSON, "the feature has no \(idProperty.prefix(40)) to be its id", field: pointer + "/properties")
                    }
                    feature.id = value
                }
                let id = feature.id ?? String(index)
                if let first = seen[id] {
                    throw PortunusError(.invalidGeoJSON, "zone id \(id.prefix(40)) is also the id of feature \(first)", field: pointer + "/id")
                }
                seen[id] = index
                zones.append(try Zone(feature: feature, id: id, at: pointer))
            } catch {
                problems.append(error)
            }
        }
        return (ZoneSet(zones), problems)
    }

    /// Tile38's detections for an object moving from one fix to the next, for every zone it
    /// is in, entered, left or crossed (zones it stays outside of are left out), in
    /// collection order. `previous` is nil for an object's first fix.
    public func detect(previous: Position?, current: Position) -> [(zone: Int, detect: [FenceDetect])] {
        var box = BoundingBox(west: current.longitude, south: current.latitude, east: current.longitude, north: current.latitude)
        if let previous {
            box = box.union(BoundingBox(west: previous.longitude, south: previous.latitude, east: previous.longitude, north: previous.latitude))
        }
        var found: [(zone: Int, detect: [FenceDetect])] = []
        for (index, zone) in zones.enumerated() {
            let zoneBox = zone.boundingBox
            guard zoneBox.west <= box.east, zoneBox.east >= box.west, zoneBox.south <= box.north, zoneBox.north >= box.south else { continue }
            let detections = FenceDetect.detect(zone: zone, previous: previous, current: current)
            if detections != [.outside] { found.append((index, detections)) }
        }
        return found
    }

    /// The zones that hold a position, in collection order.
    public func containing(_ longitude: Double, _ latitude: Double) -> [Int] {
        var found: [Int] = []
        tree.forEach(containing: longitude, latitude) { index in
            if zones[index].contains(longitude, latitude) { found.append(index) }
        }
        found.sort()
        return found
    }
}
