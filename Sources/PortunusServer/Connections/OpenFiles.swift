import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The process's open-file limit and its shares: each connection is a file descriptor, and
/// a listener that accepts past the limit makes `accept` fail for every listener and the
/// store fail to open its files (1,100 idle tracker connections under a limit of 1,024 made
/// `/healthz` and the API time out).
public enum OpenFiles {
    /// Descriptors kept back for everything that is not a client connection: the database
    /// (its file, WAL and shared memory, for the writer and each reader), the ledger's tiles
    /// and checkpoint, outbound HTTP (webhooks, witnesses), the assistant's model files,
    /// standard streams and the event loops' own descriptors.
    public static let reserved = 256

    /// Raises the soft limit to the hard one (as Go's runtime does at start: the soft limit of
    /// 1,024 is a relic of `select`, which Portunus does not use) and returns the limit then.
    @discardableResult
    public static func raiseSoftLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }

    /// The current soft limit.
    public static var current: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return limit.rlim_cur >= rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }

    /// How many connections each listener may hold under `limit` open files: what is left
    /// after ``reserved``, two fifths each to the API and Teltonika (long-lived device
    /// connections) and one fifth to OsmAnd (a request per fix). At a limit of 1,024:
    /// 307, 307 and 153; at 20,000: 7,897, 7,897 and 3,948.
    public static func shares(limit: Int) -> (api: Int, teltonika: Int, osmand: Int) {
        let usable = max(limit - reserved, 80)
        return (usable * 2 / 5, usable * 2 / 5, usable / 5)
    }

    /// A configured limit, or the share when none is configured or it is above the share.
    static func bounded(_ configured: Int?, share: Int, listener: String, logger: Logger) -> Int {
        guard let configured else { return share }
        if configured > share {
            logger.warning(
                "connection limit above the open-file share; using the share",
                metadata: [
                    "listener": "\(listener)", "configured": "\(configured)", "share": "\(share)", "open_files": "\(current)",
                ])
            return share
        }
        return max(configured, 1)
    }
}
