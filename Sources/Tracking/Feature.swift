import PortunusCore

/// A GeoJSON Feature: its id (the feature's `id`, else `properties.id`, else nil), its
/// properties as they came, and its geometry.
public struct Feature: Sendable, Equatable {
    public var id: String?
    public var properties: [String: JSONValue]
    public var geometry: Geometry?

    public init(id: String?, properties: [String: JSONValue] = [:], geometry: Geometry?) {
        self.id = id
        self.properties = properties
        self.geometry = geometry
    }

    public func string(_ name: String) -> String? {
        switch properties[name] {
        case .string(let value): value
        case .number(let value): value
        default: nil
        }
    }

    public func number(_ name: String) -> Double? {
        switch properties[name] {
        case .number(let value): Double(value)
        case .string(let value): Double(value)
        default: nil
        }
    }
}
