import Foundation
import GRDB
import PortunusCore

/// Enrolled biometric templates and the galleries they are searched in.
public struct BiometricStore: AggregateStore {
    let engine: PortunusStore
}

extension BiometricStore {
    static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func data(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Enrols templates (already normalised) of one format in a gallery, in one transaction,
    /// each with its change; returns their ids in order.
    public func addTemplates(
        gallery: String, extractor: String, version: String, _ templates: [(subject: String, vector: [Float])],
        by actor: String
    ) throws(PortunusError) -> [Int64] {
        try write { db in
            let now = ISO8601.format(Date())
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO biometric_template (gallery, subject, extractor, version, dimension, vector, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let change = try db.makeStatement(sql: "INSERT INTO biometric_change (gallery, template_id, kind) VALUES (?, ?, 'add')")
            var ids: [Int64] = []
            ids.reserveCapacity(templates.count)
            for template in templates {
                try insert.execute(arguments: [
                    gallery, template.subject, extractor, version, template.vector.count, BiometricStore.data(template.vector), now, actor,
                ])
                let id = db.lastInsertedRowID
                try change.execute(arguments: [gallery, id])
                ids.append(id)
            }
            return ids
        }
    }

    public func addTemplate(gallery: String, subject: String, extractor: String, version: String, vector: [Float], by actor: String)
        throws(PortunusError) -> Int64
    {
        try addTemplates(gallery: gallery, extractor: extractor, version: version, [(subject, vector)], by: actor)[0]
    }

    /// Removes live templates by id, or all of a subject's in a gallery; returns the ids removed.
    public func removeTemplates(gallery: String? = nil, ids: [Int64] = [], subject: String? = nil, by actor: String) throws(PortunusError) -> [Int64]
    {
        try write { db in
            var rows: [Row] = []
            for id in ids {
                rows += try Row.fetchAll(
                    db, sql: "SELECT id, gallery FROM biometric_template WHERE id = ? AND removed_at IS NULL AND (? IS NULL OR gallery = ?)",
                    arguments: [id, gallery, gallery])
            }
            if let subject, let gallery {
                rows += try Row.fetchAll(
                    db, sql: "SELECT id, gallery FROM biometric_template WHERE gallery = ? AND subject = ? AND removed_at IS NULL",
                    arguments: [gallery, subject])
            }
            let now = ISO8601.format(Date())
            var removed: [Int64] = []
            for row in rows {
                let id: Int64 = row["id"]
                guard !removed.contains(id) else { continue }
                try db.execute(sql: "UPDATE biometric_template SET removed_at = ? WHERE id = ?", arguments: [now, id])
                try db.execute(
                    sql: "INSERT INTO biometric_change (gallery, template_id, kind) VALUES (?, ?, 'remove')",
                    arguments: [row["gallery"] as String, id])
                removed.append(id)
            }
            if !removed.isEmpty {
                try KeyStore.recordAudit(
                    db, keyID: actor, action: "biometrics.remove", subject: "templates:\(removed.map(String.init).joined(separator: ","))")
            }
            return removed
        }
    }

    public func removeTemplate(id: Int64, by actor: String = "system") throws(PortunusError) -> Bool {
        try !removeTemplates(ids: [id], by: actor).isEmpty
    }

    /// A gallery's live templates of one extractor and version, in id order.
    public func templates(gallery: String, extractor: String, version: String) throws(PortunusError) -> [StoredTemplate] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM biometric_template WHERE gallery = ? AND extractor = ? AND version = ? AND removed_at IS NULL ORDER BY id
                    """, arguments: [gallery, extractor, version]
            ).map(BiometricStore.template)
        }
    }

    public func template(id: Int64) throws(PortunusError) -> StoredTemplate? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM biometric_template WHERE id = ? AND removed_at IS NULL", arguments: [id]).map(
                BiometricStore.template)
        }
    }

    static func template(_ row: Row) -> StoredTemplate {
        StoredTemplate(
            id: row["id"], gallery: row["gallery"], subject: row["subject"], extractor: row["extractor"], version: row["version"],
            vector: floats(row["vector"]))
    }

    /// A gallery's live templates of one format, streamed in id order without holding them
    /// all as separate arrays (a million templates is 2 GiB), and the change seq they are
    /// current to, read in one transaction.
    public func forEachTemplate(
        gallery: String, extractor: String, version: String,
        _ body: (_ id: Int64, _ subject: String, _ vector: UnsafeRawBufferPointer) throws -> Void
    ) throws(PortunusError) -> Int64 {
        try read { db in
            let seq = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM biometric_change WHERE gallery = ?", arguments: [gallery]) ?? 0
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, subject, vector FROM biometric_template WHERE gallery = ? AND extractor = ? AND version = ? AND removed_at IS NULL ORDER BY id
                    """, arguments: [gallery, extractor, version])
            while let row = try rows.next() {
                let vector: Data = row["vector"]
                try vector.withUnsafeBytes { try body(row["id"], row["subject"], $0) }
            }
            return seq
        }
    }

    public struct TemplateChange: Sendable, Hashable {
        public var seq: Int64
        public var template: StoredTemplate?
        public var removed: Int64?
    }

    /// What changed in a gallery after `seq`, for templates of one format: templates added
    /// (with their vectors) and ids removed, in order.
    public func templateChanges(gallery: String, extractor: String, version: String, after seq: Int64) throws(PortunusError) -> [TemplateChange] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.seq, c.kind, t.* FROM biometric_change c JOIN biometric_template t ON t.id = c.template_id
                    WHERE c.gallery = ? AND c.seq > ? AND t.extractor = ? AND t.version = ? ORDER BY c.seq
                    """, arguments: [gallery, seq, extractor, version]
            ).map { row in
                let kind: String = row["kind"]
                return kind == "add"
                    ? TemplateChange(seq: row["seq"], template: BiometricStore.template(row)) : TemplateChange(seq: row["seq"], removed: row["id"])
            }
        }
    }

    /// The last change seq of a gallery and the newest index of one format: what a gallery
    /// held in memory compares itself with before each search (two index lookups).
    public func galleryState(gallery: String, extractor: String, version: String) throws(PortunusError) -> (seq: Int64, index: Int64?) {
        try read { db in
            let seq = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM biometric_change WHERE gallery = ?", arguments: [gallery]) ?? 0
            let index = try Int64.fetchOne(
                db, sql: "SELECT MAX(id) FROM biometric_index WHERE gallery = ? AND extractor = ? AND version = ?",
                arguments: [gallery, extractor, version])
            return (seq, index)
        }
    }

    /// The galleries: each format's live templates.
    public func galleries() throws(PortunusError) -> [(gallery: String, extractor: String, version: String, dimension: Int, templates: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT gallery, extractor, version, dimension, COUNT(*) AS templates FROM biometric_template WHERE removed_at IS NULL
                    GROUP BY gallery, extractor, version, dimension ORDER BY gallery, extractor, version
                    """
            ).map { ($0["gallery"], $0["extractor"], $0["version"], $0["dimension"], $0["templates"]) }
        }
    }

    // MARK: HNSW indexes

    public struct StoredIndex: Sendable, Hashable {
        public var id: Int64
        public var gallery: String
        public var extractor: String
        public var version: String
        public var dimension: Int
        public var file: String
        public var m: Int
        public var efConstruction: Int
        public var efSearch: Int
        public var seq: Int64
        public var templates: Int
        public var buildSeconds: Double
        public var builtAt: Date

        public init(
            id: Int64 = 0, gallery: String, extractor: String, version: String, dimension: Int, file: String, m: Int, efConstruction: Int,
            efSearch: Int, seq: Int64, templates: Int, buildSeconds: Double, builtAt: Date = Date()
        ) {
            self.id = id
            self.gallery = gallery
            self.extractor = extractor
            self.version = version
            self.dimension = dimension
            self.file = file
            self.m = m
            self.efConstruction = efConstruction
            self.efSearch = efSearch
            self.seq = seq
            self.templates = templates
            self.buildSeconds = buildSeconds
            self.builtAt = builtAt
        }
    }

    /// Registers an index whose file is in place; returns its id.
    public func recordIndex(_ index: StoredIndex, by actor: String) throws(PortunusError) -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO biometric_index (gallery, extractor, version, dimension, file, m, ef_construction, ef_search, seq, templates, build_seconds, built_at, built_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    index.gallery, index.extractor, index.version, index.dimension, index.file, index.m, index.efConstruction, index.efSearch,
                    index.seq, index.templates, index.buildSeconds, ISO8601.format(index.builtAt), actor,
                ])
            let id = db.lastInsertedRowID
            try KeyStore.recordAudit(
                db, keyID: actor, action: "biometrics.build", subject: "gallery:\(index.gallery) index:\(id) templates:\(index.templates)")
            return id
        }
    }

    /// The indexes of a gallery's format, newest first.
    public func indexes(gallery: String, extractor: String, version: String) throws(PortunusError) -> [StoredIndex] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM biometric_index WHERE gallery = ? AND extractor = ? AND version = ? ORDER BY id DESC",
                arguments: [gallery, extractor, version]
            ).map {
                StoredIndex(
                    id: $0["id"], gallery: $0["gallery"], extractor: $0["extractor"], version: $0["version"], dimension: $0["dimension"],
                    file: $0["file"], m: $0["m"], efConstruction: $0["ef_construction"], efSearch: $0["ef_search"], seq: $0["seq"],
                    templates: $0["templates"], buildSeconds: $0["build_seconds"], builtAt: try $0.time("built_at", in: "biometric_index"))
            }
        }
    }

    // MARK: Threshold policies

    public func setBiometricPolicy(
        extractor: String, version: String, targetFalseMatchRate: Double, threshold: Float, impostorPairs: Int,
        by actor: String
    ) throws(PortunusError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO biometric_policy (extractor, version, target_false_match_rate, threshold, impostor_pairs, calibrated_at, calibrated_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (extractor, version) DO UPDATE SET target_false_match_rate = excluded.target_false_match_rate,
                    threshold = excluded.threshold, impostor_pairs = excluded.impostor_pairs, calibrated_at = excluded.calibrated_at, calibrated_by = excluded.calibrated_by
                    """, arguments: [extractor, version, targetFalseMatchRate, Double(threshold), impostorPairs, ISO8601.format(Date()), actor])
            try KeyStore.recordAudit(
                db, keyID: actor, action: "biometrics.calibrate",
                subject: "extractor:\(extractor) \(version) fmr:\(targetFalseMatchRate) threshold:\(threshold)")
        }
    }

    public func biometricPolicy(extractor: String, version: String) throws(PortunusError) -> (targetFalseMatchRate: Double, threshold: Float)? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT target_false_match_rate, threshold FROM biometric_policy WHERE extractor = ? AND version = ?",
                arguments: [extractor, version]
            ).map { ($0["target_false_match_rate"], Float($0["threshold"] as Double)) }
        }
    }

    /// Records a verification or search, with its audit event, in one transaction.
    public func recordBiometricSearch(
        keyID: String, kind: String, gallery: String, extractor: String, candidates: Int, bestScore: Float?,
        decision: String
    ) throws(PortunusError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO biometric_search (at, key_id, kind, gallery, extractor, candidates, best_score, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [ISO8601.format(Date()), keyID, kind, gallery, extractor, candidates, bestScore.map { Double($0) }, decision])
            try KeyStore.recordAudit(
                db, keyID: keyID, action: "biometrics.\(kind)", subject: "gallery:\(gallery) candidates:\(candidates) decision:\(decision)")
        }
    }

    public func biometricSearches(limit: Int = 100) throws(PortunusError) -> [(
        keyID: String, kind: String, gallery: String, candidates: Int, decision: String
    )] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM biometric_search ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                ($0["key_id"], $0["kind"], $0["gallery"], $0["candidates"], $0["decision"])
            }
        }
    }
}
