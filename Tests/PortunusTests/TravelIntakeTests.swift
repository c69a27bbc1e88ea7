import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import Storage

@Suite("Travel files received", .offPool)
struct TravelIntakeTests {
    @Test(
        "files are kept raw with their status and diagnostics, duplicates recognised, and read again after a parser change",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/pnrgov/gtas_pnr11_malformed_trailing_text.edi")))
    func intake() throws {
        let directory = TestEnvironment.temporaryDirectory("travel")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let intake = TravelIntake(store: store)
        let crew = try Data(contentsOf: TestEnvironment.dataset("api-pnr/paxlst/gtas_crew_d02b_oneline.edi"))
        let first = try intake.receive(crew, source: "test")
        // The GTAS fixture's UNT and UNZ do not add up: kept, with warnings.
        #expect(!first.duplicate && first.status == .parsedWithWarnings && first.messages == 1 && first.passengers == 8)
        #expect(first.diagnostics.map(\.code) == ["unt.count", "unz.reference"])
        let again = try intake.receive(crew, source: "test again")
        #expect(again.duplicate && again.id == first.id)

        let messy = try intake.receive(
            try Data(contentsOf: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr11_malformed_trailing_text.edi")), source: "test")
        #expect(messy.status == .parsedWithWarnings && messy.diagnostics.contains { $0.code == "text.trailing" })
        let garbage = try intake.receive(Data("not an EDIFACT file at all".utf8), source: "test")
        #expect(garbage.status == .failed && garbage.diagnostics.contains { $0.code == "message.none" })
        let (stored, raw) = try #require(try store.travelFiles.travelFile(id: garbage.id))
        #expect(raw == Data("not an EDIFACT file at all".utf8) && stored.status == .failed, "nothing is lost")

        #expect(try intake.reparse(olderThan: TravelIntake.parserVersion) == 0)
        #expect(try intake.reparse(olderThan: TravelIntake.parserVersion + 1) == 3, "three files stored: the duplicate was not")
        #expect(try store.travelFiles.travelFile(id: first.id)?.file.parserVersion == TravelIntake.parserVersion + 1)
        #expect(try store.travelFiles.travelFile(id: first.id)?.file.people == 8)
    }

    @Test(
        "a file is stored with its messages and diagnostics as sorted-key JSON; reading it again needs only its raw bytes",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_crew_d02b_oneline.edi")))
    func storedReading() throws {
        let directory = TestEnvironment.temporaryDirectory("travel")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let intake = TravelIntake(store: store)
        let receipt = try intake.receive(try Data(contentsOf: TestEnvironment.dataset("api-pnr/paxlst/gtas_crew_d02b_oneline.edi")), source: "test")
        let (file, _) = try #require(try store.travelFiles.travelFile(id: receipt.id))
        #expect(file.messages.count == 1 && file.messages[0].passengers.count == 8 && file.people == 8)
        #expect(file.diagnostics == receipt.diagnostics)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let (parsed, diagnostics, count) = try store.database.read { db in
            let row = try #require(
                try Row.fetchOne(db, sql: "SELECT parsed_json, diagnostics_json, messages FROM travel_message WHERE id = ?", arguments: [receipt.id]))
            return (row["parsed_json"] as String, row["diagnostics_json"] as String, row["messages"] as Int)
        }
        #expect(parsed == String(decoding: try encoder.encode(file.messages), as: UTF8.self) && count == 1)
        #expect(diagnostics == String(decoding: try encoder.encode(file.diagnostics), as: UTF8.self))

        // What an older parser stored need not decode today: the file is read again from its bytes.
        try store.database.write { db in try db.execute(sql: "UPDATE travel_message SET parsed_json = '[{\"type\":1}]'") }
        do {
            _ = try store.travelFiles.travelFile(id: receipt.id)
            Issue.record("a damaged reading was read")
        } catch {
            #expect(error.code == .storage && error.reason.hasPrefix("travel_message.parsed_json holds JSON"), "\(error.reason)")
        }
        #expect(try intake.reparse(olderThan: TravelIntake.parserVersion + 1) == 1)
        #expect(try store.travelFiles.travelFile(id: receipt.id)?.file.messages == file.messages)
    }
}
