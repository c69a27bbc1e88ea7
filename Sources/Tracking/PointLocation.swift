/// Where a point is relative to an area.
public enum PointLocation: Sendable, Hashable {
    case inside, outside, boundary
}
