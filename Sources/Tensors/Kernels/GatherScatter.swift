extension Kernels {
  /// The rows of `x` at `indices`, in that order (repeats allowed).
  ///
  /// Shapes: `x` `[n, d]`, `indices` `[m]`; the result `[m, d]`. A vector `x` is treated as
  /// `[n, 1]` and gives a vector.
  /// - Throws: ``TensorError`` when an index is outside `0..<n`.
  public static func gatherRows(_ x: Tensor, indices: [Int]) throws -> Tensor {
    let n = x.rank == 2 ? x.shape[0] : x.count
    let d = x.rank == 2 ? x.shape[1] : 1
    for (k, i) in indices.enumerated() where i < 0 || i >= n {
      throw TensorError.index("gatherRows", expected: "row indices in 0..<\(n)", actual: "\(i) at position \(k)")
    }
    var out = [Float](repeating: 0, count: indices.count * d)
    x.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for (k, i) in indices.enumerated() {
          for c in 0..<d { dst[k * d + c] = src[i * d + c] }
        }
      }
    }
    return Tensor(uncheckedShape: x.rank == 2 ? [indices.count, d] : [indices.count], scalars: out)
  }

  /// Adds row k of `source` into row `indices[k]` of a zero `[rowCount, d]` matrix.
  ///
  /// The adjoint of ``gatherRows(_:indices:)``. Shapes: `source` `[m, d]` (or `[m]`),
  /// `indices` `[m]`; the result `[rowCount, d]` (or `[rowCount]`).
  /// - Throws: ``TensorError`` when the counts differ or an index is outside `0..<rowCount`.
  public static func scatterAddRows(_ source: Tensor, indices: [Int], rowCount: Int) throws -> Tensor {
    let m = source.rank == 2 ? source.shape[0] : source.count
    let d = source.rank == 2 ? source.shape[1] : 1
    guard m == indices.count else {
      throw TensorError.shape(
        "scatterAddRows", expected: "\(indices.count) source rows (one per index)", actual: "\(m)")
    }
    for (k, i) in indices.enumerated() where i < 0 || i >= rowCount {
      throw TensorError.index(
        "scatterAddRows", expected: "row indices in 0..<\(rowCount)", actual: "\(i) at position \(k)")
    }
    var out = [Float](repeating: 0, count: rowCount * d)
    source.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for (k, i) in indices.enumerated() {
          for c in 0..<d { dst[i * d + c] += src[k * d + c] }
        }
      }
    }
    return Tensor(uncheckedShape: source.rank == 2 ? [rowCount, d] : [rowCount], scalars: out)
  }
}
