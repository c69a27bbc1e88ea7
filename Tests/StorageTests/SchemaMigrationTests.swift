import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import Storage

@Suite("Schema migrations", .offPool)
struct SchemaMigrationTests {
    @Test("migration N is registered N-th, as vN-…, and no identifier repeats")
    func order() {
        let identifiers = Schema.migrations.map { $0.identifier }
        #expect(Set(identifiers).count == identifiers.count)
        for (index, identifier) in identifiers.enumerated() {
            #expect(identifier.hasPrefix("v\(index + 1)-"), "\(identifier) at position \(index + 1)")
        }
        #expect(Schema.migrator.migrations == identifiers)
    }

    @Test("a database brought up to an earlier migration is taken forward by the store, keeping its rows")
    func bringsForward() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let path = directory.appendingPathComponent(PortunusStore.fileName).path
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: Migration16AlertOperatorPosition.identifier)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO setting (name, value) VALUES ('kept', x'01')")
            }
            try queue.close()
        }
        let store = try PortunusStore(dataDirectory: directory.path)
        let (applied, kept) = try store.database.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM setting WHERE name = 'kept'")
            )
        }
        #expect(applied == Schema.migrations.map { $0.identifier })
        #expect(kept == 1)
        #expect(try store.database.read { db in try db.columns(in: "declaration").contains { $0.name == "reference" } })
    }
}
