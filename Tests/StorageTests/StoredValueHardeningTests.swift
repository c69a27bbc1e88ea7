import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Storage

/// Rows that an older version, a restore or another path could have written read back
/// without trapping (issue #22).
@Suite("SQLite store: stored values read totally", .offPool)
struct StoredValueHardeningTests {
    @Test("a ledger entry whose stored index is negative reads as not yet placed instead of trapping in UInt64")
    func negativeLedgerIndexReadsAsUnplaced() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        let seq = try store.ledger.enqueueLedger([LedgerOutboxEntry(type: "test", subject: "S-1") { _ in Data("{}".utf8) }])[0]
        try store.ledger.markPublished([(seq: seq, index: 7)])
        #expect(try store.ledger.entries(type: "test", subject: "S-1").first?.ledgerIndex == 7)
        try store.database.write { db in try db.execute(sql: "UPDATE ledger_outbox SET ledger_index = -1 WHERE seq = ?", arguments: [seq]) }
        let entries = try store.ledger.entries(type: "test", subject: "S-1")
        #expect(entries.count == 1 && entries[0].ledgerIndex == nil)
    }

    @Test("a declaration lodged at 1e300 s, -1e300 s or NaN has a content hash instead of trapping in Int64")
    func contentHashOfAbsurdTimesIsTotal() throws {
        var hashes = Set<Int64>()
        for seconds in [1e300, -1e300, Double.nan, Double.infinity] {
            var absurd = try declaration("ABSURD-1")
            absurd.lodgedAt = Date(timeIntervalSince1970: seconds)
            hashes.insert(absurd.contentHash)
        }
        #expect(hashes.count >= 2, "1e300 and -1e300 clamp to different ends")
        let plain = try declaration("ABSURD-1")
        var same = plain
        same.lodgedAt = Date(timeIntervalSince1970: plain.lodgedAt.timeIntervalSince1970 + 0.25)
        #expect(plain.contentHash == same.contentHash, "times within the calendar hash as before (whole seconds)")
    }
}
