/// Sparse × dense product `a · x` with a constant sparse matrix (e.g. the normalised
/// adjacency of GCN), multi-threaded.
///
/// Pullback: `∂x = aᵀ · g`, with the transpose cached with `a` when there is one (a fixed
/// adjacency), otherwise by the scatter kernel ``Kernels/spmmTransposed(_:_:)`` (features whose
/// values change every step). Correct for non-symmetric matrices.
///
/// Shapes: `a` `[m, k]`, `x` `[k, d]` → `[m, d]`.
public func spmm(_ a: CSRMatrix, _ x: Variable) throws -> Variable {
  try spmm(a, x, bias: nil)
}

/// `a · x + bias`, the bias added to every row inside the sparse product (one pass over the
/// output instead of two); with `rectify`, `relu(a · x + bias)` with the ReLU applied as the
/// output is stored (a GCN layer and its activation in one pass).
///
/// Pullback: `g' = g ⊙ [out > 0]` when rectified (the derivative at 0 taken as 0, as
/// ``relu(_:)``), otherwise `g' = g`; `∂x = aᵀ · g'` as for ``spmm(_:_:)``; `∂bias = Σ_rows g'`.
/// Shapes: `a` `[m, k]`, `x` `[k, d]`, `bias` `[d]` → `[m, d]`.
public func spmm(_ a: CSRMatrix, _ x: Variable, bias: Variable?, rectify: Bool = false) throws -> Variable {
  let out = try Kernels.spmm(a, x.value, bias: bias?.value, rectify: rectify)
  let scatter = !a.hasCachedTranspose && a.nonzeroCount * x.value.columnCount < 4 * Parallelism.minimumParallelWork
  let parents = bias.map { [x, $0] } ?? [x]
  return Variable(value: out, parents: parents) { incoming in
    let g = rectify ? incoming.zipMap(out) { g, y in y > 0 ? g : 0 } : incoming
    let gx =
      x.requiresGradient ? (scatter ? try Kernels.spmmTransposed(a, g) : try Kernels.spmm(a.transposed(), g)) : nil
    guard let bias else { return [gx] }
    return [gx, bias.requiresGradient ? reduceBroadcast(g, to: bias.shape) : nil]
  }
}

/// Sparse × dense product whose sparse values are themselves differentiable (attention weights
/// on a fixed pattern): `out[i] = Σ_{(i,j) ∈ pattern} values[e(i,j)] · x[j]`.
///
/// Pullback: `∂values[e(i,j)] = g[i] · x[j]` (an SDDMM), `∂x = A(values)ᵀ · g`.
///
/// Shapes: `pattern` `[m, k]`, `values` `[nnz]`, `x` `[k, d]` → `[m, d]`.
public func spmm(pattern: CSRMatrix, values: Variable, _ x: Variable) throws -> Variable {
  guard values.value.count == pattern.nonzeroCount, values.value.rank <= 1 else {
    throw TensorError.shape(
      "spmm(pattern:values:)", expected: "values of shape [\(pattern.nonzeroCount)] (one per entry)",
      actual: describe(values.shape))
  }
  let (vals, xv) = (values.value.scalars, x.value)
  let out = try Kernels.spmm(pattern, xv, values: vals)
  return Variable(value: out, parents: [values, x]) { g in
    var gv: Tensor? = nil
    var gx: Tensor? = nil
    if values.requiresGradient { gv = try Kernels.sddmm(pattern: pattern, g, xv) }
    if x.requiresGradient {
      gx = try Kernels.spmm(pattern.transposed(), g, values: pattern.transposedValues(vals))
    }
    return [gv, gx]
  }
}
