/// Called with the port each tracker listener bound (useful when configured as 0).
public struct TrackerPorts: Sendable {
    public var teltonika: @Sendable (Int) async -> Void
    public var osmand: @Sendable (Int) async -> Void

    public init(teltonika: @escaping @Sendable (Int) async -> Void = { _ in }, osmand: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.teltonika = teltonika
        self.osmand = osmand
    }
}
