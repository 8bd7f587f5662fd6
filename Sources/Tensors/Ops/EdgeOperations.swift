// Differentiable operations on the entries (edges) of a fixed sparsity pattern, the pieces of
// graph attention: per-edge scores (SDDMM, u_add_v) and the per-row edge softmax.

/// Per-edge dot products `out[e(i,j)] = a[i] · b[j]` on the entries of `pattern` (SDDMM).
///
/// Pullback: `∂a = G · b` and `∂b = Gᵀ · a`, with G the sparse matrix of edge gradients.
/// Shapes: `pattern` `[m, k]`, `a` `[m, d]`, `b` `[k, d]` → `[nnz]`.
public func sddmm(pattern: CSRMatrix, _ a: Variable, _ b: Variable) throws -> Variable {
  let (av, bv) = (a.value, b.value)
  let out = try Kernels.sddmm(pattern: pattern, av, bv)
  return Variable(value: out, parents: [a, b]) { g in
    [
      a.requiresGradient ? try Kernels.spmm(pattern, bv, values: g.scalars) : nil,
      b.requiresGradient
        ? try Kernels.spmm(pattern.transposed(), av, values: pattern.transposedValues(g.scalars)) : nil,
    ]
  }
}

/// Per-edge sums `out[e(i,j)] = source[i] + target[j]` (GAT's attention logits).
///
/// Pullback: `∂source_i = Σ_{e in row i} g_e`, `∂target_j = Σ_{e in column j} g_e`.
/// Shapes: `source` `[m]`, `target` `[k]` → `[nnz]`.
public func edgeAdd(pattern: CSRMatrix, source: Variable, target: Variable) throws -> Variable {
  let out = try Kernels.edgeAdd(pattern: pattern, source: source.value, target: target.value)
  return Variable(value: out, parents: [source, target]) { g in
    var gs = [Float](repeating: 0, count: pattern.rowCount)
    var gt = [Float](repeating: 0, count: pattern.columnCount)
    for i in 0..<pattern.rowCount {
      for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] {
        gs[i] += g[e]
        gt[Int(pattern.columnIndices[e])] += g[e]
      }
    }
    return [try Tensor(shape: source.shape, scalars: gs), try Tensor(shape: target.shape, scalars: gt)]
  }
}

/// Softmax of edge scores within each row of `pattern` (the attention normalisation of GAT,
/// DGL's `edge_softmax`): `α_e = exp(s_e) / Σ_{e' in row(e)} exp(s_e')`.
///
/// Pullback: `∂s_e = α_e (g_e − Σ_{e' in row(e)} α_e' g_e')`.
/// Shapes: `scores` `[nnz]` → `[nnz]`.
public func edgeSoftmax(pattern: CSRMatrix, scores: Variable) throws -> Variable {
  let alpha = try Kernels.segmentSoftmax(pattern: pattern, scores: scores.value)
  return Variable(value: alpha, parents: [scores]) { g in
    var out = g
    for i in 0..<pattern.rowCount {
      let range = pattern.rowPointers[i]..<pattern.rowPointers[i + 1]
      var dot: Float = 0
      for e in range { dot += alpha[e] * g[e] }
      for e in range { out[e] = alpha[e] * (g[e] - dot) }
    }
    return [out]
  }
}
