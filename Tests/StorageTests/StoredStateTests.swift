import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Storage

/// States are kept as the domain enums' raw values; a row holding a value this version does not
/// know (a later version wrote it, or a hand edit) is a storage error naming the column, never a
/// trap.
@Suite("SQLite store: stored states read as the domain's enums", .offPool)
struct StoredStateTests {
    static func entry(_ subject: String) -> LedgerOutboxEntry { LedgerOutboxEntry(type: "test", subject: subject) { _ in Data("{}".utf8) } }

    static func expectUnknown(_ column: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("\(column): an unknown value was read")
        } catch let error as PortunusError {
            #expect(error.code == .storage)
            #expect(error.reason.hasPrefix("\(column) holds 'teleported'"), "\(error.reason)")
        } catch {
            Issue.record("\(column): \(error)")
        }
    }

    @Test("a movement, certificate or sample whose state is unknown is a storage error naming the column")
    func unknownStates() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)

        let movement = StoredMovement(
            reference: "MRN-1", device: "TRK-1", departureOffice: nil, destinationOffice: nil, corridor: nil,
            deadline: try #require(ISO8601.parse("2026-12-31T00:00:00Z")),
            seals: [], declarationID: nil)
        #expect(try store.tracking.openMovement(movement, by: "k1").state.rawValue == "opened")
        try store.certificates.issueCertificate(
            StoredCertificate(
                id: "AEO-1", kind: .aeo, holder: "IMP-A", document: "{}", documentSHA256: "", status: .granted,
                issuedAt: try #require(ISO8601.parse("2026-12-01T00:00:00Z"))),
            by: "k1", ledger: Self.entry("AEO-1"))
        #expect(try store.certificates.certificate(id: "AEO-1")?.status == .granted)
        try store.certificates.createSample(id: "S-1", declarationID: nil, description: "powder", by: "k1", details: "{}", ledger: Self.entry("S-1"))
        #expect(try store.certificates.sample(id: "S-1")?.state == .taken)

        // The schema's CHECK constraints keep such values out; a later version's schema may not.
        try store.database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA ignore_check_constraints = ON") }
        try store.database.write { db in
            try db.execute(sql: "UPDATE transit_movement SET state = 'teleported'")
            try db.execute(sql: "UPDATE certificate SET status = 'teleported'")
            try db.execute(sql: "UPDATE lab_sample SET state = 'teleported'")
        }
        Self.expectUnknown("transit_movement.state") { _ = try store.tracking.movement(reference: "MRN-1") }
        Self.expectUnknown("transit_movement.state") { _ = try store.tracking.trackedMovements() }
        Self.expectUnknown("certificate.status") { _ = try store.certificates.certificate(id: "AEO-1") }
        Self.expectUnknown("certificate.status") {
            try store.certificates.changeCertificateStatus(id: "AEO-1", reason: nil, by: "k1", ledger: Self.entry("AEO-1")) {
                status throws(CertificateStatus.Refusal) in
                try status.applying(.revoke)
            }
        }
        Self.expectUnknown("lab_sample.state") { _ = try store.certificates.sample(id: "S-1") }
    }
}
