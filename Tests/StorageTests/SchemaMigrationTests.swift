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

    @Test("v18 rewrites warnings stored with the declaration's old camelCase keys to snake_case pointers")
    func snakeCaseWarningFields() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let path = directory.appendingPathComponent(PortunusStore.fileName).path
        let stored = ["/items/1/netMass", "/items/0/customsValue/amount", "/lodgedAt", "/procedure/modeOfTransport", "/items/2/hsCode", "/office"]
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: Migration17DeclarationReference.identifier)
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO declaration (seq, id, lodged_at, office, process_type, import_type, import_use, payment_type,
                            transport_mode, declarant_id, importer_id, item_count, content_hash)
                        VALUES (1, 'W-1', '2025-03-01T10:00:00Z', 'SEA01', 'B', '11', '21', '11', '10', 'D', 'I', 1, 0)
                        """)
                for field in stored {
                    try db.execute(
                        sql: "INSERT INTO declaration_warning (declaration_seq, code, field) VALUES (1, 'net_mass.zero', ?)", arguments: [field])
                }
            }
            try queue.close()
        }
        let store = try PortunusStore(dataDirectory: directory.path)
        let fields = try store.database.read { db in try String.fetchAll(db, sql: "SELECT field FROM declaration_warning ORDER BY rowid") }
        #expect(
            fields == [
                "/items/1/net_mass", "/items/0/customs_value/amount", "/lodged_at", "/procedure/mode_of_transport", "/items/2/hs_code", "/office",
            ])
    }
}
