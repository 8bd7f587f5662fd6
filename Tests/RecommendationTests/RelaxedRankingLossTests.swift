import Tensors
import Testing
import _TestSupport

@Suite struct RelaxedRankingLossTests {
  static let interesting = try! Tensor(rows: [[2.0, 1.5, -0.5], [0.3, 0.8, -1.0]])
  static let uninteresting = try! Tensor(rows: [[0.1, -0.2, 1.0, 0.0], [0.5, -1.5, 0.2, 0.4]])

  /// Golden value from scripts/golden/rrd_loss.py (NumPy, the reference code's flip/cumsum form).
  @Test func matchesTheNumPyReference() throws {
    let loss = try relaxedRankingLoss(
      interesting: Variable(Self.interesting), uninteresting: Variable(Self.uninteresting))
    #expect(abs(loss.value.scalar - 9.716916) < 1e-4)
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let result = try checkGradients(at: [Self.interesting, Self.uninteresting]) { v in
      try relaxedRankingLoss(interesting: v[0], uninteresting: v[1])
    }
    #expect(result.worstRelativeError < 1e-2, "\(result)")
  }

  @Test func staysFiniteWithScoresOfTenThousand() throws {
    let s = try Tensor(rows: [[1e4, -1e4, 1e4], [-1e4, -1e4, 1e4]])
    let u = try Tensor(rows: [[-1e4, 1e4], [1e4, -1e4]])
    let (vs, vu) = (Variable(s, requiresGradient: true), Variable(u, requiresGradient: true))
    let loss = try relaxedRankingLoss(interesting: vs, uninteresting: vu)
    try loss.backward()
    #expect(loss.value.scalar.isFinite)
    #expect(loss.value.scalar > 1e4)  // badly ordered rows cost about the score gap
    #expect(vs.gradient?.isFinite == true && vu.gradient?.isFinite == true)
  }

  @Test func aPerfectOrderCostsLessThanItsReverse() throws {
    let good = try relaxedRankingLoss(
      interesting: Variable(Tensor(rows: [[9, 6, 3]])), uninteresting: Variable(Tensor(rows: [[-5, -5]])))
    let bad = try relaxedRankingLoss(
      interesting: Variable(Tensor(rows: [[3, 6, 9]])), uninteresting: Variable(Tensor(rows: [[-5, -5]])))
    #expect(good.value.scalar < bad.value.scalar)
  }

  @Test func refusesMismatchedRows() {
    #expect(throws: TensorError.self) {
      try relaxedRankingLoss(
        interesting: Variable(Tensor(zeros: [2, 3])), uninteresting: Variable(Tensor(zeros: [3, 4])))
    }
  }

  @Test func logSigmoidAndReshapeGradients() throws {
    let x = try Tensor(rows: [[-3, -0.5, 0], [0.7, 2, 5]])
    let r1 = try checkGradients(at: [x]) { v in logSigmoid(v[0]) }
    #expect(r1.worstRelativeError < 1e-2, "\(r1)")
    let r2 = try checkGradients(at: [x]) { v in try reshape(v[0], to: [3, 2]) }
    #expect(r2.worstRelativeError < 1e-2, "\(r2)")
    let extreme = logSigmoid(Variable(Tensor([-1e4, 1e4])))
    #expect(abs(extreme.value[0] + 1e4) < 1 && extreme.value[1] == 0)
  }
}
