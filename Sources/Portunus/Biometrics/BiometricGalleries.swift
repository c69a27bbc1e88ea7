import Biometrics
import Foundation
import PortunusCore
import Storage
import Synchronization

/// Galleries held in memory for search, kept current with the store: each gallery format's
/// templates as one matrix for exact search (OpenBLAS), and, once `portunus biometrics
/// gallery build` has built one, its HNSW index loaded from `<data-dir>/biometrics/`.
///
/// Before each search a gallery compares itself with the store (the last change seq and
/// the newest index id: two index lookups) and catches up on what changed since: new
/// templates are added to the matrix and to the index, removed ones leave the matrix and
/// are marked deleted in the index; a newer index is loaded and brought up to date the
/// same way. Nothing is rebuilt to take in a change; a rebuild (a new `build`) only
/// tightens the graph after many. Searches of one gallery run concurrently; catching up
/// excludes them for its duration.
///
/// Memory: 4·d bytes per template for the matrix and about as much again for an index
/// (a million 512-float templates: 2 GiB, and 2.2 GiB with an index of M 16).
public final class BiometricGalleries: Sendable {
    public let store: PortunusStore
    /// Where index files live: `<data-dir>/biometrics`.
    public let directory: URL
    private let entries = Mutex<[Key: Entry]>([:])

    struct Key: Hashable {
        var gallery: String
        var format: TemplateFormat
    }

    public init(store: PortunusStore, dataDirectory: String) {
        self.store = store
        self.directory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("biometrics")
    }

    /// How a search was answered.
    public enum Method: String, Sendable, Codable {
        case exact, hnsw
    }

    public struct Found: Sendable, Hashable {
        public var template: Int64
        public var subject: String
        public var score: Float
    }

    /// The `k` templates most similar to a normalised probe, best first, and how they were
    /// found: by the gallery's HNSW index when it has one (unless `exact`), else exactly.
    public func search(
        gallery: String, normalisedProbe probe: [Float], format: TemplateFormat, k: Int,
        exact: Bool = false
    ) throws(PortunusError) -> (found: [Found], method: Method, templates: Int) {
        let entry = try current(gallery: gallery, format: format)
        return try entry.lock.reading { () throws(PortunusError) in
            try entry.requireTemplates(gallery: gallery)
            if !exact, let index = entry.index {
                let found = index.search(normalisedProbe: probe, k: k).compactMap { candidate -> Found? in
                    guard let row = entry.rows[Int64(candidate.label)] else { return nil }
                    return Found(template: entry.ids[row], subject: entry.subjects[row], score: candidate.score)
                }
                return (found, .hnsw, entry.ids.count)
            }
            let found = entry.exact.search(normalisedProbe: probe, k: k).map {
                Found(template: entry.ids[$0.label], subject: entry.subjects[$0.label], score: $0.score)
            }
            return (found, .exact, entry.ids.count)
        }
    }

    /// Scores of up to `pairs` random pairs of templates of different subjects, drawn with
    /// a seeded generator (for calibrating a threshold).
    public func impostorScores(gallery: String, format: TemplateFormat, pairs: Int, seed: UInt64) throws(PortunusError) -> [Float] {
        let entry = try current(gallery: gallery, format: format)
        return try entry.lock.reading { () throws(PortunusError) in
            try entry.requireTemplates(gallery: gallery)
            let count = entry.ids.count
            var random = SplitMix64(seed: seed)
            var scores: [Float] = []
            scores.reserveCapacity(pairs)
            var attempts = 0
            let dimension = format.dimension
            entry.exact.matrix.withUnsafeBufferPointer { rows in
                while scores.count < pairs && attempts < pairs * 10 {
                    attempts += 1
                    let a = Int(random.next() % UInt64(count))
                    let b = Int(random.next() % UInt64(count))
                    guard entry.subjects[a] != entry.subjects[b] else { continue }
                    var dot: Float = 0
                    for axis in 0..<dimension { dot += rows[a * dimension + axis] * rows[b * dimension + axis] }
                    scores.append(dot)
                }
            }
            return scores
        }
    }

    /// The gallery, brought up to date with the store.
    func current(gallery: String, format: TemplateFormat) throws(PortunusError) -> Entry {
        let key = Key(gallery: gallery, format: format)
        let entry = entries.withLock { entries in
            if let entry = entries[key] { return entry }
            let entry = Entry(format: format)
            entries[key] = entry
            return entry
        }
        let state = try store.biometrics.galleryState(gallery: gallery, extractor: format.extractor, version: format.version)
        func stale() -> Bool { !entry.loaded || state.seq > entry.seq || state.index != entry.indexID }
        if entry.lock.reading(stale) {
            try entry.lock.writing { () throws(PortunusError) in if stale() { try catchUp(entry, key: key, state: state) } }
        }
        return entry
    }

