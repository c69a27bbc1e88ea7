import Foundation
import PortunusCore

#if canImport(Glibc)
    import Glibc
#endif

/// Renders import progress: a bar redrawn in place on a terminal, plain lines otherwise (at
/// most one a second, so that logs of CI runs stay short).
final class ProgressRenderer: @unchecked Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var lastLine = Date.distantPast
    private var drew = false

    func update(rows: Int, bytes: Int, totalBytes: Int, imported: Int, alreadyPresent: Int, rejected: Int) {
        let now = Date()
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Int(saturating: Double(rows) / elapsed)
        // Between 0 and 1 whatever the counts say, so the bar's widths below stay in range.
        let fraction = totalBytes > 0 ? min(1, max(0, Double(bytes) / Double(totalBytes))) : 0
        let percent = Int(saturating: fraction * 100)
        if isTerminal {
            let width = 30
            let filled = Int(saturating: fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let text =
                "\r\(bar) \(percent)%  \(rows) rows  \(rate) rows/s  imported \(imported)  present \(alreadyPresent)  rejected \(rejected)"
            FileHandle.standardError.write(Data(text.utf8))
            drew = true
        } else if now.timeIntervalSince(lastLine) >= 1 {
            lastLine = now
            standardError(
                "progress: rows=\(rows) percent=\(percent) imported=\(imported) already_present=\(alreadyPresent) rejected=\(rejected) rows_per_second=\(rate)"
            )
        }
    }

    func finish() {
        if drew { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
