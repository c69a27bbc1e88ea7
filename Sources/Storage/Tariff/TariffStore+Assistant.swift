import Foundation
import GRDB
import PortunusCore

extension TariffStore {
    /// Replaces every line of one source (`cn2023-en`, …) in one transaction.
    public func replaceHSTexts(source: String, edition: Int, lines: [(code: String, reference: String, text: String)], by actor: String)
        throws(PortunusError)
    {
        try write { db in
            try db.execute(sql: "DELETE FROM hs_text WHERE source = ?", arguments: [source])
            let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO hs_text (edition, code, source, reference, text) VALUES (?, ?, ?, ?, ?)")
            for line in lines { try insert.execute(arguments: [edition, line.code, source, line.reference, line.text]) }
            try TariffStore.bumpHSGeneration(db)
            try KeyStore.recordAudit(db, keyID: actor, action: "tariff.import", subject: "texts \(source):\(lines.count) lines")
        }
    }

    public func hsTexts(edition: Int) throws(PortunusError) -> [StoredHSText] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT edition, code, source, reference, text FROM hs_text WHERE edition = ? ORDER BY code, source, reference",
                arguments: [edition]
            ).map {
                StoredHSText(edition: $0["edition"], code: $0["code"], source: $0["source"], reference: $0["reference"], text: $0["text"])
            }
        }
    }

    /// The description sources and how many lines each has.
    public func hsTextSources() throws(PortunusError) -> [(source: String, edition: Int, lines: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT source, edition, COUNT(*) AS n FROM hs_text GROUP BY source, edition ORDER BY source").map {
                ($0["source"], $0["edition"], $0["n"])
            }
        }
    }

    /// Records a confirmed classification; returns it as stored.
    public func addHSClassification(
        edition: Int, code: String, text: String, source: String, reference: String?, declarationID: String?,
        by actor: String, at: Date = Date()
    ) throws(PortunusError) -> StoredHSClassification {
        let confirmedAt = at.storedPrecision
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO hs_classification (edition, code, text, source, reference, declaration_id, confirmed_by, confirmed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [edition, code, text, source, reference, declarationID, actor, ISO8601.format(confirmedAt)])
            let id = db.lastInsertedRowID
            try TariffStore.bumpHSGeneration(db)
            try KeyStore.recordAudit(db, keyID: actor, action: "tariff.confirm", subject: "classification \(id): HS\(edition) \(code)")
            return StoredHSClassification(
                id: id, edition: edition, code: code, text: text, source: source, reference: reference,
                declarationID: declarationID, confirmedBy: actor, confirmedAt: confirmedAt, withdrawnAt: nil)
        }
    }

    /// Withdraws a confirmed classification (it stops teaching the assistant but stays on record).
    /// False when there is no such classification in force.
    public func withdrawHSClassification(id: Int64, by actor: String, at: Date = Date()) throws(PortunusError) -> Bool {
        try write { db in
            try db.execute(
                sql: "UPDATE hs_classification SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? AND withdrawn_at IS NULL",
                arguments: [ISO8601.format(at), actor, id])
            guard db.changesCount > 0 else { return false }
            try TariffStore.bumpHSGeneration(db)
            try KeyStore.recordAudit(db, keyID: actor, action: "tariff.withdraw", subject: "classification \(id)")
            return true
        }
    }

    public func hsClassifications(edition: Int? = nil, includeWithdrawn: Bool = false, limit: Int = 10_000_000) throws(PortunusError)
        -> [StoredHSClassification]
    {
        try read { db in
            var sql = "SELECT * FROM hs_classification WHERE 1"
            var arguments: StatementArguments = []
            if let edition {
                sql += " AND edition = ?"
                arguments += [edition]
            }
            if !includeWithdrawn { sql += " AND withdrawn_at IS NULL" }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                StoredHSClassification(
                    id: $0["id"], edition: $0["edition"], code: $0["code"], text: $0["text"], source: $0["source"],
                    reference: $0["reference"], declarationID: $0["declaration_id"], confirmedBy: $0["confirmed_by"],
                    confirmedAt: try $0.time("confirmed_at", in: "hs_classification"),
                    withdrawnAt: try $0.timeIfPresent("withdrawn_at", in: "hs_classification"))
            }
        }
    }

    /// The cached embeddings of these text hashes under one model (those not cached are absent).
    public func hsEmbeddings(model: String, hashes: [Data]) throws(PortunusError) -> [Data: [Float]] {
        try read { db in
            var found: [Data: [Float]] = [:]
            let statement = try db.cachedStatement(sql: "SELECT vector FROM hs_embedding WHERE model = ? AND text_hash = ?")
            for hash in hashes {
                if let blob = try Data.fetchOne(statement, arguments: [model, hash]) { found[hash] = BiometricStore.floats(blob) }
            }
            return found
        }
    }

    /// Drops the embeddings of every model but this one.
    public func dropHSEmbeddings(otherThan model: String) throws(PortunusError) {
        try write { db in try db.execute(sql: "DELETE FROM hs_embedding WHERE model <> ?", arguments: [model]) }
    }

    /// Stores embeddings under one model.
    public func storeHSEmbeddings(model: String, _ vectors: [(hash: Data, vector: [Float])]) throws(PortunusError) {
        try write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO hs_embedding (model, text_hash, vector) VALUES (?, ?, ?)")
            for entry in vectors { try insert.execute(arguments: [model, entry.hash, BiometricStore.data(entry.vector)]) }
        }
    }

    public func hsEmbeddingCount(model: String? = nil) throws(PortunusError) -> Int {
        try read { db in
            if let model { return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM hs_embedding WHERE model = ?", arguments: [model]) ?? 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM hs_embedding") ?? 0
        }
    }
}

extension TariffStore {
    /// What the assistant's index is built from, as a generation number: it changes whenever
    /// the nomenclature, the description lines or the confirmed classifications change.
    public func hsAssistantFingerprint(edition: Int) throws(PortunusError) -> String {
        try read { db in String(try Int64.fetchOne(db, sql: "SELECT value FROM hs_generation WHERE id = 1") ?? 0) }
    }

    static func bumpHSGeneration(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO hs_generation (id, value) VALUES (1, 1) ON CONFLICT(id) DO UPDATE SET value = value + 1")
    }
}
