import Distillation
import GNN
import Tensors
import Testing
import _TestSupport

@Suite struct DistillationExpertsTests {
  static let student = try! Tensor(rows: [[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]])
  static let teacher = try! Tensor(rows: [[0.2, 0.1, -0.3], [1.0, 0.0, 0.5], [-0.5, 0.4, 0.9]])
  static let noise = try! Tensor(rows: [[0.3, -0.2], [1.1, 0.4], [-0.5, 0.7]])

  /// Two experts and the selection network with the weights of scripts/golden/distillation_experts.py.
  static func experts() throws -> DistillationExperts {
    let de = DistillationExperts(
      studentDimension: 2, teacherDimension: 3, expertCount: 2, random: RandomSource(seed: 0))
    let weights: [[[Float]]] = [
      [[0.3, -0.2], [0.1, 0.4]], [[0.05, -0.1]], [[0.2, -0.3, 0.5], [0.4, 0.1, -0.2]], [[0.0, 0.1, -0.05]],
      [[-0.1, 0.25], [0.35, -0.15]], [[0.0, 0.2]], [[-0.3, 0.2, 0.1], [0.15, -0.25, 0.3]], [[0.05, 0.0, 0.1]],
      [[0.5, -0.5], [0.2, 0.3], [-0.4, 0.1]], [[0.1, -0.1]],
    ]
    #expect(de.parameters.count == weights.count)
    for (p, w) in zip(de.parameters, weights) {
      p.value = w.count == 1 ? Tensor(w[0]) : try Tensor(rows: w)
    }
    return de
  }

  /// Golden value from scripts/golden/distillation_experts.py (NumPy), fixed noise, τ = 0.5.
  @Test func matchesTheNumPyReference() throws {
    let loss = try Self.experts()(
      student: Variable(Self.student), teacher: Self.teacher, gumbelNoise: Self.noise, temperature: 0.5)
    #expect(abs(loss.value.scalar - 0.611225) < 1e-5)
  }

  @Test func gradientsReachTheStudentTheExpertsAndTheSelection() throws {
    let de = try Self.experts()
    let result = try checkGradients(at: [Self.student]) { v in
      try de(student: v[0], teacher: Self.teacher, gumbelNoise: Self.noise, temperature: 0.5)
    }
    #expect(result.worstRelativeError < 1e-2, "\(result)")
    try de(student: Variable(Self.student), teacher: Self.teacher, gumbelNoise: Self.noise, temperature: 0.5)
      .backward()
    #expect(de.parameters.allSatisfy { $0.gradient != nil })
  }

  @Test func temperatureAnnealsExponentiallyAndNoiseIsSeeded() throws {
    let de = DistillationExperts(
      studentDimension: 2, teacherDimension: 3, initialTemperature: 1, finalTemperature: 0.01,
      random: RandomSource(seed: 1))
    #expect(de.temperature(epoch: 1, epochs: 3) == 1)
    #expect(abs(de.temperature(epoch: 2, epochs: 3) - 0.1) < 1e-6)
    #expect(abs(de.temperature(epoch: 3, epochs: 3) - 0.01) < 1e-7)
    let again = DistillationExperts(studentDimension: 2, teacherDimension: 3, random: RandomSource(seed: 1))
    #expect(de.gumbelNoise(rows: 4) == again.gumbelNoise(rows: 4))
  }

  @Test func aTeacherOfTheWrongWidthIsRefused() throws {
    #expect(throws: TensorError.self) {
      try Self.experts()(
        student: Variable(Self.student), teacher: Tensor(zeros: [3, 4]), gumbelNoise: Self.noise, temperature: 1)
    }
  }
}
