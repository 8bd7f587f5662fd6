import Foundation
import Tensors

/// Distillation Experts (DE, Kang et al., CIKM 2020) for one side (users or items): M experts,
/// each a two-layer MLP `E_m(h) = W₂ᵐ · relu(W₁ᵐ h + b₁ᵐ) + b₂ᵐ` from the student's dimension
/// through `(d_s + d_t)/2` hidden units up to the teacher's, and a selection network
/// `α = softmax(W_sel h_t + b_sel)` on the frozen teacher embedding. An expert is chosen by
/// Gumbel-softmax, `s = softmax((log(α + 10⁻¹⁰) + g) / τ)` with Gumbel noise g, and the loss is
/// `Σ_rows ‖h_t − Σ_m s_m E_m(h_s)‖²`, back-propagated into the student embeddings.
///
/// The temperature τ is annealed over epochs (``temperature(epoch:)``): `τ₀ (τ_end/τ₀)^{e/E}`,
/// from 1 to 10⁻¹⁰ over E = 1000 epochs in the reference code.
///
/// All experts are evaluated as two GEMMs instead of M small ones: the first layers side by
/// side (`[d_s, M·hidden]`), and the second layers stacked (`[M·hidden, d_t]`) applied to the
/// hidden units with expert m's block scaled by `s_m`, since
/// `Σ_m s_m (W₂ᵐ r_m + b₂ᵐ) = [s_1 r_1, …, s_M r_M] · [W₂¹; …; W₂ᴹ] + s · [b₂¹; …; b₂ᴹ]`.
public final class DistillationExperts {
  /// The number of experts M.
  public let expertCount: Int
  /// The student's embedding dimension.
  public let studentDimension: Int
  /// The teacher's embedding dimension.
  public let teacherDimension: Int
  /// The experts' hidden width, `(d_s + d_t) / 2`.
  public let hiddenDimension: Int
  /// The first layers of all experts side by side, `[d_s, M·hidden]`, and their biases.
  let firstWeight: Variable
  let firstBias: Variable
  /// The experts' second layers stacked, `[M·hidden, d_t]` (rows `m·hidden ..< (m+1)·hidden`
  /// are expert m's), and their biases, `[M, d_t]`.
  let secondWeight: Variable
  let secondBias: Variable
  /// The 0/1 matrix `[M, M·hidden]` that repeats a row's `s_m` over expert m's hidden block.
  let blockExpansion: Variable
  /// The selection network, `[d_t, M]` and `[M]`.
  let selectionWeight: Variable
  let selectionBias: Variable

  /// All trainable parameters, in this order: W₁ (all experts), b₁, W_sel, b_sel, the stacked
  /// W₂, the stacked b₂.
  public var parameters: [Variable] {
    [firstWeight, firstBias, selectionWeight, selectionBias, secondWeight, secondBias]
  }

  /// The number of trained scalars in the experts and the selection network.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

  /// Experts initialised as PyTorch's `nn.Linear` (U(±1/√fan-in) weights and biases).
  public init(expertCount: Int, studentDimension: Int, teacherDimension: Int, generator: inout Xoshiro256StarStar) {
    precondition(expertCount >= 1 && studentDimension >= 1 && teacherDimension >= 1)
    self.expertCount = expertCount
    self.studentDimension = studentDimension
    self.teacherDimension = teacherDimension
    let hidden =
      teacherDimension == studentDimension ? max(1, studentDimension / 2) : (studentDimension + teacherDimension) / 2
    hiddenDimension = hidden
    func uniform(_ shape: [Int], fanIn: Int) -> Variable {
      let a = 1 / Float(fanIn).squareRoot()
      return Variable(
        Tensor.randomUniform(shape: shape, lowerBound: -a, upperBound: a, generator: &generator), requiresGradient: true
      )
    }
    firstWeight = uniform([studentDimension, expertCount * hidden], fanIn: studentDimension)
    firstBias = uniform([expertCount * hidden], fanIn: studentDimension)
    var w2: [Float] = []
    var b2: [Float] = []
    for _ in 0..<expertCount {
      w2 += uniform([hidden, teacherDimension], fanIn: hidden).value.scalars
      b2 += uniform([teacherDimension], fanIn: hidden).value.scalars
    }
    secondWeight = Variable(
      Tensor(uncheckedMatrix: [expertCount * hidden, teacherDimension], w2), requiresGradient: true)
    secondBias = Variable(Tensor(uncheckedMatrix: [expertCount, teacherDimension], b2), requiresGradient: true)
    var expansion = [Float](repeating: 0, count: expertCount * expertCount * hidden)
    for m in 0..<expertCount {
      for j in (m * hidden)..<((m + 1) * hidden) { expansion[m * expertCount * hidden + j] = 1 }
    }
    blockExpansion = Variable(Tensor(uncheckedMatrix: [expertCount, expertCount * hidden], expansion))
    selectionWeight = uniform([teacherDimension, expertCount], fanIn: teacherDimension)
    selectionBias = uniform([expertCount], fanIn: teacherDimension)
  }

