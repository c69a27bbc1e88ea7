/// The thresholds of the alert rules.
public struct AlertRules: Sendable, Hashable {
    /// Outside the corridor's buffer longer than this: a deviation.
    public var deviationSeconds: Double = 300
    /// Slower than `stopSpeed` and within `stopRadius` of where it stopped, longer than this,
    /// outside any customs office, border crossing or special zone: an unauthorised stop.
    public var stopSeconds: Double = 1_800
    public var stopSpeed: Double = 1.0
    public var stopRadius: Double = 150
    /// No report for longer than this: the device is silent.
    public var silentSeconds: Double = 1_800
    /// Zone kinds whose entry and exit are reported.
    public var watchedKinds: Set<ZoneKind> = [.specialCustomsZone, .freeZone, .restrictedAirspace]

    public init() {}
}
