import CBLAS
import PortunusCore

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
