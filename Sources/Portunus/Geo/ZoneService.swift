import Foundation
import PortunusCore
import Storage
import Synchronization
import Tracking

/// Zones in the store, and the zone set held in memory for lookups: rebuilt (index and
/// prepared areas) when the store's zone generation moves on, so every reader sees the
/// zones as they are now.
public final class ZoneService: Sendable {
    public let store: PortunusStore
    private let cached = Mutex<(generation: Int64, zones: ZoneSet)?>(nil)
    /// Counts the changes made through this service, so that users of the zones in this
    /// process (the tracking rules) see them at once; other processes' changes are found by
    /// the store's generation.
    let localChanges = Atomic<Int>(0)
    public var changeCount: Int { localChanges.load(ordering: .acquiring) }

    public init(store: PortunusStore) { self.store = store }

    public struct PutReport: Sendable, Encodable {
        public var stored: [String]
        public var added: Int
        public var replaced: Int
        public var problems: [Problem]
    }

    public struct Problem: Sendable, Encodable {
        public var code: String
        public var field: String?
        public var detail: String
    }

    /// Adds or replaces the zones of a GeoJSON Feature or FeatureCollection; features that
    /// cannot be zones are reported with their JSON pointers and the others stored.
    /// `id` names the zone when one Feature is put at its own address.
    public func put(_ data: Data, id: String? = nil, kind: ZoneKind? = nil, idProperty: String? = nil, by principal: Principal) throws(PortunusError)
        -> PutReport
    {
        try AccessPolicy.require(.manageZones, principal)
        let read = try ZoneSet.read(data, kind: kind, idProperty: idProperty)
        var zones = read.zones.zones
        if let id {
            guard zones.count == 1, read.problems.isEmpty else {
                throw read.problems.first ?? PortunusError(.invalidGeoJSON, "one Feature is put at a zone's address", field: "/")
            }
            zones[0].id = id
            zones[0].feature.id = id
        }
        for zone in zones where zone.id.isEmpty || zone.id.count > 128 {
            throw PortunusError(.invalidGeoJSON, "a zone id is 1 to 128 characters", field: "/id")
        }
        let rows = zones.map { zone in
            var feature = zone.feature
            feature.id = zone.id
            return (id: zone.id, kind: zone.kind.rawValue, name: zone.name, feature: GeoJSON.encode(feature))
        }
        let counts = try store.zones.putZones(rows, by: principal.keyID)
        localChanges.add(1, ordering: .releasing)
        return PutReport(
            stored: rows.map(\.id), added: counts.added, replaced: counts.replaced,
            problems: read.problems.map { Problem(code: $0.code.rawValue, field: $0.field, detail: $0.reason) })
    }

    public func remove(id: String, by principal: Principal) throws(PortunusError) -> Bool {
        try AccessPolicy.require(.manageZones, principal)
        defer { localChanges.add(1, ordering: .releasing) }
        return try store.zones.deleteZone(id: id, by: principal.keyID)
    }

    /// The zones (of one kind) as a FeatureCollection.
    public func collection(kind: String?, by principal: Principal) throws(PortunusError) -> Data {
        try AccessPolicy.require(.readZones, principal)
        let zones = try store.zones.zones(kind: kind).zones
        return Data((#"{"type":"FeatureCollection","features":["# + zones.map(\.feature).joined(separator: ",") + "]}").utf8)
    }

    public func feature(id: String, by principal: Principal) throws(PortunusError) -> String? {
        try AccessPolicy.require(.readZones, principal)
        return try store.zones.zone(id: id)?.feature
    }

    /// The zones in memory, current with the store.
    public func zoneSet() throws(PortunusError) -> ZoneSet {
        let generation = try store.zones.zoneGeneration()
        if let current = cached.withLock({ $0 }), current.generation == generation { return current.zones }
        let stored = try store.zones.zones()
        let document = Data((#"{"type":"FeatureCollection","features":["# + stored.zones.map(\.feature).joined(separator: ",") + "]}").utf8)
        let zones = try ZoneSet.read(document).zones
        cached.withLock { $0 = (stored.generation, zones) }
        return zones
    }

    public struct Detection: Sendable, Encodable {
        public var zone: String
        public var kind: String
        public var name: String?
        public var detect: [FenceDetect]
    }

    /// Tile38's fence detections (inside, enter, exit, cross) for a move from one fix to the
    /// next, per zone it touches.
    public func detect(previous: Position?, current: Position, by principal: Principal) throws(PortunusError) -> [Detection] {
        try AccessPolicy.require(.readZones, principal)
        for position in [previous, current].compactMap({ $0 }) {
            guard (-180...180).contains(position.longitude), (-90...90).contains(position.latitude) else {
                throw PortunusError(.invalidArgument, "a position is [lon, lat] with lon -180 to 180 and lat -90 to 90", field: "current")
            }
        }
        let zones = try zoneSet()
        return zones.detect(previous: previous, current: current).map { found in
            let zone = zones.zones[found.zone]
            return Detection(zone: zone.id, kind: zone.kind.rawValue, name: zone.name, detect: found.detect)
        }
    }

    /// The zones holding a position, in id order.
    public func containing(longitude: Double, latitude: Double, by principal: Principal) throws(PortunusError) -> [Zone] {
        try AccessPolicy.require(.readZones, principal)
        guard (-180...180).contains(longitude), (-90...90).contains(latitude) else {
            throw PortunusError(.invalidArgument, "lon is -180 to 180 and lat -90 to 90", field: "lon")
        }
        let zones = try zoneSet()
        return zones.containing(longitude, latitude).map { zones.zones[$0] }
    }
}
