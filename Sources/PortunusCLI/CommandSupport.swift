import ArgumentParser
import Foundation
import Logging
import PortunusCore

#if canImport(Glibc)
    import Glibc
#endif

extension PortunusError {
    /// Prints to stderr and turns into an exit code for ArgumentParser.
    func exit() -> ExitCode {
        standardError("error: \(description)")
        return ExitCode(2)
    }
}

/// Writes a line to stdout and flushes it, so that a parent process reading a pipe sees it
/// at once (the URL and key that `portunus run` prints, for one).
func standardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

enum CommandLogging {
    /// Logs go to stderr; the level comes from PORTUNUS_LOG_LEVEL (default `warning`, so that a
    /// CLI run prints its result and not its working).
    static func bootstrap(defaultLevel: Logger.Level = .warning) {
        let level = ProcessInfo.processInfo.environment["PORTUNUS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

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
        let rate = Int(Double(rows) / elapsed)
        let fraction = totalBytes > 0 ? min(1, Double(bytes) / Double(totalBytes)) : 0
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let text =
                "\r\(bar) \(Int(fraction * 100))%  \(rows) rows  \(rate) rows/s  imported \(imported)  present \(alreadyPresent)  rejected \(rejected)"
            FileHandle.standardError.write(Data(text.utf8))
            drew = true
        } else if now.timeIntervalSince(lastLine) >= 1 {
            lastLine = now
            standardError(
                "progress: rows=\(rows) percent=\(Int(fraction * 100)) imported=\(imported) already_present=\(alreadyPresent) rejected=\(rejected) rows_per_second=\(rate)"
            )
        }
    }

    func finish() {
        if drew { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
