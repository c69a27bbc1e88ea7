import CXGBoost

/// A dense matrix of features (and optionally labels and weights) in XGBoost's memory.
///
/// The handle is freed when the matrix goes away. A `DMatrix` is not modified after it is
/// built, so it may be shared between threads.
///
/// ```swift
/// let matrix = try DMatrix(values: features, rows: 37_385, columns: 24, labels: labels, threads: 2)
/// ```
public final class DMatrix: @unchecked Sendable {
    let handle: DMatrixHandle
    public let rows: Int
    public let columns: Int

    /// Builds a matrix from row-major values; `missing` (NaN by default) marks absent values.
    public init(
        values: [Float], rows: Int, columns: Int, missing: Float = .nan, labels: [Float]? = nil,
        weights: [Float]? = nil, threads: Int
    ) throws(XGBoostError) {
        guard rows >= 0, columns > 0, values.count == rows * columns else {
            throw XGBoostError(function: "DMatrix", message: "expected \(rows) × \(columns) values, got \(values.count)")
        }
        var handle: DMatrixHandle? = nil
        let status = values.withUnsafeBufferPointer { buffer in
            XGDMatrixCreateFromMat_omp(
                buffer.baseAddress, bst_ulong(rows), bst_ulong(columns), missing, &handle, Int32(XGBoostThreads.bounded(threads)))
        }
        try XGBoostError.check("XGDMatrixCreateFromMat_omp", status)
        guard let handle else { throw XGBoostError(function: "XGDMatrixCreateFromMat_omp", message: "no handle returned") }
        self.handle = handle
        self.rows = rows
        self.columns = columns
        if let labels { try setFloatInfo("label", labels) }
        if let weights { try setFloatInfo("weight", weights) }
    }

    private func setFloatInfo(_ field: String, _ values: [Float]) throws(XGBoostError) {
        guard values.count == rows else {
            throw XGBoostError(function: "XGDMatrixSetFloatInfo", message: "\(field) has \(values.count) values for \(rows) rows")
        }
        let status = values.withUnsafeBufferPointer { buffer in
            XGDMatrixSetFloatInfo(handle, field, buffer.baseAddress, bst_ulong(values.count))
        }
        try XGBoostError.check("XGDMatrixSetFloatInfo(\(field))", status)
    }

    deinit {
        XGDMatrixFree(handle)
    }
}
