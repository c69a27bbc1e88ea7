import Foundation
import GRDB
import PortunusCore

/// A stored biometric template.
public struct StoredTemplate: Sendable, Hashable {
    public var id: Int64
    public var gallery: String
    public var subject: String
    public var extractor: String
    public var version: String
    public var vector: [Float]
}

extension PortunusStore {
    static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
    }

    static func data(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    public func addTemplate(gallery: String, subject: String, extractor: String, version: String, vector: [Float], by actor: String) throws(PortunusError) -> Int64 {
        try write { db in
            try db.execute(sql: """
                INSERT INTO biometric_template (gallery, subject, extractor, version, dimension, vector, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [gallery, subject, extractor, version, vector.count, Self.data(vector), ISO8601.format(Date()), actor])
            return db.lastInsertedRowID
        }
    }

    public func removeTemplate(id: Int64) throws(PortunusError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE biometric_template SET removed_at = ? WHERE id = ? AND removed_at IS NULL", arguments: [ISO8601.format(Date()), id])
            return db.changesCount == 1
        }
    }

    /// A gallery's live templates of one extractor and version, in id order.
    public func templates(gallery: String, extractor: String, version: String) throws(PortunusError) -> [StoredTemplate] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM biometric_template WHERE gallery = ? AND extractor = ? AND version = ? AND removed_at IS NULL ORDER BY id
                """, arguments: [gallery, extractor, version]).map(Self.template)
        }
    }

    public func template(id: Int64) throws(PortunusError) -> StoredTemplate? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM biometric_template WHERE id = ? AND removed_at IS NULL", arguments: [id]).map(Self.template) }
    }

    static func template(_ row: Row) -> StoredTemplate {
        StoredTemplate(id: row["id"], gallery: row["gallery"], subject: row["subject"], extractor: row["extractor"], version: row["version"],
                       vector: floats(row["vector"]))
    }

    /// Records a verification or search, with its audit event, in one transaction.
    public func recordBiometricSearch(keyID: String, kind: String, gallery: String, extractor: String, candidates: Int, bestScore: Float?,
                                      decision: String) throws(PortunusError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO biometric_search (at, key_id, kind, gallery, extractor, candidates, best_score, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ISO8601.format(Date()), keyID, kind, gallery, extractor, candidates, bestScore.map { Double($0) }, decision])
            try Self.recordAudit(db, keyID: keyID, action: "biometrics.\(kind)", subject: "gallery:\(gallery) candidates:\(candidates) decision:\(decision)")
        }
    }

    public func biometricSearches(limit: Int = 100) throws(PortunusError) -> [(keyID: String, kind: String, gallery: String, candidates: Int, decision: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM biometric_search ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                ($0["key_id"], $0["kind"], $0["gallery"], $0["candidates"], $0["decision"])
            }
        }
    }
}
