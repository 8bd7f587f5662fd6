/// Matrix product `op(a) · op(b)` through OpenBLAS, where `op` optionally transposes.
///
/// Pullback: for `c = a · b`, `∂a = g · bᵀ` and `∂b = aᵀ · g` (with the transposes carried
/// through when `transposeA`/`transposeB` are set).
///
/// Shapes: `op(a)` `[m, k]`, `op(b)` `[k, n]` → `[m, n]`.
/// - Throws: ``TensorError`` when an operand is not a matrix or the inner extents differ.
public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) throws
  -> Variable
{
  let (av, bv) = (a.value, b.value)
  let out = try Kernels.gemm(av, bv, transposeA: transposeA, transposeB: transposeB)
  return Variable(value: out, parents: [a, b]) { g in
    var ga: Tensor? = nil
    var gb: Tensor? = nil
    if a.requiresGradient {
      // c = op(a) op(b): ∂op(a) = g op(b)ᵀ; ∂a = ∂op(a) or its transpose.
      ga =
        transposeA
        ? try Kernels.gemm(bv, g, transposeA: transposeB, transposeB: true)
        : try Kernels.gemm(g, bv, transposeA: false, transposeB: !transposeB)
    }
    if b.requiresGradient {
      // ∂op(b) = op(a)ᵀ g; ∂b = ∂op(b) or its transpose.
      gb =
        transposeB
        ? try Kernels.gemm(g, av, transposeA: true, transposeB: transposeA)
        : try Kernels.gemm(av, g, transposeA: !transposeA, transposeB: false)
    }
    return [ga, gb]
  }
}

/// The transpose of a matrix (a vector or scalar passes through).
public func transpose(_ x: Variable) -> Variable {
  Variable(value: x.value.transposed(), parents: [x]) { g in [g.transposed()] }
}
