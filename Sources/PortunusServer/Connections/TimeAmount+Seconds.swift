import NIOCore

extension TimeAmount {
    /// Whole nanoseconds of a number of seconds, bounded to a day (configuration values are
    /// checked positive; this only keeps a typo from overflowing).
    init(seconds: Double) {
        self = .nanoseconds(Int64(min(max(seconds, 0.001), 86_400) * 1_000_000_000))
    }
}
