import Foundation
import GRDB
import PortunusCore

extension StoreTransaction {
    /// A sample taken, with its first custody event and ledger entry.
    public func createSample(
        id: String, declarationID: String?, description: String, by actor: String, details: String, ledger: LedgerOutboxEntry
    ) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM lab_sample WHERE id = ?", arguments: [id]) == true {
            throw PortunusError(.conflict, "a sample with this id exists", field: "/id")
        }
        let now = ISO8601.format(Date())
        try db.execute(
            sql: "INSERT INTO lab_sample (id, declaration_id, description, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, declarationID, description, CustodyState.taken.rawValue, now, now])
        let seq = try LedgerOutboxStore.enqueue(db, [ledger])[0]
        try db.execute(
            sql: "INSERT INTO lab_sample_event (sample_id, event, at, by, details, ledger_seq) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, CustodyState.taken.rawValue, now, actor, details, seq])
    }

    /// The next custody event of a sample (see ``CertificateStore/recordSampleEvent(id:by:details:ledger:transform:)``);
    /// returns the state it took.
    public func recordSampleEvent(
        id: String, by actor: String, details: String, ledger: LedgerOutboxEntry,
        transform: (CustodyState) throws(CustodyState.Refusal) -> CustodyState
    ) throws -> CustodyState {
        guard let row = try Row.fetchOne(db, sql: "SELECT state FROM lab_sample WHERE id = ?", arguments: [id]) else {
            throw PortunusError(.notFound, "no such sample", field: "id")
        }
        let current: CustodyState = try row.domainValue("state", in: "lab_sample")
        let state: CustodyState = try CertificateStore.transition(current, transform)
        let now = ISO8601.format(Date())
        try db.execute(sql: "UPDATE lab_sample SET state = ?, updated_at = ? WHERE id = ?", arguments: [state.rawValue, now, id])
        let seq = try LedgerOutboxStore.enqueue(db, [ledger])[0]
        try db.execute(
            sql: "INSERT INTO lab_sample_event (sample_id, event, at, by, details, ledger_seq) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, state.rawValue, now, actor, details, seq])
        return state
    }

    /// Whether the declaration's clearance is waiting for this sample's result (its
    /// `SAMPLE_TAKEN` milestone names it).
    public func clearanceAwaits(sample id: String, declarationID: String) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT 1 FROM milestone m JOIN declaration d ON d.seq = m.declaration_seq
                WHERE d.id = ? AND m.code = 'SAMPLE_TAKEN' AND json_extract(m.attributes, '$.sample') = ?
                """, arguments: [declarationID, id]) ?? false
    }
}
