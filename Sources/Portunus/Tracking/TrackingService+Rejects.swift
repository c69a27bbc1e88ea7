import Foundation
import Logging
import PortunusCore
import Storage

/// How much of what the tracker listeners refuse is kept and logged.
///
/// Refused input is kept so that an integrator can see what a device sent, not as an archive:
/// the first `keptBytes` (a Teltonika header and first record, an OsmAnd query) show the
/// fault, and the length shows the rest. Unbounded, 1,000 refused requests of 60 KB from a
/// stranger added 60 MB of database and 74 MB of WAL in 5.5 s, and as many log lines.
public struct RejectPolicy: Sendable, Hashable {
    /// Bytes kept of each refused frame or request (the original length is kept beside them).
    public var keptBytes = 512
    /// Refusals stored per listener per minute; the rest are counted in the next log line only.
    public var storedPerMinute = 600
    /// Log lines per listener per minute; the next line after a quiet spell says how many
    /// were suppressed.
    public var loggedPerMinute = 30
    /// Days a refusal is kept before the tracking clock deletes it.
    public var retentionDays: Double = 30

    public init() {}
}

/// One listener's refusals in the current minute.
struct RejectWindow: Sendable {
    var minute = -Double.infinity
    var stored = 0
    var logged = 0
    var suppressedLines = 0
    var notStored = 0

    /// What to do with one more refusal at `now`: store it, log it, and when logging, how
    /// many lines were suppressed and refusals not stored since the last line.
    mutating func admit(now: Double, policy: RejectPolicy) -> (store: Bool, log: (suppressed: Int, notStored: Int)?) {
        let current = (now / 60).rounded(.down)
        if current != minute {
            minute = current
            stored = 0
            logged = 0
        }
        let store = stored < policy.storedPerMinute
        if store { stored += 1 } else { notStored += 1 }
        guard logged < policy.loggedPerMinute else {
            suppressedLines += 1
            return (store, nil)
        }
        logged += 1
        defer {
            suppressedLines = 0
            notStored = 0
        }
        return (store, (suppressedLines, notStored))
    }
}

extension TrackingService {
    /// Keeps a frame or request a listener refused (truncated, within the per-minute budget)
    /// and logs it (within the log budget). `source` names the listener: teltonika, osmand.
    public func keepRefused(source: String, device: String?, code: String, byteOffset: Int?, detail: String, raw: Data, logger: Logger) {
        let verdict = rejectWindows.withLock { windows in
            windows[source, default: RejectWindow()].admit(now: Date().timeIntervalSince1970, policy: rejects)
        }
        if let log = verdict.log {
            var metadata: Logger.Metadata = [
                "source": "\(source)", "code": "\(code)", "byte_offset": "\(byteOffset.map(String.init) ?? "-")", "bytes": "\(raw.count)",
            ]
            if log.suppressed > 0 { metadata["suppressed"] = "\(log.suppressed)" }
            if log.notStored > 0 { metadata["not_kept"] = "\(log.notStored)" }
            logger.warning("tracker input refused", metadata: metadata)
        }
        guard verdict.store else { return }
        do {
            try store.tracking.recordTrackingReject(
                source: source, device: device.map { String($0.prefix(64)) }, code: code, byteOffset: byteOffset,
                detail: String(detail.prefix(512)), raw: Data(raw.prefix(max(rejects.keptBytes, 0))), rawLength: raw.count)
        } catch {
            logger.error("cannot keep a refused frame", metadata: ["code": "\(error.code)"])
        }
    }

    /// Deletes refusals older than the retention period; run by the tracking clock.
    @discardableResult
    public func purgeRefused(now: Date = Date()) throws(PortunusError) -> Int {
        try store.tracking.purgeTrackingRejects(receivedBefore: now.addingTimeInterval(-rejects.retentionDays * 86_400))
    }
}
