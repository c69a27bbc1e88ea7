/// XGBoost's thread count as a caller gave it (`--threads`): 0 or less still means "every
/// core" to XGBoost, but more than 256 is capped, since the C API takes an `Int32` (which
/// `Int32(_:)` traps on beyond 2^31) and OpenMP starts one OS thread each.
enum XGBoostThreads {
    static func bounded(_ threads: Int) -> Int { min(threads, 256) }
}
