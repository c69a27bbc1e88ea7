import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Storage

/// Durability and confidentiality of the files the store keeps (issue #22).
@Suite("SQLite store: durability and file modes", .offPool)
struct StoreHardeningTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test("the writer commits with synchronous = FULL, so an acknowledged commit survives a power loss")
    func writerSyncsEveryCommit() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        let (journal, synchronous) = try store.database.writeWithoutTransaction { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "wal")
        #expect(synchronous == 2, "FULL is 2; NORMAL (1) syncs the WAL only at checkpoints")
    }

    @Test("a fresh store's directory is 0700 and its database, WAL and shared-memory files are 0600")
    func freshStoreIsOwnerOnly() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data/nested").path
        let store = try PortunusStore(dataDirectory: data)
        _ = try store.declarations.write([StoredDeclaration(declaration: try declaration("MODE-1"))])
        #expect(store.tightened.isEmpty)
        #expect(try Self.mode(data) == 0o700)
        for suffix in ["", "-wal", "-shm"] {
            #expect(try Self.mode(store.path + suffix) == 0o600, "\(PortunusStore.fileName)\(suffix)")
        }
    }

    @Test("an older store made 0755/0644 is tightened on open, everything in it included, and says so once")
    func oldStoreIsTightened() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        do {
            let store = try PortunusStore(dataDirectory: data)
            _ = try store.declarations.write([StoredDeclaration(declaration: try declaration("MODE-2"))])
        }
        // What an earlier version left under the usual umask.
        let models = (data as NSString).appendingPathComponent("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: models).appendingPathComponent("model.json"))
        for path in [data, models] { chmod(path, 0o755) }
        for path in [(data as NSString).appendingPathComponent(PortunusStore.fileName), (models as NSString).appendingPathComponent("model.json")] {
            chmod(path, 0o644)
        }

        let store = try PortunusStore(dataDirectory: data)
        #expect(store.tightened.contains(".") && store.tightened.contains(PortunusStore.fileName) && store.tightened.contains("models/model.json"))
        #expect(try Self.mode(data) == 0o700 && (try Self.mode(models)) == 0o700)
        #expect(try Self.mode(store.path) == 0o600 && (try Self.mode((models as NSString).appendingPathComponent("model.json"))) == 0o600)
        #expect(try store.declarations.count() == 1, "tightening changes modes, never contents")
        #expect(try PortunusStore(dataDirectory: data).tightened.isEmpty, "said once: the next open finds nothing to tighten")
    }

    @Test("a removed webhook's secret is erased: not in the table, not in the database or WAL files")
    func removedWebhookSecretIsErased() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        let secret = "whsec-" + UUID().uuidString
        let kept = "whsec-" + UUID().uuidString
        let webhook = try store.tracking.addWebhook(url: "https://partner.example/hook", secret: secret, kinds: nil, by: "admin")
        _ = try store.tracking.addWebhook(url: "https://other.example/hook", secret: kept, kinds: nil, by: "admin")
        func onDisk(_ text: String) throws -> Bool {
            try ["", "-wal"].contains { suffix in
                guard let bytes = FileManager.default.contents(atPath: store.path + suffix) else { return false }
                return bytes.range(of: Data(text.utf8)) != nil
            }
        }
        try store.checkpoint()
        #expect(try onDisk(secret), "the secret is stored while the webhook is active (the test can see it)")

        #expect(try store.tracking.removeWebhook(id: webhook.id, by: "admin"))
        let secrets = try store.database.read { db in try String.fetchAll(db, sql: "SELECT secret FROM tracking_webhook ORDER BY id") }
        #expect(secrets == ["", kept])
        #expect(try !onDisk(secret), "secure_delete zeroes the old cell and the WAL is truncated")
        #expect(try onDisk(kept))
    }
}
