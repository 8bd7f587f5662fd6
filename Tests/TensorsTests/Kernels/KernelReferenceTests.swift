import Tensors
import Testing
import _TestSupport

/// Every fast kernel against its naive reference in `_TestSupport`, on random inputs that
/// include empty rows, a single row and rows with thousands of entries.
@Suite struct KernelReferenceTests {
  /// Matrices with the awkward cases: empty rows, one row, and very long rows.
  static func awkwardMatrices() -> [CSRMatrix] {
    var g = Xoshiro256StarStar(seed: 11)
    return [
      RandomFixtures.csr(rows: 200, columns: 150, generator: &g) { $0 % 5 == 0 ? 0 : ($0 % 9) + 1 },
      RandomFixtures.csr(rows: 1, columns: 300, generator: &g) { _ in 40 },
      RandomFixtures.csr(rows: 6, columns: 5000, generator: &g) { $0 == 2 ? 0 : 3000 + $0 },
      RandomFixtures.csr(rows: 50, columns: 40, generator: &g) { _ in 0 },
      RandomFixtures.csr(rows: 0, columns: 10, generator: &g) { _ in 0 },
    ]
  }

  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func gemmMatchesReference(transposeA: Bool, transposeB: Bool) throws {
    var g = Xoshiro256StarStar(seed: 3)
    let (m, k, n) = (37, 53, 19)
    let a = Tensor.randomUniform(shape: transposeA ? [k, m] : [m, k], lowerBound: -1, upperBound: 1, generator: &g)
    let b = Tensor.randomUniform(shape: transposeB ? [n, k] : [k, n], lowerBound: -1, upperBound: 1, generator: &g)
    let fast = try Kernels.gemm(a, b, transposeA: transposeA, transposeB: transposeB)
    let slow = ReferenceKernels.gemm(a, b, transposeA: transposeA, transposeB: transposeB)
    // Within a Float32 sum's rounding error of Σ|a||b|: a relative error is meaningless where
    // the terms cancel, and OpenBLAS's kernels (Haswell, SkylakeX, …) sum in different orders.
    let magnitude = ReferenceKernels.gemm(abs(a), abs(b), transposeA: transposeA, transposeB: transposeB)
    #expect(fast.shape == [m, n])
    #expect(isWithinAccumulationError(fast, slow, magnitude: magnitude))
  }

