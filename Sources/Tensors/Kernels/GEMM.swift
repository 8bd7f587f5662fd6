import CBLAS

extension Kernels {
  /// General matrix product through OpenBLAS `cblas_sgemm`: `alpha · op(a) · op(b)`, where
  /// `op(x)` is `x` or its transpose.
  ///
  /// Shapes: `op(a)` is `[m, k]`, `op(b)` is `[k, n]`, the result `[m, n]`.
  /// - Throws: ``TensorError`` when an operand is not a matrix or the inner extents differ.
  public static func gemm(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1
  ) throws -> Tensor {
    let (m, k, n) = try gemmShape(a, b, transposeA: transposeA, transposeB: transposeB)
    var c = Tensor(zeros: [m, n])
    gemmUnchecked(
      a, b, into: &c, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 0)
    return c
  }

  /// `c ← alpha · op(a) · op(b) + beta · c`, in place.
  /// - Throws: ``TensorError`` when the shapes do not fit together or with `c`.
  public static func gemm(
    _ a: Tensor, _ b: Tensor, accumulatingInto c: inout Tensor, transposeA: Bool = false,
    transposeB: Bool = false, alpha: Float = 1, beta: Float = 1
  ) throws {
    let (m, k, n) = try gemmShape(a, b, transposeA: transposeA, transposeB: transposeB)
    guard c.shape == [m, n] else {
      throw TensorError.shape("gemm", expected: "output of shape [\(m), \(n)]", actual: describe(c.shape))
    }
    gemmUnchecked(
      a, b, into: &c, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
  }

  static func gemmShape(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) throws -> (Int, Int, Int) {
    guard a.rank == 2, b.rank == 2 else {
      throw TensorError.shape(
        "gemm", expected: "two matrices", actual: "lhs \(describe(a.shape)), rhs \(describe(b.shape))")
    }
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    guard k == k2 else {
      throw TensorError.shape(
        "gemm",
        expected: "inner extents to agree: op(lhs) columns (\(k)) == op(rhs) rows",
        actual: "lhs \(describe(a.shape))\(transposeA ? "ᵀ" : ""), rhs \(describe(b.shape))\(transposeB ? "ᵀ" : "")")
    }
    return (m, k, n)
  }

  static func gemmUnchecked(
    _ a: Tensor, _ b: Tensor, into c: inout Tensor, m: Int, k: Int, n: Int,
    transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float
  ) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
      if beta != 1 { c.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] *= beta } } }
      return
    }
    BLASRuntime.ensureConfigured()
    let lda = max(1, a.shape[1])
    let ldb = max(1, b.shape[1])
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, pa.baseAddress, Int32(lda), pb.baseAddress, Int32(ldb),
            beta, pc.baseAddress, Int32(n))
        }
      }
    }
  }
}
