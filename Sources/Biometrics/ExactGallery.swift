import CBLAS
import CHNSW
import Foundation
import PortunusCore

/// Which extractor made a template: templates of different extractors (or versions, or
/// lengths) live in different spaces and are never compared.
public struct TemplateFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    public var extractor: String
    public var version: String
    public var dimension: Int

    public init(extractor: String, version: String, dimension: Int) {
        self.extractor = extractor
        self.version = version
        self.dimension = dimension
    }

    public var description: String { "\(extractor) \(version) (\(dimension) floats)" }
}

/// A candidate of a search: the template's label and its cosine similarity to the probe.
public struct Candidate: Sendable, Hashable {
    public var label: Int
    public var score: Float
}

/// Templates as one row-major matrix of L2-normalised rows: exact search is one
/// matrix-vector product (OpenBLAS `sgemv`), then the top K.
public struct ExactGallery: Sendable {
    public let format: TemplateFormat
    public private(set) var matrix: [Float] = []
    public var count: Int { matrix.count / format.dimension }

    public init(format: TemplateFormat) { self.format = format }

    /// A template of this gallery's format, normalised to unit length; refused when its
    /// format or length differ, or it is zero or not finite.
    public static func normalised(_ vector: [Float], format: TemplateFormat, given: TemplateFormat) throws(PortunusError) -> [Float] {
        guard given == format else { throw PortunusError(.templateFormat, "a \(given) template cannot be compared with \(format) templates") }
        guard vector.count == format.dimension else {
            throw PortunusError(.templateFormat, "the template has \(vector.count) values; \(format) templates have \(format.dimension)")
        }
        var norm: Float = 0
        for value in vector {
            guard value.isFinite else { throw PortunusError(.templateFormat, "the template holds a value that is not a finite number") }
            norm += value * value
        }
        guard norm > 0 else { throw PortunusError(.templateFormat, "the template is all zeros") }
        let scale = 1 / norm.squareRoot()
        return vector.map { $0 * scale }
    }

    /// Adds a template (its label is its row number, returned).
    @discardableResult
    public mutating func add(_ vector: [Float], format given: TemplateFormat) throws(PortunusError) -> Int {
        matrix += try Self.normalised(vector, format: format, given: given)
        return count - 1
    }

    /// Adds a row already normalised by ``normalised(_:format:given:)`` (a stored template).
    public mutating func append(normalisedRow row: [Float]) throws(PortunusError) {
        guard row.count == format.dimension else {
            throw PortunusError(.templateFormat, "the template has \(row.count) values; \(format) templates have \(format.dimension)")
        }
        matrix += row
    }

    /// Adds many rows already normalised (a matrix of whole rows).
    public mutating func append(normalisedRows rows: [Float]) throws(PortunusError) {
        guard rows.count % format.dimension == 0 else { throw PortunusError(.templateFormat, "the rows are not whole \(format) templates") }
        matrix += rows
    }

    /// The `k` most similar templates for each of many probes (row-major, normalised), best
    /// first: one matrix product (`sgemm`) per block of 64 probes, which reads the gallery
    /// once per block instead of once per probe.
    public func search(normalisedProbes probes: [Float], k: Int) -> [[Candidate]] {
        let dimension = format.dimension
        let probeCount = probes.count / dimension
        guard count > 0, k > 0 else { return Array(repeating: [], count: probeCount) }
        var results: [[Candidate]] = []
        results.reserveCapacity(probeCount)
        var scores = [Float](repeating: 0, count: count * min(64, probeCount))
        for start in stride(from: 0, to: probeCount, by: 64) {
            let block = min(64, probeCount - start)
            // scores (block × count) = probes (block × d) × matrixᵀ (d × count).
            probes.withUnsafeBufferPointer { probeRows in
                matrix.withUnsafeBufferPointer { rows in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(block), Int32(count), Int32(dimension), 1,
                        probeRows.baseAddress! + start * dimension, Int32(dimension), rows.baseAddress, Int32(dimension), 0, &scores, Int32(count))
                }
            }
            for row in 0..<block { results.append(Self.top(scores[(row * count)..<((row + 1) * count)], k: k)) }
        }
        return results
    }

    /// Adds a stored row: `dimension` little-endian float32 values, already normalised.
    public mutating func append(littleEndianFloats bytes: UnsafeRawBufferPointer) {
        for offset in stride(from: 0, to: format.dimension * 4, by: 4) {
            matrix.append(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        }
    }

    /// Copies row `source` over row `target` (a removal moves the last row into the gap).
    public mutating func moveRow(_ source: Int, to target: Int) {
        let dimension = format.dimension
        for axis in 0..<dimension { matrix[target * dimension + axis] = matrix[source * dimension + axis] }
    }

    public mutating func removeLastRow() { matrix.removeLast(format.dimension) }

    /// The `k` most similar templates, best first.
    public func search(_ probe: [Float], format given: TemplateFormat, k: Int) throws(PortunusError) -> [Candidate] {
        search(normalisedProbe: try Self.normalised(probe, format: format, given: given), k: k)
    }

    /// The `k` most similar templates to a probe already normalised, best first.
    public func search(normalisedProbe query: [Float], k: Int) -> [Candidate] {
        guard count > 0, k > 0, query.count == format.dimension else { return [] }
        var scores = [Float](repeating: 0, count: count)
        matrix.withUnsafeBufferPointer { rows in
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(count), Int32(format.dimension), 1, rows.baseAddress, Int32(format.dimension),
                query, 1, 0, &scores, 1)
        }
        return Self.top(scores, k: k)
    }

    /// The `k` best scores (a bounded min-heap: one pass, no sort of the whole gallery).
    static func top(_ scores: some Collection<Float>, k: Int) -> [Candidate] {
        var heap: [Candidate] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count && heap[left].score < heap[smallest].score { smallest = left }
                if right < heap.count && heap[right].score < heap[smallest].score { smallest = right }
                if smallest == parent { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        for (label, score) in scores.enumerated() {
            if heap.count < k {
                heap.append(Candidate(label: label, score: score))
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard heap[child].score < heap[parent].score else { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            } else if score > heap[0].score {
                heap[0] = Candidate(label: label, score: score)
                siftDown(0)
            }
        }
        return heap.sorted { $0.score > $1.score || ($0.score == $1.score && $0.label < $1.label) }
    }
}

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
