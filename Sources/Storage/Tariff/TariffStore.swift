import Foundation
import GRDB
import PortunusCore

/// The Harmonized System by edition (codes, headings' texts, correlations between editions) and the
/// classification assistant's confirmed classifications.
public struct TariffStore: AggregateStore {
    let engine: PortunusStore
}

extension TariffStore {
    /// Replaces an edition's nomenclature in one transaction, and its full-text index.
    public func replaceNomenclature(edition: Int, codes: [(code: String, parent: String?, section: String?, description: String)], by actor: String)
        throws(PortunusError)
    {
        try write { db in
            try db.execute(sql: "DELETE FROM hs_code WHERE edition = ?", arguments: [edition])
            let insert = try db.cachedStatement(
                sql: "INSERT INTO hs_code (edition, code, level, parent, section, description) VALUES (?, ?, ?, ?, ?, ?)")
            for entry in codes {
                try insert.execute(arguments: [edition, entry.code, entry.code.count, entry.parent, entry.section, entry.description])
            }
            try db.execute(sql: "INSERT INTO hs_code_fts (hs_code_fts) VALUES ('rebuild')")
            try TariffStore.bumpHSGeneration(db)
            try KeyStore.recordAudit(db, keyID: actor, action: "tariff.import", subject: "HS\(edition):\(codes.count) codes")
        }
    }

    /// Replaces the links of one kind between two editions in one transaction.
    public func replaceLinks(
        kind: String, from: Int, to: Int, links: [(from: String, to: String, relationship: String, partial: Bool)], by actor: String
    ) throws(PortunusError) {
        try write { db in
            try db.execute(sql: "DELETE FROM hs_link WHERE kind = ? AND from_edition = ? AND to_edition = ?", arguments: [kind, from, to])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO hs_link (kind, from_edition, from_code, to_edition, to_code, relationship, partial) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for link in links { try insert.execute(arguments: [kind, from, link.from, to, link.to, link.relationship, link.partial]) }
            try KeyStore.recordAudit(db, keyID: actor, action: "tariff.import", subject: "\(kind) HS\(from)-HS\(to):\(links.count) links")
        }
    }

    public func hsCode(edition: Int, code: String) throws(PortunusError) -> StoredHSCode? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM hs_code WHERE edition = ? AND code = ?", arguments: [edition, code]).map(TariffStore.hsCode)
        }
    }

    /// The codes one level below (the chapters, for nil).
    public func hsChildren(edition: Int, of parent: String?) throws(PortunusError) -> [StoredHSCode] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM hs_code WHERE edition = ? AND (parent = ? OR (? IS NULL AND level = 2)) ORDER BY code",
                arguments: [edition, parent, parent]
            ).map(TariffStore.hsCode)
        }
    }

    /// How many codes of each level an edition has (empty: not imported).
    public func hsCounts(edition: Int) throws(PortunusError) -> [Int: Int] {
        try read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT level, COUNT(*) AS n FROM hs_code WHERE edition = ? GROUP BY level", arguments: [edition]
                )
                .map { ($0["level"] as Int, $0["n"] as Int) })
        }
    }

    /// Full-text search (FTS5, Porter stemming, BM25 ranking) over an edition's texts; the
    /// query's words are all required, each as a prefix.
    public func searchHS(edition: Int, words: [String], level: Int? = nil, limit: Int) throws(PortunusError) -> [StoredHSCode] {
        let query = words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "") + "\"*" }.joined(separator: " ")
        guard !query.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.* FROM hs_code_fts f JOIN hs_code c ON c.id = f.rowid
                    WHERE hs_code_fts MATCH ? AND c.edition = ? AND (? IS NULL OR c.level = ?) ORDER BY bm25(hs_code_fts), c.code LIMIT ?
                    """, arguments: [query, edition, level, level, limit]
            ).map(TariffStore.hsCode)
        }
    }

    /// The links of a code from one edition to another, whichever way the table was
    /// imported (read backwards, n:1 becomes 1:n).
    public func hsLinks(kind: String, code: String, from: Int, to: Int) throws(PortunusError) -> [StoredHSLink] {
        try read { db in
            let forward = try Row.fetchAll(
                db,
                sql: """
                    SELECT from_code, to_code, relationship, partial FROM hs_link WHERE kind = ? AND from_edition = ? AND to_edition = ? AND from_code = ? ORDER BY to_code
                    """, arguments: [kind, from, to, code]
            ).map {
                StoredHSLink(from: $0["from_code"], to: $0["to_code"], relationship: $0["relationship"], partial: $0["partial"])
            }
            if !forward.isEmpty { return forward }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT from_code, to_code, relationship, partial FROM hs_link WHERE kind = ? AND from_edition = ? AND to_edition = ? AND to_code = ? ORDER BY from_code
                    """, arguments: [kind, to, from, code]
            ).map { row in
                let relationship: String = row["relationship"]
                let sides = relationship.split(separator: ":")
                return StoredHSLink(
                    from: row["to_code"], to: row["from_code"], relationship: sides.count == 2 ? "\(sides[1]):\(sides[0])" : relationship,
                    partial: row["partial"])
            }
        }
    }

    /// Which pairs of editions have links of a kind.
    public func hsLinkPairs(kind: String) throws(PortunusError) -> [(from: Int, to: Int, links: Int)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT from_edition, to_edition, COUNT(*) AS n FROM hs_link WHERE kind = ? GROUP BY from_edition, to_edition",
                arguments: [kind]
            )
            .map { (from: $0["from_edition"], to: $0["to_edition"], links: $0["n"]) }
        }
    }

    static func hsCode(_ row: Row) -> StoredHSCode {
        StoredHSCode(
            edition: row["edition"], code: row["code"], level: row["level"], parent: row["parent"], section: row["section"],
            description: row["description"])
    }
}

extension TariffStore {
    /// An edition's 6-digit codes.
    public func hsSubheadings(edition: Int) throws(PortunusError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT code FROM hs_code WHERE edition = ? AND level = 6", arguments: [edition])) }
    }
}

extension TariffStore {
    /// Goods items by year of lodgement and 6-digit code, from `from` until before `until`.
    public func hsUsage(from: Date?, until: Date?) throws(PortunusError) -> [(year: Int, code: String, items: Int)] {
        // Compared as the stored text, which is ISO8601.format's and sorts in time order.
        let from = from.map(ISO8601.format)
        let until = until.map(ISO8601.format)
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT CAST(substr(d.lodged_at, 1, 4) AS INTEGER) AS year, substr(g.hs_code, 1, 6) AS code, COUNT(*) AS items
                    FROM goods_item g JOIN declaration d ON d.seq = g.declaration_seq
                    WHERE (? IS NULL OR d.lodged_at >= ?) AND (? IS NULL OR d.lodged_at < ?) GROUP BY year, code ORDER BY year, code
                    """, arguments: [from, from, until, until]
            ).map { (year: $0["year"], code: $0["code"], items: $0["items"]) }
        }
    }
}
