import CBLAS

/// Dot products of one vector against the rows of a row-major matrix (cosine similarities
/// when both sides are unit length), through OpenBLAS `sgemv`.
public enum Similarity {
    public static func scores(_ matrix: [Float], rows: Int, _ vector: [Float]) -> [Float] {
        guard rows > 0 else { return [] }
        precondition(matrix.count == rows * vector.count, "the matrix is not rows × the vector's length")
        var result = [Float](repeating: 0, count: rows)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(vector.count), 1, matrix, Int32(vector.count), vector, 1, 0, &result, 1)
        return result
    }
}
