import Foundation
import Logging

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
