import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Storage

/// SIGTERM while long background work runs (issue #22): the process stops at a cancellation
/// point and exits promptly, with nothing half-written, and the next start resumes.
@Suite("portunus serve: shutdown during background work", .serialized, .offPool)
struct ShutdownTests {
    static var ready: Bool {
        TestEnvironment.hasDatasets("hs/nomenclature-hs2022-unsd.csv") && TestEnvironment.tariffModel("all-minilm-l6-v2") != nil
    }

    static func embeddings(_ store: PortunusStore) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM hs_embedding") ?? 0 }
    }

    static func integrity(_ store: PortunusStore) throws -> [String] {
        try store.database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    @Test(
        "SIGTERM while the assistant's first index build encodes: exit 0 within 5 s, the database intact, the encoded batches cached",
        .enabled(if: ready))
    func sigtermDuringIndexBuild() async throws {
        let directory = TestEnvironment.temporaryDirectory("portunus-shutdown")
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        // The whole HS 2022 nomenclature: its first build encodes some 15,000 texts, minutes in
        // a debug build, so it is certainly under way when the signal comes.
        let imported = try runPortunus([
            "tariff", "import", "--edition", "2022", TestEnvironment.dataset("hs/nomenclature-hs2022-unsd.csv").path,
            "--data-dir", data,
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let model = try #require(TestEnvironment.tariffModel("all-minilm-l6-v2"))

        let log = directory.appendingPathComponent("serve.log")
        let process = try launchPortunus(
            ["serve", "--port", "0", "--data-dir", data],
            environment: ["PORTUNUS_TARIFF_MODEL": model.path, "PORTUNUS_LOG_LEVEL": "notice"], log: log)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Wait until some batches are in the cache, i.e. the build is under way.
        let watcher = try PortunusStore(dataDirectory: data)
        let deadline = Date().addingTimeInterval(300)
        var before = 0
        while Date() < deadline, process.isRunning {
            before = try Self.embeddings(watcher)
            if before > 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(
            before > 0,
            "the index build never stored a batch: \(String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self).suffix(2000))"
        )

        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, Date().timeIntervalSince(signalled) < 5 { try await Task.sleep(for: .milliseconds(20)) }
        let seconds = Date().timeIntervalSince(signalled)
        let text = String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self)
        #expect(!process.isRunning, "still running 5 s after SIGTERM: \(text.suffix(2000))")
        guard !process.isRunning else { return }
        print("portunus serve exited \(String(format: "%.2f", seconds)) s after SIGTERM during the index build")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text.suffix(2000))")
        #expect(text.contains("index build stopped for shutdown"), "\(text.suffix(2000))")

        // Nothing half-written, and the batches encoded before the signal are kept.
        let reopened = try PortunusStore(dataDirectory: data)
        #expect(try Self.integrity(reopened) == ["ok"])
        let after = try Self.embeddings(reopened)
        #expect(after >= before, "cached before SIGTERM \(before), after \(after)")
        #expect(!text.contains("index ready"), "the build stopped at a batch rather than running to its end")
    }
}
