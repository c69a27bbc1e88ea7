/// A polygon: closed linear rings (first position = last), the exterior first, then holes.
public struct Polygon: Sendable, Hashable {
    public var rings: [[Position]]
    public init(rings: [[Position]]) { self.rings = rings }
}
