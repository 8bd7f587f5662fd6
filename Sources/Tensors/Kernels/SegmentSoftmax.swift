extension Kernels {
  /// Softmax within each row's entries (the "edge softmax" of graph attention):
  /// `out[e] = exp(x[e] − max_row) / Σ_{e' in row} exp(x[e'] − max_row)`.
  ///
  /// Computed with the row maximum subtracted, so scores of any magnitude give finite results.
  /// Rows with no entries produce nothing. Shapes: `scores` `[nnz]`; the result `[nnz]`.
  public static func segmentSoftmax(pattern: CSRMatrix, scores: Tensor) throws -> Tensor {
    guard scores.count == pattern.nonzeroCount, scores.rank <= 1 else {
      throw TensorError.shape(
        "segmentSoftmax", expected: "[\(pattern.nonzeroCount)] scores (one per entry)",
        actual: describe(scores.shape))
    }
    var out = [Float](repeating: 0, count: scores.count)
    scores.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { y in
        pattern.rowPointers.withUnsafeBufferPointer { rp in
          for i in 0..<pattern.rowCount {
            let (s, e) = (rp[i], rp[i + 1])
            guard e > s else { continue }
            var m = -Float.infinity
            for k in s..<e { m = max(m, x[k]) }
            var sum: Float = 0
            for k in s..<e {
              let v = _expf(x[k] - m)
              y[k] = v
              sum += v
            }
            let inv = 1 / sum
            for k in s..<e { y[k] *= inv }
          }
        }
      }
    }
    return Tensor(uncheckedShape: [scores.count], scalars: out)
  }
}
