import Foundation
import GRDB
import PortunusCore

/// Laboratory and other certificates with their status, and laboratory samples with their chain of
/// custody.
public struct CertificateStore: AggregateStore {
    let engine: PortunusStore
}

extension CertificateStore {
    // MARK: Certificates

    /// Stores a new certificate with its first event and ledger entry, in one transaction.
    /// A granted AEO authorisation makes its holder an AEO for risk assessment.
    public func issueCertificate(_ certificate: StoredCertificate, by actor: String, ledger: LedgerOutboxEntry) throws(PortunusError) {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM certificate WHERE id = ?", arguments: [certificate.id]) == true {
                throw PortunusError(.conflict, "a certificate with this id exists", field: "/id")
            }
            try db.execute(
                sql: """
                    INSERT INTO certificate (id, kind, holder, document, document_sha256, status, issued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    certificate.id, certificate.kind.rawValue, certificate.holder, certificate.document, certificate.documentSHA256,
                    certificate.status.rawValue, ISO8601.format(certificate.issuedAt), ISO8601.format(certificate.issuedAt),
                ])
            let seq = try LedgerOutboxStore.enqueue(db, [ledger])[0]
            try db.execute(
                sql: "INSERT INTO certificate_event (certificate_id, status, at, by, ledger_seq) VALUES (?, ?, ?, ?, ?)",
                arguments: [certificate.id, certificate.status.rawValue, ISO8601.format(certificate.issuedAt), actor, seq])
            if certificate.kind == .aeo && certificate.status == .granted {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO aeo_party (party, since) VALUES (?, ?)",
                    arguments: [certificate.holder, ISO8601.format(certificate.issuedAt)])
            }
        }
    }

    /// Changes a certificate's status to the one `transform` gives for its current one (the
    /// domain's transition, which may refuse), with its event and ledger entry. The read, the
    /// transition and the writes are one transaction, so two officers cannot both act on the
    /// same status. A granted AEO authorisation makes its holder an AEO; any other status ends it.
    public func changeCertificateStatus(
        id: String, reason: String?, by actor: String, ledger: LedgerOutboxEntry,
        transform: (CertificateStatus) throws(CertificateStatus.Refusal) -> CertificateStatus
    ) throws(PortunusError) {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT kind, holder, status FROM certificate WHERE id = ?", arguments: [id]) else {
                throw PortunusError(.notFound, "no such certificate", field: "id")
            }
            let current: CertificateStatus = try row.domainValue("status", in: "certificate")
            let kind: CertificateKind = try row.domainValue("kind", in: "certificate")
            let status: CertificateStatus = try Self.transition(current, transform)
            let now = ISO8601.format(Date())
            try db.execute(sql: "UPDATE certificate SET status = ?, updated_at = ? WHERE id = ?", arguments: [status.rawValue, now, id])
            let seq = try LedgerOutboxStore.enqueue(db, [ledger])[0]
            try db.execute(
                sql: "INSERT INTO certificate_event (certificate_id, status, at, by, reason, ledger_seq) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, status.rawValue, now, actor, reason, seq])
            if kind == .aeo {
                if status == .granted {
                    try db.execute(sql: "INSERT OR REPLACE INTO aeo_party (party, since) VALUES (?, ?)", arguments: [row["holder"] as String, now])
                } else {
                    try db.execute(sql: "DELETE FROM aeo_party WHERE party = ?", arguments: [row["holder"] as String])
                }
            }
        }
    }

    public func certificate(id: String) throws(PortunusError) -> StoredCertificate? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM certificate WHERE id = ?", arguments: [id]) else { return nil }
            var certificate = try CertificateStore.certificate(row)
            certificate.events = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.*, o.ledger_index FROM certificate_event e JOIN ledger_outbox o ON o.seq = e.ledger_seq
                    WHERE e.certificate_id = ? ORDER BY e.id
                    """, arguments: [id]
            ).map {
                StoredCertificate.Event(
                    status: try $0.domainValue("status", in: "certificate_event"), at: try $0.time("at", in: "certificate_event"), by: $0["by"],
                    reason: $0["reason"],
                    ledgerSeq: $0["ledger_seq"],
                    ledgerIndex: LedgerOutboxStore.ledgerIndex($0))
            }
            return certificate
        }
    }

    public func certificates(kind: CertificateKind, holder: String?, limit: Int) throws(PortunusError) -> [StoredCertificate] {
        try read { db in
            var sql = "SELECT * FROM certificate WHERE kind = ?"
            var arguments: [any DatabaseValueConvertible] = [kind.rawValue]
            if let holder {
                sql += " AND holder = ?"
                arguments.append(holder)
            }
            sql += " ORDER BY issued_at DESC, id LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(CertificateStore.certificate)
        }
    }

    static func certificate(_ row: Row) throws -> StoredCertificate {
        var certificate = StoredCertificate(
            id: row["id"], kind: try row.domainValue("kind", in: "certificate"), holder: row["holder"], document: row["document"],
            documentSHA256: row["document_sha256"], status: try row.domainValue("status", in: "certificate"),
            issuedAt: try row.time("issued_at", in: "certificate"))
        certificate.updatedAt = try row.time("updated_at", in: "certificate")
        return certificate
    }

    // MARK: Laboratory samples

    public func createSample(
        id: String, declarationID: String?, description: String, by actor: String, details: String,
        ledger: LedgerOutboxEntry
    ) throws(PortunusError) {
        try transaction { transaction in
            try transaction.createSample(id: id, declarationID: declarationID, description: description, by: actor, details: details, ledger: ledger)
        }
    }

    /// Records the next custody event: the sample takes the state `transform` gives for its
    /// current one (the domain's transition, which refuses an event out of order), and the event
    /// is named after that state. The read, the transition and the writes are one transaction.
    public func recordSampleEvent(
        id: String, by actor: String, details: String, ledger: LedgerOutboxEntry,
        transform: (CustodyState) throws(CustodyState.Refusal) -> CustodyState
    ) throws(PortunusError) {
        try transaction { transaction in
            _ = try transaction.recordSampleEvent(id: id, by: actor, details: details, ledger: ledger, transform: transform)
        }
    }

    public func sample(id: String) throws(PortunusError) -> StoredSample? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM lab_sample WHERE id = ?", arguments: [id]) else { return nil }
            var sample = StoredSample(
                id: row["id"], declarationID: row["declaration_id"], description: row["description"],
                state: try row.domainValue("state", in: "lab_sample"),
                createdAt: try row.time("created_at", in: "lab_sample"))
            sample.events = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.*, o.ledger_index FROM lab_sample_event e JOIN ledger_outbox o ON o.seq = e.ledger_seq WHERE e.sample_id = ? ORDER BY e.id
                    """, arguments: [id]
            ).map {
                StoredSample.Event(
                    event: try $0.domainValue("event", in: "lab_sample_event"), at: try $0.time("at", in: "lab_sample_event"), by: $0["by"],
                    details: $0["details"],
                    ledgerSeq: $0["ledger_seq"],
                    ledgerIndex: LedgerOutboxStore.ledgerIndex($0))
            }
            return sample
        }
    }
}
