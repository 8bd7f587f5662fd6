extension Kernels {
  /// `aᵀ · g` without forming the transpose: every stored entry (i, j, v) of `a` adds `v · g[i]`
  /// into row j of the result (a scatter). Used for the backward pass of `spmm` when `a`'s
  /// values are new every step (dropout on sparse features), where building and caching the
  /// transpose would cost more than the product. Single-threaded: rows of the output are
  /// written from many input rows.
  ///
  /// Shapes: `a` `[m, k]`, `g` `[m, n]` → `[k, n]`.
  /// - Throws: ``TensorError`` when `g` does not have `a.rowCount` rows.
  public static func spmmTransposed(_ a: CSRMatrix, _ g: Tensor) throws -> Tensor {
    guard g.rank == 2, g.shape[0] == a.rowCount else {
      throw TensorError.shape(
        "spmmTransposed", expected: "a dense matrix with \(a.rowCount) rows (the sparse matrix's rows)",
        actual: "shape \(describe(g.shape)) against sparse \(a.rowCount) × \(a.columnCount)")
    }
    let n = g.shape[1]
    var out = [Float](repeating: 0, count: a.columnCount * n)
    a.rowPointers.withUnsafeBufferPointer { rp in
      a.columnIndices.withUnsafeBufferPointer { ci in
        a.values.withUnsafeBufferPointer { vp in
          g.withUnsafeBufferPointer { gp in
            out.withUnsafeMutableBufferPointer { op in
              for i in 0..<a.rowCount {
                let src = gp.baseAddress! + i * n
                for e in rp[i]..<rp[i + 1] {
                  let v = vp[e]
                  let dst = op.baseAddress! + Int(ci[e]) * n
                  for c in 0..<n { dst[c] += v * src[c] }
                }
              }
            }
          }
        }
      }
    }
    return Tensor(uncheckedShape: [a.columnCount, n], scalars: out)
  }
}
