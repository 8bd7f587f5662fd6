/// Squared Euclidean distances between the rows joined by the entries of a square pattern:
/// `out[e(i,j)] = ‖x_i − x_j‖²` for every stored entry (i, j) — the per-edge input of a
/// distance kernel such as the RBF kernel of local-structure-preserving distillation (Yang et
/// al., "Distilling Knowledge from Graph Convolutional Networks", CVPR 2020).
///
/// Computed as `‖x_i‖² + ‖x_j‖² − 2 x_i·x_j` (clamped at 0) with the multi-threaded SDDMM
/// kernel. Pullback, with G the sparse matrix of entry gradients, r its row sums and c its
/// column sums: `∂x = 2 (r ⊙ x − G x) + 2 (c ⊙ x − Gᵀ x)` (two SpMMs).
/// Shapes: `pattern` `[n, n]`, `x` `[n, d]` → `[nnz]`.
/// - Throws: ``TensorError`` unless the pattern is square with one row of `x` per node.
public func edgeSquaredDistance(pattern: CSRMatrix, _ x: Variable) throws -> Variable {
  guard x.value.rank == 2, pattern.rowCount == pattern.columnCount, x.shape[0] == pattern.rowCount else {
    throw TensorError.shape(
      "edgeSquaredDistance", expected: "a square pattern and x with one row per node ([\(pattern.rowCount), d])",
      actual: "pattern \(pattern.rowCount) × \(pattern.columnCount), x \(describe(x.shape))")
  }
  let xv = x.value
  let (n, d) = (x.shape[0], x.shape[1])
  var norms = [Float](repeating: 0, count: n)
  xv.withUnsafeBufferPointer { xp in
    for i in 0..<n {
      var s: Float = 0
      for c in 0..<d { s += xp[i * d + c] * xp[i * d + c] }
      norms[i] = s
    }
  }
  var out = try Kernels.sddmm(pattern: pattern, xv, xv)
  out.withUnsafeMutableBufferPointer { op in
    for i in 0..<n {
      for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] {
        op[e] = max(norms[i] + norms[Int(pattern.columnIndices[e])] - 2 * op[e], 0)
      }
    }
  }
  return Variable(value: out, parents: [x]) { g in
    let values = g.scalars
    var sums = [Float](repeating: 0, count: n)  // r_i + c_i
    for i in 0..<n {
      for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] {
        sums[i] += values[e]
        sums[Int(pattern.columnIndices[e])] += values[e]
      }
    }
    let forward = try Kernels.spmm(pattern, xv, values: values)
    let backward = try Kernels.spmm(pattern.transposed(), xv, values: pattern.transposedValues(values))
    var gx = xv
    gx.withUnsafeMutableBufferPointer { gp in
      forward.withUnsafeBufferPointer { fp in
        backward.withUnsafeBufferPointer { bp in
          for i in 0..<n {
            for c in 0..<d {
              let k = i * d + c
              gp[k] = 2 * (sums[i] * gp[k] - fp[k] - bp[k])
            }
          }
        }
      }
    }
    return [gx]
  }
}
