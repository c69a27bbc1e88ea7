import CHNSW
import Foundation
import PortunusCore

/// An approximate index (HNSW, hnswlib) over L2-normalised templates of one format, saved
/// to and loaded from a file without rebuilding.
public final class HNSWIndex: @unchecked Sendable {
    // hnswlib allows concurrent searches; adds and saves are serialised by the caller.
    let handle: OpaquePointer
    public let format: TemplateFormat
    public var capacity: Int { portunus_hnsw_capacity(handle) }

    /// `m` links per node and `efConstruction` breadth while building (hnswlib's parameters).
    public init(format: TemplateFormat, capacity: Int, m: Int = 16, efConstruction: Int = 200, seed: Int = 100) throws(PortunusError) {
        guard let handle = portunus_hnsw_create(Int32(format.dimension), capacity, m, efConstruction, seed) else {
            throw PortunusError(.templateFormat, "cannot create an HNSW index of \(capacity) templates")
        }
        self.handle = handle
        self.format = format
    }

    /// An index saved before.
    public init(loading path: String, format: TemplateFormat, capacity: Int) throws(PortunusError) {
        guard FileManager.default.fileExists(atPath: path), let handle = portunus_hnsw_load(path, Int32(format.dimension), capacity) else {
            throw PortunusError(.io, "cannot load the HNSW index")
        }
        self.handle = handle
        self.format = format
    }

    deinit { portunus_hnsw_free(handle) }

    public var count: Int { portunus_hnsw_count(handle) }

    /// Adds templates (row-major, already normalised or not) with their labels.
    public func add(_ vectors: [[Float]], labels: [Int], format given: TemplateFormat, threads: Int = 1) throws(PortunusError) {
        var rows: [Float] = []
        rows.reserveCapacity(vectors.count * format.dimension)
        for vector in vectors { rows += try ExactGallery.normalised(vector, format: format, given: given) }
        try add(normalisedRows: rows, labels: labels, threads: threads)
    }

    /// Adds rows already normalised (a gallery's matrix).
    public func add(normalisedRows rows: [Float], labels: [Int], threads: Int = 1) throws(PortunusError) {
        guard rows.count == labels.count * format.dimension else { throw PortunusError(.templateFormat, "rows and labels differ in number") }
        let sizes = labels.map { size_t($0) }
        // hnswlib starts one OS thread per worker: a --threads of billions would trap in
        // Int32 or exhaust the process's threads, so at most 256 (more than any host's cores).
        let workers = Int32(min(max(threads, 1), 256))
        let status = rows.withUnsafeBufferPointer { portunus_hnsw_add(handle, $0.baseAddress, sizes, labels.count, workers) }
        guard status == 0 else { throw PortunusError(.templateFormat, "the HNSW index refused the templates (full at \(capacity)?)") }
    }

    /// Sets the search breadth (hnswlib's `ef`; at least `k` is used): more is slower and
    /// finds more of the true nearest. Not while searches run.
    public func setSearchBreadth(_ ef: Int) { portunus_hnsw_set_ef(handle, max(ef, 1)) }

    /// The `k` most similar templates (approximately), best first. Searches may run
    /// concurrently with each other, not with adds, removals or ``setSearchBreadth(_:)``.
    public func search(_ probe: [Float], format given: TemplateFormat, k: Int) throws(PortunusError) -> [Candidate] {
        let query = try ExactGallery.normalised(probe, format: format, given: given)
        return search(normalisedProbe: query, k: k)
    }

    /// ``setSearchBreadth(_:)`` then ``search(_:format:k:)``.
    public func search(_ probe: [Float], format given: TemplateFormat, k: Int, ef: Int) throws(PortunusError) -> [Candidate] {
        setSearchBreadth(max(ef, k))
        return try search(probe, format: given, k: k)
    }

    public func search(normalisedProbe query: [Float], k: Int) -> [Candidate] {
        guard k > 0 else { return [] }
        var labels = [Int](repeating: 0, count: k)
        var scores = [Float](repeating: 0, count: k)
        let found = labels.withUnsafeMutableBufferPointer { labelBuffer in
            labelBuffer.withMemoryRebound(to: size_t.self) { portunus_hnsw_search(handle, query, k, $0.baseAddress, &scores) }
        }
        return (0..<found).map { Candidate(label: labels[$0], score: scores[$0]) }
    }

    /// Leaves a label out of every later result (a removed template).
    public func markDeleted(label: Int) { _ = portunus_hnsw_mark_deleted(handle, size_t(label)) }

    /// Room for at least `count` templates, growing by a tenth at a time.
    public func reserve(_ count: Int) throws(PortunusError) {
        let capacity = portunus_hnsw_capacity(handle)
        guard count > capacity else { return }
        guard portunus_hnsw_resize(handle, max(count, capacity + capacity / 10)) == 0 else {
            throw PortunusError(.io, "cannot grow the HNSW index to \(count) templates")
        }
    }

    public func save(to path: String) throws(PortunusError) {
        guard portunus_hnsw_save(handle, path) == 0 else { throw PortunusError(.io, "cannot save the HNSW index") }
    }
}
