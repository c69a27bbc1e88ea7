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

    @Test("a time column that does not hold an ISO 8601 instant reads as a storage error naming the column, and times round-trip to the second")
    func unreadableTimeNamesItsColumn() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        let deadline = try #require(ISO8601.parse("2026-12-31T08:15:00Z"))
        let movement = StoredMovement(
            reference: "MRN-T", device: "TRK-T", departureOffice: nil, destinationOffice: nil, corridor: nil, deadline: deadline,
            seals: ["S-1"], declarationID: nil)
        let opened = try store.tracking.openMovement(movement, by: "k1")
        let read = try #require(try store.tracking.movement(reference: "MRN-T"))
        #expect(read.deadline == deadline && read.seals == ["S-1"])
        #expect(read.openedAt == opened.openedAt || abs(read.openedAt.timeIntervalSince(opened.openedAt)) < 1)
        for (column, value) in [("deadline", "next Tuesday"), ("opened_at", "2026-13-45T99:00:00Z")] {
            try store.database.write { db in
                try db.execute(sql: "UPDATE transit_movement SET \(column) = ? WHERE reference = 'MRN-T'", arguments: [value])
            }
            #expect {
                _ = try store.tracking.movement(reference: "MRN-T")
            } throws: { error in
                (error as? PortunusError)?.code == .storage && (error as? PortunusError)?.reason.contains("transit_movement.\(column)") == true
            }
            try store.database.write { db in
                try db.execute(sql: "UPDATE transit_movement SET \(column) = '2026-12-31T08:15:00Z' WHERE reference = 'MRN-T'")
            }
        }
        try store.database.write { db in try db.execute(sql: "UPDATE transit_movement SET seals = 'not json' WHERE reference = 'MRN-T'") }
        #expect {
            _ = try store.tracking.movement(reference: "MRN-T")
        } throws: { error in
            (error as? PortunusError)?.reason.contains("transit_movement.seals") == true
        }
    }
}
