import CBLAS

extension Kernels {
  /// General matrix product through OpenBLAS `cblas_sgemm`: `alpha · op(a) · op(b)`, where
  /// `op(x)` is `x` or its transpose. Large products are split over `threads` threads (see
  /// `GEMMProblem`); the result does not depend on the thread count beyond float rounding of
  /// inner-dimension splits.
  ///
  /// Shapes: `op(a)` is `[m, k]`, `op(b)` is `[k, n]`, the result `[m, n]`.
  /// - Throws: ``TensorError`` when an operand is not a matrix or the inner extents differ.
  public static func gemm(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1,
    threads: Int = Parallelism.threadCount
  ) throws -> Tensor {
    let (m, k, n) = try gemmShape(a, b, transposeA: transposeA, transposeB: transposeB)
    guard m > 0, n > 0, k > 0 else { return Tensor(zeros: [m, n]) }
    // β = 0: BLAS does not read C, so the output is not zero-filled first (one pass fewer).
    let scalars = [Float](unsafeUninitializedCapacity: m * n) { pc, initialized in
      gemmUnchecked(
        a, b, into: pc.baseAddress!, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, alpha: alpha,
        beta: 0, threads: threads)
      initialized = m * n
    }
    return Tensor(uncheckedShape: [m, n], scalars: scalars)
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
    transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float, threads: Int = Parallelism.threadCount
  ) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
      if beta != 1 { c.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] *= beta } } }
      return
    }
    c.withUnsafeMutableBufferPointer { pc in
      gemmUnchecked(
        a, b, into: pc.baseAddress!, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, alpha: alpha,
        beta: beta, threads: threads)
    }
  }

  /// The product into raw storage for `m · n` floats (read only when `beta ≠ 0`); `k > 0`.
  static func gemmUnchecked(
    _ a: Tensor, _ b: Tensor, into c: UnsafeMutablePointer<Float>, m: Int, k: Int, n: Int,
    transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float, threads: Int
  ) {
    BLASRuntime.ensureConfigured()
    let lda = max(1, a.shape[1])
    let ldb = max(1, b.shape[1])
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        let problem = GEMMProblem(
          a: pa.baseAddress!, b: pb.baseAddress!, c: c, m: m, n: n, k: k, lda: lda, ldb: ldb,
          transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
        problem.run(threads: threads)
      }
    }
  }
}

/// One `C ← α op(A) op(B) + βC` call, split across GraphKD's threads.
///
/// OpenBLAS itself runs single-threaded (see ``BLASRuntime``): its worker threads would
/// otherwise spin between calls and compete with GraphKD's own kernels for the cores. Large
/// products are cut into independent blocks — rows of C when C is tall, columns when it is wide,
/// and the inner dimension (with a final sum) when C is small but k is long, as in weight
/// gradients `Xᵀ G` — and each block is one single-threaded `cblas_sgemm`.
struct GEMMProblem {
  let a: UnsafePointer<Float>
  let b: UnsafePointer<Float>
  let c: UnsafeMutablePointer<Float>
  let m: Int, n: Int, k: Int, lda: Int, ldb: Int
  let transposeA: Bool, transposeB: Bool
  let alpha: Float, beta: Float

  /// Below this many multiply-adds one thread is faster than splitting.
  static let parallelThreshold = 1 << 20

  func run(threads: Int) {
    let work = m * n * k
    guard threads > 1, work >= Self.parallelThreshold else {
      call(a: a, b: b, c: c, m: m, n: n, k: k, beta: beta)
      return
    }
    let parts = threads
    if m >= 8 * parts && m >= n {
      // Rows of op(A) and C.
      let ranges = Parallelism.ranges(count: m, parts: parts)
      nonisolated(unsafe) let s = self
      Parallelism.forEach(chunks: ranges.count, threads: threads) { t in
        let r = ranges[t]
        let aBlock = s.transposeA ? s.a + r.lowerBound : s.a + r.lowerBound * s.lda
        s.call(a: aBlock, b: s.b, c: s.c + r.lowerBound * s.n, m: r.count, n: s.n, k: s.k, beta: s.beta)
      }
    } else if n >= 8 * parts {
      // Columns of op(B) and C.
      let ranges = Parallelism.ranges(count: n, parts: parts)
      nonisolated(unsafe) let s = self
      Parallelism.forEach(chunks: ranges.count, threads: threads) { t in
        let r = ranges[t]
        let bBlock = s.transposeB ? s.b + r.lowerBound * s.ldb : s.b + r.lowerBound
        s.call(a: s.a, b: bBlock, c: s.c + r.lowerBound, m: s.m, n: r.count, k: s.k, beta: s.beta, ldc: s.n)
      }
    } else {
      // The inner dimension: each part computes a partial product; the parts are summed.
      let ranges = Parallelism.ranges(count: k, parts: parts)
      var partials = [Float](repeating: 0, count: ranges.count * m * n)
      partials.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let (s, p) = (self, buffer.baseAddress!)
        Parallelism.forEach(chunks: ranges.count, threads: threads) { t in
          let r = ranges[t]
          let aBlock = s.transposeA ? s.a + r.lowerBound * s.lda : s.a + r.lowerBound
          let bBlock = s.transposeB ? s.b + r.lowerBound : s.b + r.lowerBound * s.ldb
          s.call(a: aBlock, b: bBlock, c: p + t * s.m * s.n, m: s.m, n: s.n, k: r.count, beta: 0)
        }
        let size = m * n
        for i in 0..<size {
          var sum: Float = 0
          for t in 0..<ranges.count { sum += p[t * size + i] }
          c[i] = beta == 0 ? sum : beta * c[i] + sum
        }
      }
    }
  }

  func call(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
    beta: Float, ldc: Int? = nil
  ) {
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc ?? n))
  }
}
