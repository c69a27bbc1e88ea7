import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PortunusTestSupport
import Synchronization
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

/// Collects every log record, at every level, for inspection.
final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    static let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(
        level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt
    ) {
        let all = self.metadata.merging(extra ?? [:]) { $1 }
        let text = "\(level) \(message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))"
        RecordingLogHandler.lines.withLock { $0.append(text) }
    }
}

@Suite("Logs carry no personal data")
struct LoggingTests {
    @Test("a session of lodging, failing, listing and reading logs no party id and no key, even at trace level")
    func noPersonalData() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let logger = Logger(label: "portunus.test") { _ in RecordingLogHandler() }
        let router = try PortunusServer.router(store: fixture.store, metrics: ServerMetrics(), configuration: fixture.configuration, logger: logger)
        let app = Application(router: router, logger: logger)
        let admin = try #require(fixture.keys["admin"])
        // A live server on a socket, so that Hummingbird's own request logging runs too.
        try await app.test(.live) { client in
            _ = try await client.send(.post, "/api/v1/declarations", key: admin, body: declarationJSON(id: "PII-1", importer: "IMP-JANE-DOE"))
            _ = try await client.send(
                .post, "/api/v1/declarations", key: admin, body: declarationJSON(id: "PII-2", importer: "IMP-JANE-DOE", hsCode: "1"))
            _ = try await client.send(.get, "/api/v1/declarations?importer=IMP-JANE-DOE", key: admin)
            _ = try await client.send(.get, "/api/v1/declarations?importer=IMP-JANE-DOE", key: fixture.keys["analyst"])
            _ = try await client.send(.get, "/api/v1/declarations/PII-1", key: admin)
            _ = try await client.send(.get, "/api/v1/declarations", key: admin + "x")
        }
        let lines = RecordingLogHandler.lines.withLock { $0 }
        // The secret is base64url, which may itself contain "_": split the token once, twice.
        let secret = String(admin.split(separator: "_", maxSplits: 2)[2])
        #expect(secret.utf8.count == 43)
        #expect(!lines.isEmpty, "the test captured the server's logs")
        for line in lines {
            #expect(!line.contains("IMP-JANE-DOE"), "party id in a log line: \(line)")
            #expect(!line.contains("DCL-1") && !line.contains("SLR-1"), "party id in a log line: \(line)")
            #expect(!line.contains(secret), "key secret in a log line")
        }
    }
}
