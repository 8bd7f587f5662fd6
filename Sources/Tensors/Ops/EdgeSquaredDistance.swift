/// Squared Euclidean distances between the rows joined by the entries of a square pattern:
/// `out[e(i,j)] = ‖x_i − x_j‖²` for every stored entry (i, j) — the per-edge input of a
/// distance kernel such as the RBF kernel of local-structure-preserving distillation (Yang et
/// al., "Distilling Knowledge from Graph Convolutional Networks", CVPR 2020).
///
/// Pullback: `∂x_i += 2 g_e (x_i − x_j)` and `∂x_j −= 2 g_e (x_i − x_j)` for every entry e(i,j).
/// Shapes: `pattern` `[n, n]`, `x` `[n, d]` → `[nnz]`.
/// - Throws: ``TensorError`` unless the pattern is square with one row of `x` per node.
public func edgeSquaredDistance(pattern: CSRMatrix, _ x: Variable) throws -> Variable {
  guard x.value.rank == 2, pattern.rowCount == pattern.columnCount, x.shape[0] == pattern.rowCount else {
    throw TensorError.shape(
      "edgeSquaredDistance", expected: "a square pattern and x with one row per node ([\(pattern.rowCount), d])",
      actual: "pattern \(pattern.rowCount) × \(pattern.columnCount), x \(describe(x.shape))")
  }
  let xv = x.value
  let d = x.shape[1]
  var out = [Float](repeating: 0, count: pattern.nonzeroCount)
  xv.withUnsafeBufferPointer { xp in
    out.withUnsafeMutableBufferPointer { op in
      for i in 0..<pattern.rowCount {
        for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] {
          let j = Int(pattern.columnIndices[e])
          var s: Float = 0
          for c in 0..<d {
            let diff = xp[i * d + c] - xp[j * d + c]
            s += diff * diff
          }
          op[e] = s
        }
      }
    }
  }
  return Variable(value: Tensor(out), parents: [x]) { g in
    var gx = Tensor(zeros: xv.shape)
    xv.withUnsafeBufferPointer { xp in
      g.withUnsafeBufferPointer { gp in
        gx.withUnsafeMutableBufferPointer { gxp in
          for i in 0..<pattern.rowCount {
            for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] where gp[e] != 0 {
              let j = Int(pattern.columnIndices[e])
              let k = 2 * gp[e]
              for c in 0..<d {
                let diff = k * (xp[i * d + c] - xp[j * d + c])
                gxp[i * d + c] += diff
                gxp[j * d + c] -= diff
              }
            }
          }
        }
      }
    }
    return [gx]
  }
}
