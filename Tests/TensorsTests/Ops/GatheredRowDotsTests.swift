import Tensors
import Testing
import _TestSupport

/// ``gatheredRowDots(_:rows:_:rows:)``: the fused form of gather · multiply · row sum that scores
/// the item side of IR-RRD.
@Suite struct GatheredRowDotsTests {
  static func random(_ shape: [Int], seed: UInt64) -> Tensor {
    var g = Xoshiro256StarStar(seed: seed)
    return Tensor.randomUniform(shape: shape, lowerBound: -1, upperBound: 1, generator: &g)
  }

  // Repeated rows on both sides, so the pullback must accumulate.
  static let aRows = [0, 2, 2, 1, 3, 0, 2]
  static let bRows = [4, 0, 1, 1, 4, 4, 3]

  @Test func dotProductsByHand() throws {
    let a = try Tensor(rows: [[1, 2], [3, 4]])
    let b = try Tensor(rows: [[1, 0], [0, 1], [2, -1]])
    let out = try gatheredRowDots(Variable(a), rows: [0, 1, 1, 0], Variable(b), rows: [2, 2, 0, 1]).value
    #expect(out.scalars == [0, 2, 3, 2])
  }

  @Test func equalsGatherMultiplySumWithItsGradients() throws {
    let (a, b) = (Self.random([4, 5], seed: 1), Self.random([5, 5], seed: 2))
    let (va, vb) = (Variable(a, requiresGradient: true), Variable(b, requiresGradient: true))
    let fused = try gatheredRowDots(va, rows: Self.aRows, vb, rows: Self.bRows)
    let (wa, wb) = (Variable(a, requiresGradient: true), Variable(b, requiresGradient: true))
    let composed = try sum(
      gatherRows(wa, indices: Self.aRows) * gatherRows(wb, indices: Self.bRows), alongAxis: 1)
    let weights = Variable(Self.random([Self.aRows.count], seed: 3))
    try sum(fused * weights).backward()
    try sum(composed * weights).backward()
    #expect(isApproximatelyEqual(fused.value, composed.value))
    #expect(isApproximatelyEqual(va.gradient!, wa.gradient!))
    #expect(isApproximatelyEqual(vb.gradient!, wb.gradient!))
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let result = try checkGradients(at: [Self.random([4, 3], seed: 4), Self.random([5, 3], seed: 5)]) { v in
      try gatheredRowDots(v[0], rows: Self.aRows, v[1], rows: Self.bRows)
    }
    #expect(result.worstRelativeError < 1e-2, "\(result)")
  }

  @Test func refusesMismatchedWidthsLengthsAndIndices() {
    let (a, b) = (Variable(Tensor(zeros: [3, 2])), Variable(Tensor(zeros: [4, 2])))
    #expect(throws: TensorError.self) { try gatheredRowDots(a, rows: [0], Variable(Tensor(zeros: [4, 3])), rows: [0]) }
    #expect(throws: TensorError.self) { try gatheredRowDots(a, rows: [0, 1], b, rows: [0]) }
    #expect(throws: TensorError.self) { try gatheredRowDots(a, rows: [3], b, rows: [0]) }
    #expect(throws: TensorError.self) { try gatheredRowDots(a, rows: [0], b, rows: [-1]) }
  }
}
