import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import Storage

@Suite("The assistant's embedding cache as stored", .offPool)
struct TariffAssistantCacheHardeningTests {
    @Test(
        "a cached vector torn to two floats is encoded again instead of trapping the index build on every start",
        .enabled(if: TariffAssistantTests.ready))
    func tornCachedVectorIsEncodedAgain() async throws {
        let (store, directory, prepared) = try await TariffAssistantTests.copy()
        defer { TestEnvironment.cleanUp(directory) }
        let database = try DatabaseQueue(path: directory.appendingPathComponent("portunus.sqlite").path)
        try await database.write { db in
            try db.execute(sql: "UPDATE hs_embedding SET vector = substr(vector, 1, 8) WHERE text_hash = (SELECT MIN(text_hash) FROM hs_embedding)")
        }
        try database.close()
        let assistant = try TariffAssistantTests.assistant(store)
        let rebuilt = try assistant.prepare()
        #expect(rebuilt.encoded == 1 && rebuilt.cached == prepared.built.encoded - 1, "\(rebuilt)")
    }
}
