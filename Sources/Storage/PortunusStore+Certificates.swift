import Foundation
import GRDB
import PortunusCore

public struct StoredCertificate: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var holder: String
    /// The certificate document, canonical JSON.
    public var document: String
    public var documentSHA256: String
    public var status: String
    public var issuedAt: String
    public var updatedAt: String
    public var events: [Event] = []

    public struct Event: Sendable, Hashable {
        public var status: String
        public var at: String
        public var by: String
        public var reason: String?
        public var ledgerSeq: Int64
        public var ledgerIndex: UInt64?
    }

    public init(id: String, kind: String, holder: String, document: String, documentSHA256: String, status: String, issuedAt: String) {
        self.id = id
        self.kind = kind
        self.holder = holder
        self.document = document
        self.documentSHA256 = documentSHA256
        self.status = status
        self.issuedAt = issuedAt
        self.updatedAt = issuedAt
    }
}

public struct StoredSample: Sendable, Hashable {
    public var id: String
    public var declarationID: String?
    public var description: String
    public var state: String
    public var createdAt: String
    public var events: [Event] = []

    public struct Event: Sendable, Hashable {
        public var event: String
        public var at: String
        public var by: String
        /// JSON object.
        public var details: String
        public var ledgerSeq: Int64
        public var ledgerIndex: UInt64?
    }
}

extension PortunusStore {
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
                    certificate.id, certificate.kind, certificate.holder, certificate.document, certificate.documentSHA256,
                    certificate.status, certificate.issuedAt, certificate.issuedAt,
                ])
            let seq = try Self.enqueue(db, [ledger])[0]
            try db.execute(
                sql: "INSERT INTO certificate_event (certificate_id, status, at, by, ledger_seq) VALUES (?, ?, ?, ?, ?)",
                arguments: [certificate.id, certificate.status, certificate.issuedAt, actor, seq])
            if certificate.kind == "aeo" && certificate.status == "granted" {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO aeo_party (party, since) VALUES (?, ?)", arguments: [certificate.holder, certificate.issuedAt])
            }
        }
    }

    /// Changes a certificate's status if it is still `expected` (so two officers cannot both
    /// act on the same state), with its event and ledger entry, in one transaction.
    public func changeCertificateStatus(
        id: String, from expected: Set<String>, to status: String, reason: String?, by actor: String,
        ledger: LedgerOutboxEntry
    ) throws(PortunusError) {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT kind, holder, status FROM certificate WHERE id = ?", arguments: [id]) else {
                throw PortunusError(.notFound, "no such certificate", field: "id")
            }
            let current: String = row["status"]
            guard expected.contains(current) else {
                throw PortunusError(.conflict, "the certificate is \(current); it cannot become \(status)", field: "/status")
            }
            let now = ISO8601.format(Date())
            try db.execute(sql: "UPDATE certificate SET status = ?, updated_at = ? WHERE id = ?", arguments: [status, now, id])
            let seq = try Self.enqueue(db, [ledger])[0]
            try db.execute(
                sql: "INSERT INTO certificate_event (certificate_id, status, at, by, reason, ledger_seq) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, status, now, actor, reason, seq])
            if row["kind"] as String == "aeo" {
                if status == "granted" {
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
            var certificate = Self.certificate(row)
            certificate.events = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.*, o.ledger_index FROM certificate_event e JOIN ledger_outbox o ON o.seq = e.ledger_seq
                    WHERE e.certificate_id = ? ORDER BY e.id
                    """, arguments: [id]
            ).map {
                StoredCertificate.Event(
                    status: $0["status"], at: $0["at"], by: $0["by"], reason: $0["reason"], ledgerSeq: $0["ledger_seq"],
                    ledgerIndex: Self.ledgerIndex($0))
            }
            return certificate
        }
    }

    public func certificates(kind: String, holder: String?, limit: Int) throws(PortunusError) -> [StoredCertificate] {
        try read { db in
            var sql = "SELECT * FROM certificate WHERE kind = ?"
            var arguments: [any DatabaseValueConvertible] = [kind]
            if let holder {
                sql += " AND holder = ?"
                arguments.append(holder)
            }
            sql += " ORDER BY issued_at DESC, id LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.certificate)
        }
    }

    static func certificate(_ row: Row) -> StoredCertificate {
        var certificate = StoredCertificate(
            id: row["id"], kind: row["kind"], holder: row["holder"], document: row["document"],
            documentSHA256: row["document_sha256"], status: row["status"], issuedAt: row["issued_at"])
        certificate.updatedAt = row["updated_at"]
        return certificate
    }

    // MARK: Laboratory samples

    public func createSample(
        id: String, declarationID: String?, description: String, by actor: String, details: String,
        ledger: LedgerOutboxEntry
    ) throws(PortunusError) {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM lab_sample WHERE id = ?", arguments: [id]) == true {
                throw PortunusError(.conflict, "a sample with this id exists", field: "/id")
            }
            let now = ISO8601.format(Date())
            try db.execute(
                sql: "INSERT INTO lab_sample (id, declaration_id, description, state, created_at, updated_at) VALUES (?, ?, ?, 'taken', ?, ?)",
                arguments: [id, declarationID, description, now, now])
            let seq = try Self.enqueue(db, [ledger])[0]
            try db.execute(
                sql: "INSERT INTO lab_sample_event (sample_id, event, at, by, details, ledger_seq) VALUES (?, 'taken', ?, ?, ?, ?)",
                arguments: [id, now, actor, details, seq])
        }
    }

    /// Records the next custody event if the sample is in state `expected`.
    public func recordSampleEvent(
        id: String, expected: String, event: String, by actor: String, details: String,
        ledger: LedgerOutboxEntry
    ) throws(PortunusError) {
        try write { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM lab_sample WHERE id = ?", arguments: [id]) else {
                throw PortunusError(.notFound, "no such sample", field: "id")
            }
            guard state == expected else {
                throw PortunusError(.conflict, "the sample is \(state); '\(event)' comes after '\(expected)'", field: "/event")
            }
            let now = ISO8601.format(Date())
            try db.execute(sql: "UPDATE lab_sample SET state = ?, updated_at = ? WHERE id = ?", arguments: [event, now, id])
            let seq = try Self.enqueue(db, [ledger])[0]
            try db.execute(
                sql: "INSERT INTO lab_sample_event (sample_id, event, at, by, details, ledger_seq) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, event, now, actor, details, seq])
        }
    }

    public func sample(id: String) throws(PortunusError) -> StoredSample? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM lab_sample WHERE id = ?", arguments: [id]) else { return nil }
            var sample = StoredSample(
                id: row["id"], declarationID: row["declaration_id"], description: row["description"], state: row["state"],
                createdAt: row["created_at"])
            sample.events = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.*, o.ledger_index FROM lab_sample_event e JOIN ledger_outbox o ON o.seq = e.ledger_seq WHERE e.sample_id = ? ORDER BY e.id
                    """, arguments: [id]
            ).map {
                StoredSample.Event(
                    event: $0["event"], at: $0["at"], by: $0["by"], details: $0["details"], ledgerSeq: $0["ledger_seq"],
                    ledgerIndex: Self.ledgerIndex($0))
            }
            return sample
        }
    }
}
