/// Tile38's fence vocabulary for one object moving past one zone, from its previous fix to
/// its current one: `inside` / `outside` on every fix, `enter` and `exit` when that changes,
/// `cross` when both fixes are outside but the path between them passes through the zone.
public enum FenceDetect: String, Sendable, Codable, CaseIterable {
    case inside, outside, enter, exit, cross

    /// What a fix means for a zone. `previous` is nil for an object's first fix.
    public static func detect(zone: Zone, previous: Position?, current: Position) -> [FenceDetect] {
        let now = zone.contains(current.longitude, current.latitude)
        guard let previous else { return [now ? .inside : .outside] }
        let before = zone.contains(previous.longitude, previous.latitude)
        switch (before, now) {
        case (false, true): return [.enter, .inside]
        case (true, false): return [.exit, .outside]
        case (true, true): return [.inside]
        case (false, false): return zone.intersects(from: previous, to: current) ? [.cross, .outside] : [.outside]
        }
    }
}