  /// The annealed Gumbel-softmax temperature at `epoch`: `initial · (final/initial)^{epoch/horizon}`,
  /// never below `final`.
  public static func temperature(epoch: Int, initial: Double = 1, final: Double = 1e-10, horizon: Int = 1000)
    -> Float
  {
    Float(max(final, initial * pow(final / initial, Double(epoch) / Double(max(horizon, 1)))))
  }

  /// Gumbel(0, 1) noise, `[rows, M]`.
  public func gumbelNoise(rows: Int, generator: inout Xoshiro256StarStar) -> Tensor {
    var t = Tensor(zeros: [rows, expertCount])
    t.withUnsafeMutableBufferPointer { p in
      for i in 0..<p.count {
        let u = max(Double(generator.nextFloat()), 1e-20)
        p[i] = Float(-log(-log(u)))
      }
    }
    return t
  }

  /// The selection `s`, `[rows, M]`, for teacher embeddings `teacher` and Gumbel noise `noise`.
  /// - Throws: ``Tensors/TensorError`` on mismatched shapes or a non-positive temperature.
  public func selection(teacher: Tensor, noise: Tensor, temperature: Float) throws -> Variable {
    let alpha = try softmax(try matmul(Variable(teacher), selectionWeight) + selectionBias)
    if expertCount == 1 { return Variable(Tensor(repeating: 1, shape: [teacher.shape[0], 1])) }
    let logits = try log(alpha + 1e-10) + Variable(noise)
    return try softmax(logits, temperature: temperature)
  }

  /// The DE loss `Σ_rows ‖h_t − Σ_m s_m E_m(h_s)‖²`.
  /// - Parameters:
  ///   - student: the student embeddings of the rows, `[rows, d_s]` (gradients flow into them).
  ///   - teacher: the frozen teacher embeddings of the same rows, `[rows, d_t]`.
  ///   - noise: Gumbel noise `[rows, M]` (``gumbelNoise(rows:generator:)``; zeros for a
  ///     deterministic selection).
  ///   - temperature: the Gumbel-softmax temperature τ.
  /// - Throws: ``Tensors/TensorError`` on mismatched shapes.
  public func loss(student: Variable, teacher: Tensor, noise: Tensor, temperature: Float) throws -> Variable {
    guard student.value.rank == 2, teacher.rank == 2, student.shape[0] == teacher.shape[0],
      student.shape[1] == studentDimension, teacher.shape[1] == teacherDimension,
      noise.shape == [teacher.shape[0], expertCount]
    else {
      throw TensorError.shape(
        "DistillationExperts.loss",
        expected:
          "student [n, \(studentDimension)], teacher [n, \(teacherDimension)] and noise [n, \(expertCount)]",
        actual: "\(student.shape), \(teacher.shape) and \(noise.shape)")
    }
    let s = try selection(teacher: teacher, noise: noise, temperature: temperature)
    let hidden = relu(try matmul(student, firstWeight) + firstBias)
    let gated = try hidden * matmul(s, blockExpansion)
    let mixture = try matmul(gated, secondWeight) + matmul(s, secondBias)
    return sum(square(try Variable(teacher) - mixture))
  }
}

extension Tensor {
  /// A `[rows, columns]` matrix from `scalars` of exactly that count (checked by the caller).
  fileprivate init(uncheckedMatrix shape: [Int], _ scalars: [Float]) {
    do {
      try self.init(shape: shape, scalars: scalars)
    } catch {
      preconditionFailure("\(error)")
    }
  }
}
