extension Kernels {
  /// Sparse × dense product `a · b`, multi-threaded over blocks of rows.
  ///
  /// Rows are split into blocks of near-equal work (entries + rows), several per thread, and
  /// each block writes its own output rows, so the result does not depend on the thread count.
  ///
  /// Shapes: `a` is `[m, k]` sparse, `b` `[k, n]` dense, the result `[m, n]`.
  /// - Parameters:
  ///   - values: values to use instead of `a.values` (same pattern), e.g. attention weights.
  ///   - threads: how many threads to use; defaults to ``Parallelism/threadCount``.
  /// - Throws: ``TensorError`` when `b` is not a matrix with `a.columnCount` rows, or `values`
  ///   has the wrong length.
  public static func spmm(
    _ a: CSRMatrix, _ b: Tensor, values: [Float]? = nil, threads: Int = Parallelism.threadCount
  ) throws -> Tensor {
    guard b.rank == 2, b.shape[0] == a.columnCount else {
      throw TensorError.shape(
        "spmm", expected: "a dense matrix with \(a.columnCount) rows (the sparse matrix's columns)",
        actual: "shape \(describe(b.shape)) against sparse \(a.rowCount) × \(a.columnCount)")
    }
    if let values, values.count != a.nonzeroCount {
      throw TensorError.shape("spmm", expected: "\(a.nonzeroCount) edge values", actual: "\(values.count)")
    }
    let n = b.shape[1]
    var out = [Float](repeating: 0, count: a.rowCount * n)
    guard a.rowCount > 0, n > 0 else { return Tensor(uncheckedShape: [a.rowCount, n], scalars: out) }
    let blocks = rowBlocks(a, parts: threads <= 1 ? 1 : threads * 8)
    let vals = values ?? a.values
    a.rowPointers.withUnsafeBufferPointer { rp in
      a.columnIndices.withUnsafeBufferPointer { ci in
        vals.withUnsafeBufferPointer { vp in
          b.withUnsafeBufferPointer { bp in
            out.withUnsafeMutableBufferPointer { op in
              let (rp, ci, vp, bp, op) = (rp.baseAddress!, ci.baseAddress, vp.baseAddress, bp.baseAddress!, op.baseAddress!)
              nonisolated(unsafe) let ptrs = (rp, ci, vp, bp, op)
              Parallelism.forEach(chunks: blocks.count, threads: threads) { block in
                let (rp, ci, vp, bp, op) = ptrs
                for i in blocks[block] {
                  let dst = op + i * n
                  for e in rp[i]..<rp[i + 1] {
                    let v = vp![e]
                    let src = bp + Int(ci![e]) * n
                    for c in 0..<n { dst[c] += v * src[c] }
                  }
                }
              }
            }
          }
        }
      }
    }
    return Tensor(uncheckedShape: [a.rowCount, n], scalars: out)
  }

  /// Splits the rows of `a` into about `parts` contiguous blocks of near-equal cost, counting
  /// one unit per row and one per entry.
  public static func rowBlocks(_ a: CSRMatrix, parts: Int) -> [Range<Int>] {
    let rows = a.rowCount
    guard rows > 0 else { return [] }
    let parts = max(1, min(parts, rows))
    if parts == 1 { return [0..<rows] }
    let total = a.nonzeroCount + rows
    var bounds = [0]
    let rp = a.rowPointers
    for p in 1..<parts {
      let target = total * p / parts
      // smallest i with rp[i] + i >= target
      var lo = bounds.last!, hi = rows
      while lo < hi {
        let mid = (lo + hi) / 2
        if rp[mid] + mid < target { lo = mid + 1 } else { hi = mid }
      }
      if lo > bounds.last! { bounds.append(lo) }
    }
    if bounds.last! != rows { bounds.append(rows) }
    return (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
  }
}
