import Foundation
import PortunusTestSupport
import Testing

@testable import Ledger

@Suite("Checkpoint history read back from disk")
struct LedgerHistoryCorruptionTests {
    @Test(
        "a history record with a negative or Int.max length ends the history at the last good record instead of trapping",
        arguments: ["-5\nabc", "9223372036854775807\nabc", "9223372036854775800\n"])
    func corruptLengthEndsTheHistory(tail: String) throws {
        let directory = TestEnvironment.temporaryDirectory("ledger-history")
        defer { TestEnvironment.cleanUp(directory) }
        let log = try TiledLog.create(dataDirectory: directory, origin: "customs.example/ledger")
        _ = try log.append([entry(0)])
        _ = try log.append([entry(1)])
        let good = TiledLog.history(paths: log.paths)
        #expect(!good.isEmpty)
        let handle = try FileHandle(forWritingTo: log.paths.history)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(tail.utf8))
        try handle.close()
        #expect(TiledLog.history(paths: log.paths).map(\.size) == good.map(\.size))
    }
}
