import Foundation
import Recommendation
import Tensors
import Testing
import _TestSupport

@Suite struct DistillationExpertsTests {
  /// scale · sin(0.7 i + offset), as scripts/golden/de_loss.py.
  static func fill(_ shape: [Int], _ scale: Double, _ offset: Double) -> Tensor {
    let n = shape.reduce(1, *)
    return try! Tensor(shape: shape, scalars: (0..<n).map { Float(scale * sin(Double($0) * 0.7 + offset)) })
  }

  /// Two experts from 2 to 3 dimensions with the golden script's parameters.
  static func experts() -> DistillationExperts {
    var g = Xoshiro256StarStar(seed: 0)
    let de = DistillationExperts(expertCount: 2, studentDimension: 2, teacherDimension: 3, generator: &g)
    // Order documented on `parameters`: W1, b1, W_sel, b_sel, the experts' W2 stacked, their
    // b2 stacked (the golden script's per-expert arrays, expert 0 first).
    let values = try! [
      fill([2, 4], 0.5, 0.3), fill([4], 0.1, 0.4), fill([3, 2], 0.5, 0.7), fill([2], 0.1, 0.8),
      Tensor(shape: [4, 3], scalars: fill([2, 3], 0.5, 0.5).scalars + fill([2, 3], 0.5, 1.5).scalars),
      Tensor(shape: [2, 3], scalars: fill([3], 0.1, 0.6).scalars + fill([3], 0.1, 1.6).scalars),
    ]
    #expect(de.parameters.map(\.shape) == values.map(\.shape))
    for (p, v) in zip(de.parameters, values) { p.value = v }
    return de
  }

  /// Golden value from scripts/golden/de_loss.py (fixed parameters and Gumbel noise).
  @Test func matchesTheNumPyReference() throws {
    let de = Self.experts()
    #expect(de.hiddenDimension == 2)
    let loss = try de.loss(
      student: Variable(Self.fill([2, 2], 1, 0.1)), teacher: Self.fill([2, 3], 1, 0.2),
      noise: Self.fill([2, 2], 0.3, 0.9),
      temperature: 0.5)
    #expect(abs(loss.value.scalar - 1.955534) < 1e-4)
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let de = Self.experts()
    let teacher = Self.fill([2, 3], 1, 0.2)
    let noise = Self.fill([2, 2], 0.3, 0.9)
    let result = try checkGradients(at: [Self.fill([2, 2], 1, 0.1)], step: 1e-2) { v in
      try de.loss(student: v[0], teacher: teacher, noise: noise, temperature: 0.5)
    }
    #expect(result.worstRelativeError < 2e-2, "\(result)")
  }

  @Test func temperatureIsAnnealedFromOneToTheFloor() {
    #expect(DistillationExperts.temperature(epoch: 0) == 1)
    #expect(abs(DistillationExperts.temperature(epoch: 100) - 0.1) < 1e-6)
    #expect(DistillationExperts.temperature(epoch: 5000) == 1e-10)
  }

  @Test func refusesMismatchedShapes() {
    let de = Self.experts()
    #expect(throws: TensorError.self) {
      try de.loss(
        student: Variable(Tensor(zeros: [2, 3])), teacher: Tensor(zeros: [2, 3]), noise: Tensor(zeros: [2, 2]),
        temperature: 1)
    }
  }
}