    private func catchUp(_ entry: Entry, key: Key, state: (seq: Int64, index: Int64?)) throws(PortunusError) {
        let format = key.format
        if !entry.loaded {
            var exact = ExactGallery(format: format)
            var ids: [Int64] = []
            var subjects: [String] = []
            // A template of another length is of another format: never compared.
            entry.seq = try store.biometrics.forEachTemplate(gallery: key.gallery, extractor: format.extractor, version: format.version) {
                id, subject, vector in
                guard vector.count % 4 == 0, vector.count / 4 == format.dimension else { return }
                exact.append(littleEndianFloats: vector)
                ids.append(id)
                subjects.append(subject)
            }
            entry.exact = exact
            entry.ids = ids
            entry.subjects = subjects
            entry.rows = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
            entry.loaded = true
        }
        if state.index != entry.indexID,
            let newest = try store.biometrics.indexes(gallery: key.gallery, extractor: format.extractor, version: format.version).first
        {
            entry.indexID = newest.id
            entry.index = nil
            let path = directory.appendingPathComponent(newest.file).path
            if newest.dimension == format.dimension,
                let index = try? HNSWIndex(loading: path, format: format, capacity: max(newest.templates, entry.ids.count))
            {
                index.setSearchBreadth(newest.efSearch)
                entry.index = index
                entry.indexSeq = newest.seq
            }
        }
        // One read of the changes the matrix or the index has not taken in yet.
        let target = max(entry.seq, state.seq)
        let from = entry.index == nil ? entry.seq : min(entry.seq, entry.indexSeq)
        guard from < target else { return }
        var added: [Float] = []
        var labels: [Int] = []
        for change in try store.biometrics.templateChanges(gallery: key.gallery, extractor: format.extractor, version: format.version, after: from) {
            if change.seq > entry.seq {
                if let template = change.template, template.vector.count == format.dimension, entry.rows[template.id] == nil {
                    try entry.exact.append(normalisedRow: template.vector)
                    entry.rows[template.id] = entry.ids.count
                    entry.ids.append(template.id)
                    entry.subjects.append(template.subject)
                } else if let removed = change.removed, let row = entry.rows[removed] {
                    entry.removeRow(row)
                }
            }
            if let index = entry.index, change.seq > entry.indexSeq {
                // Added since the index was built or last caught up; a removal of one added in
                // this same batch simply drops it.
                if let template = change.template, template.vector.count == format.dimension {
                    added += template.vector
                    labels.append(Int(template.id))
                } else if let removed = change.removed {
                    if let position = labels.firstIndex(of: Int(removed)) {
                        labels.remove(at: position)
                        added.removeSubrange(position * format.dimension..<(position + 1) * format.dimension)
                    } else {
                        index.markDeleted(label: Int(removed))
                    }
                }
            }
        }
        if let index = entry.index, !labels.isEmpty {
            try index.reserve(index.count + labels.count)
            try index.add(normalisedRows: added, labels: labels, threads: 2)
        }
        entry.seq = target
        entry.indexSeq = target
    }

    /// One gallery format in memory. Its fields are read under the read lock and changed
    /// under the write lock.
    final class Entry: @unchecked Sendable {
        let lock = ReadWriteLock()
        var loaded = false
        var exact: ExactGallery
        var ids: [Int64] = []
        var subjects: [String] = []
        var rows: [Int64: Int] = [:]
        var seq: Int64 = 0
        var index: HNSWIndex?
        var indexID: Int64?
        var indexSeq: Int64 = 0

        init(format: TemplateFormat) { exact = ExactGallery(format: format) }

        func requireTemplates(gallery: String) throws(PortunusError) {
            guard ids.isEmpty else { return }
            let format = exact.format
            throw PortunusError(
                .templateFormat,
                "gallery \(gallery) holds no \(format.extractor) \(format.version) templates of \(format.dimension) floats: "
                    + "templates of other extractors are never compared")
        }

        /// Removes a row by moving the last row into its place.
        func removeRow(_ row: Int) {
            let last = ids.count - 1
            rows[ids[row]] = nil
            if row != last {
                exact.moveRow(last, to: row)
                ids[row] = ids[last]
                subjects[row] = subjects[last]
                rows[ids[row]] = row
            }
            exact.removeLastRow()
            ids.removeLast()
            subjects.removeLast()
        }
    }
}

/// A POSIX reader-writer lock: many readers or one writer.
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func reading<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    func writing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