  /// Products large enough to be split over threads, shaped to take each split: rows of C,
  /// columns of C, and the inner dimension with a final sum.
  @Test(arguments: [(200, 600, 10), (10, 600, 200), (10, 20_000, 10)])
  func threadedGemmMatchesReferenceOnEverySplit(m: Int, k: Int, n: Int) throws {
    var g = Xoshiro256StarStar(seed: UInt64(m * 31 + n))
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let a = Tensor.randomUniform(shape: ta ? [k, m] : [m, k], lowerBound: -1, upperBound: 1, generator: &g)
      let b = Tensor.randomUniform(shape: tb ? [n, k] : [k, n], lowerBound: -1, upperBound: 1, generator: &g)
      let reference = ReferenceKernels.gemm(a, b, transposeA: ta, transposeB: tb)
      let magnitude = ReferenceKernels.gemm(abs(a), abs(b), transposeA: ta, transposeB: tb)
      for threads in [1, 2, 3] {
        let fast = try Kernels.gemm(a, b, transposeA: ta, transposeB: tb, threads: threads)
        #expect(
          isWithinAccumulationError(fast, reference, magnitude: magnitude),
          "\(m)×\(k)×\(n) ta \(ta) tb \(tb) threads \(threads)")
      }
    }
  }

  @Test func gemmAccumulatesAndHandlesEmptyInnerExtent() throws {
    var g = Xoshiro256StarStar(seed: 4)
    let a = Tensor.randomUniform(shape: [4, 3], generator: &g)
    let b = Tensor.randomUniform(shape: [3, 2], generator: &g)
    var c = Tensor(repeating: 1, shape: [4, 2])
    try Kernels.gemm(a, b, accumulatingInto: &c, alpha: 2, beta: 0.5)
    let ref = ReferenceKernels.gemm(a, b)
    for i in 0..<8 { #expect(abs(c[i] - (2 * ref[i] + 0.5)) < 1e-5) }
    let empty = try Kernels.gemm(Tensor(zeros: [3, 0]), Tensor(zeros: [0, 4]))
    #expect(empty == Tensor(zeros: [3, 4]))
  }

  @Test func spmmMatchesReferenceForEveryThreadCount() throws {
    var g = Xoshiro256StarStar(seed: 5)
    for a in Self.awkwardMatrices() {
      for width in [1, 2, 3, 7, 10, 13, 16, 64, 100] {
        let x = Tensor.randomUniform(shape: [a.columnCount, width], lowerBound: -1, upperBound: 1, generator: &g)
        let ref = ReferenceKernels.spmm(a, x)
        let magnitude = ReferenceKernels.spmm(abs(a), abs(x))
        for threads in [1, 2, 4] {
          let fast = try Kernels.spmm(a, x, threads: threads)
          #expect(fast.shape == [a.rowCount, width])
          #expect(
            isWithinAccumulationError(fast, ref, magnitude: magnitude),
            "rows \(a.rowCount) width \(width) threads \(threads)")
        }
        let values = a.values.map { $0 * 2 }
        #expect(
          isWithinAccumulationError(
            try Kernels.spmm(a, x, values: values), ReferenceKernels.spmm(a, x, values: values),
            magnitude: try Tensor(shape: magnitude.shape, scalars: magnitude.scalars.map { 2 * $0 })))
      }
    }
  }

  @Test func transposedSpmmMatchesReferenceOnTheTranspose() throws {
    var g = Xoshiro256StarStar(seed: 12)
    for a in Self.awkwardMatrices() {
      for width in [1, 16, 33] {
        let x = Tensor.randomUniform(shape: [a.rowCount, width], lowerBound: -1, upperBound: 1, generator: &g)
        let t = a.transposed()
        let ref = ReferenceKernels.spmm(t, x)
        let magnitude = ReferenceKernels.spmm(abs(t), abs(x))
        #expect(isWithinAccumulationError(try Kernels.spmmTransposed(a, x), ref, magnitude: magnitude))
      }
    }
    #expect(throws: TensorError.self) { try Kernels.spmmTransposed(CSRMatrix.identity(3), Tensor(zeros: [2, 2])) }
  }

  @Test func sddmmMatchesReference() throws {
    var g = Xoshiro256StarStar(seed: 6)
    for p in Self.awkwardMatrices() {
      for d in [1, 8, 33] {
        let a = Tensor.randomUniform(shape: [p.rowCount, d], lowerBound: -1, upperBound: 1, generator: &g)
        let b = Tensor.randomUniform(shape: [p.columnCount, d], lowerBound: -1, upperBound: 1, generator: &g)
        let ref = ReferenceKernels.sddmm(pattern: p, a, b)
        let magnitude = ReferenceKernels.sddmm(pattern: p, abs(a), abs(b))
        for threads in [1, 2] {
          #expect(
            isWithinAccumulationError(try Kernels.sddmm(pattern: p, a, b, threads: threads), ref, magnitude: magnitude))
        }
      }
    }
  }

  @Test func segmentSoftmaxMatchesReferenceAndSurvivesHugeScores() throws {
    var g = Xoshiro256StarStar(seed: 7)
    for p in Self.awkwardMatrices() {
      for scale: Float in [1, 10_000] {
        let s = Tensor.randomUniform(shape: [p.nonzeroCount], lowerBound: -scale, upperBound: scale, generator: &g)
        let fast = try Kernels.segmentSoftmax(pattern: p, scores: s)
        #expect(fast.isFinite)
        #expect(
          maxRelativeDifference(fast, ReferenceKernels.segmentSoftmax(pattern: p, scores: s), absoluteFloor: 1e-6)
            < 1e-3)
      }
    }
  }

  @Test func edgeAddMatchesReference() throws {
    var g = Xoshiro256StarStar(seed: 8)
    for p in Self.awkwardMatrices() {
      let s = Tensor.randomUniform(shape: [p.rowCount], generator: &g)
      let t = Tensor.randomUniform(shape: [p.columnCount], generator: &g)
      #expect(
        try Kernels.edgeAdd(pattern: p, source: s, target: t)
          == ReferenceKernels.edgeAdd(pattern: p, source: s, target: t))
    }
  }

  @Test func gatherAndScatterMatchReference() throws {
    var g = Xoshiro256StarStar(seed: 9)
    let x = Tensor.randomUniform(shape: [50, 6], generator: &g)
    let idx = (0..<200).map { _ in g.nextInt(below: 50) }
    #expect(try Kernels.gatherRows(x, indices: idx) == ReferenceKernels.gatherRows(x, indices: idx))
    let src = Tensor.randomUniform(shape: [200, 6], generator: &g)
    #expect(
      maxRelativeDifference(
        try Kernels.scatterAddRows(src, indices: idx, rowCount: 50),
        ReferenceKernels.scatterAddRows(src, indices: idx, rowCount: 50)) < 1e-5)
    #expect(try Kernels.gatherRows(x, indices: []).shape == [0, 6])
  }

  @Test func rowBlocksCoverEveryRowOnceInOrder() {
    var g = Xoshiro256StarStar(seed: 10)
    for a in Self.awkwardMatrices() {
      for parts in [1, 3, 16, 1000] {
        let blocks = Kernels.rowBlocks(a, parts: parts)
        #expect(blocks.flatMap { Array($0) } == Array(0..<a.rowCount))
        #expect(blocks.allSatisfy { !$0.isEmpty })
      }
    }
    _ = g.next()
  }

  @Test func kernelsRejectMismatchedShapes() {
    let a = CSRMatrix.identity(3)
    let e1 = #expect(throws: TensorError.self) { try Kernels.spmm(a, Tensor(zeros: [4, 2])) }
    #expect(
      e1?.description
        == "spmm: expected a dense matrix with 3 rows (the sparse matrix's columns), but got shape [4, 2] against sparse 3 × 3"
    )
    let e2 = #expect(throws: TensorError.self) { try Kernels.gemm(Tensor(zeros: [2, 3]), Tensor(zeros: [4, 5])) }
    #expect(
      e2?.description
        == "gemm: expected inner extents to agree: op(lhs) columns (3) == op(rhs) rows, but got lhs [2, 3], rhs [4, 5]")
    #expect(throws: TensorError.self) { try Kernels.sddmm(pattern: a, Tensor(zeros: [3, 2]), Tensor(zeros: [3, 3])) }
    #expect(throws: TensorError.self) { try Kernels.segmentSoftmax(pattern: a, scores: Tensor(zeros: [2])) }
    let e3 = #expect(throws: TensorError.self) { try Kernels.gatherRows(Tensor(zeros: [3, 2]), indices: [0, 3]) }
    #expect(e3?.description == "gatherRows: expected row indices in 0..<3, but got 3 at position 1")
    #expect(throws: TensorError.self) {
      try Kernels.scatterAddRows(Tensor(zeros: [2, 2]), indices: [0, -1], rowCount: 3)
    }
  }
}

