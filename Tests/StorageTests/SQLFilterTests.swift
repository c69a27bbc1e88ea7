import GRDB
import Testing

@testable import Storage

@Suite struct SQLFilterTests {
    @Test func noConditionGivesNoWhereClause() {
        let filter = SQLFilter()
        #expect(filter.whereClause == "")
        #expect(filter.arguments.isEmpty)
    }

    @Test func conditionsAreJoinedAndTheirArgumentsKeptInOrder() throws {
        var filter = SQLFilter()
        filter.add("office = ?", "GBLHR")
        filter.add("(importer_id = ? OR declarant_id = ?)", "GB1", "GB1")
        #expect(filter.whereClause == " WHERE office = ? AND (importer_id = ? OR declarant_id = ?)")
        let queue = try DatabaseQueue()
        let count = try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (office TEXT, importer_id TEXT, declarant_id TEXT)")
            try db.execute(sql: "INSERT INTO t VALUES ('GBLHR', 'GB1', 'GB2'), ('GBLHR', 'GB3', 'GB1'), ('GBFXT', 'GB1', 'GB1')")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t" + filter.whereClause, arguments: StatementArguments(filter.arguments))
        }
        #expect(count == 2)
    }
}
