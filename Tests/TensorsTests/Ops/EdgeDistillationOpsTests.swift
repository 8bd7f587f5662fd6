import Tensors
import Testing
import _TestSupport

/// Values and finite-difference gradient checks of the edge operations behind
/// structure-preserving distillation: ``edgeSquaredDistance(pattern:_:)`` and
/// ``edgeKLDivergence(pattern:target:scores:)``.
@Suite struct EdgeDistillationOpsTests {
  // 0 ↔ 1, 0 ↔ 2, 1 ↔ 2, 2 → 3, an empty row 4 and a self loop on 3.
  static let pattern = try! CSRMatrix(
    rowCount: 5, columnCount: 5, rowPointers: [0, 2, 4, 7, 9, 9], columnIndices: [1, 2, 0, 2, 0, 1, 3, 2, 3])

  static func random(_ shape: [Int], seed: UInt64) -> Tensor {
    var g = Xoshiro256StarStar(seed: seed)
    return Tensor.randomUniform(shape: shape, lowerBound: -1, upperBound: 1, generator: &g)
  }

  @Test func squaredDistancesPerEntry() throws {
    let x = try Tensor(rows: [[0, 0], [3, 4], [1, 1], [2, 2], [5, 5]])
    let d = try edgeSquaredDistance(pattern: Self.pattern, Variable(x)).value
    #expect(d.scalars == [25, 2, 25, 13, 2, 13, 2, 2, 0])
  }

  @Test func squaredDistanceGradients() throws {
    let result = try checkGradients(at: [Self.random([5, 3], seed: 1)]) { v in
      try edgeSquaredDistance(pattern: Self.pattern, v[0])
    }
    #expect(result.worstRelativeError < 1e-2, "\(result)")
  }

  @Test func klDivergenceMatchesSoftmaxAndIsZeroOnItsOwnDistribution() throws {
    let scores = Self.random([9], seed: 2)
    let q = try Kernels.segmentSoftmax(pattern: Self.pattern, scores: scores)
    let zero = try edgeKLDivergence(pattern: Self.pattern, target: q, scores: Variable(scores)).value.scalar
    #expect(abs(zero) < 1e-6)
    // A uniform target over each row against uniform scores plus a bump on entry 0.
    let uniform = Tensor([0.5, 0.5, 0.5, 0.5, 1 / 3, 1 / 3, 1 / 3, 0.5, 0.5])
    var bumped = Tensor(zeros: [9])
    bumped[0] = 1
    let kl = try edgeKLDivergence(pattern: Self.pattern, target: uniform, scores: Variable(bumped)).value.scalar
    let e: Float = 2.718281828
    let row0 = 0.5 * logf(0.5 / (e / (e + 1))) + 0.5 * logf(0.5 / (1 / (e + 1)))
    #expect(abs(kl - row0 / 4) < 1e-5)  // four non-empty rows; only row 0 differs
  }

  @Test func klDivergenceGradients() throws {
    let target = try Kernels.segmentSoftmax(pattern: Self.pattern, scores: Self.random([9], seed: 3))
    let result = try checkGradients(at: [Self.random([9], seed: 4)]) { v in
      try edgeKLDivergence(pattern: Self.pattern, target: target, scores: v[0])
    }
    #expect(result.worstRelativeError < 1e-2, "\(result)")
  }

  @Test func badInputIsRefused() throws {
    #expect(throws: TensorError.self) {
      try edgeSquaredDistance(pattern: Self.pattern, Variable(Tensor(zeros: [4, 2])))
    }
    #expect(throws: TensorError.self) {
      try edgeKLDivergence(pattern: Self.pattern, target: Tensor(zeros: [8]), scores: Variable(Tensor(zeros: [9])))
    }
    #expect(throws: TensorError.self) {
      try edgeKLDivergence(
        pattern: Self.pattern, target: Tensor(repeating: -1, shape: [9]), scores: Variable(Tensor(zeros: [9])))
    }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