/// Element-wise absolute values.
func abs(_ t: Tensor) -> Tensor { try! Tensor(shape: t.shape, scalars: t.scalars.map { Swift.abs($0) }) }

/// The matrix with absolute values.
func abs(_ a: CSRMatrix) -> CSRMatrix { try! a.withValues(a.values.map { Swift.abs($0) }) }

@Suite struct BLASRuntimeTests {
  @Test func reportsAKernelAndAReason() {
    let c = BLASRuntime.configuration
    #expect(!c.kernel.isEmpty && c.kernel != "unknown")
    #expect(!c.reason.isEmpty)
  }

  @Test func choosesTheFastestKernelTheCPUSupports() {
    // OpenBLAS 0.3.21 falls back to slow kernels on CPUs it does not know.
    #expect(BLASRuntime.preferredKernel(current: "Prescott", hasAVX512: true, hasAVX2FMA: true) == "SkylakeX")
    #expect(BLASRuntime.preferredKernel(current: "Haswell", hasAVX512: true, hasAVX2FMA: true) == "SkylakeX")
    #expect(BLASRuntime.preferredKernel(current: "Cooperlake", hasAVX512: true, hasAVX2FMA: true) == nil)
    #expect(BLASRuntime.preferredKernel(current: "Prescott", hasAVX512: false, hasAVX2FMA: true) == "Haswell")
    #expect(BLASRuntime.preferredKernel(current: "Zen", hasAVX512: false, hasAVX2FMA: true) == nil)
    // Safe on CPUs without AVX2: OpenBLAS's own choice stands.
    #expect(BLASRuntime.preferredKernel(current: "Nehalem", hasAVX512: false, hasAVX2FMA: false) == nil)
  }
}
