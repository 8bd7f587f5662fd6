import GNN
import Tensors

/// Distillation Experts (DE; Kang et al., "DE-RRD: A Knowledge Distillation Framework for
/// Recommender System", CIKM 2020), applied to node embeddings: M small experts
/// `E_m(h) = W₂ ReLU(W₁ h + b₁) + b₂` map the student's representation (width H_s, through
/// `(H_s + H_t)/2` hidden units) to the teacher's width H_t; a selection network on the
/// teacher's representation, `π = softmax(W_sel h_t + b_sel)`, picks one expert per node by a
/// Gumbel-softmax with an annealed temperature τ,
///
///     α = softmax((log π + g) / τ),   g_m = −log(−log u_m),  u_m ~ U(0, 1)  (seeded),
///     L_DE = (1/N) Σ_i ‖h_t,i − Σ_m α_im E_m(h_s,i)‖²,
///
/// so nodes whose teacher representations differ are reconstructed by different experts and
/// the student is not forced to fit all of the teacher's knowledge with one projector. As τ
/// falls, α approaches a one-hot choice. τ follows DE-RRD's exponential schedule from
/// ``initialTemperature`` at the first epoch to ``finalTemperature`` at the last:
/// `τ(e) = τ₀ (τ_end/τ₀)^{(e−1)/(E−1)}`. (DE-RRD sums over the batch; GraphKD averages over
/// nodes so the weight does not scale with the graph.)
public final class DistillationExperts: DistillationLoss {
  /// One expert: `[H_s] → [(H_s + H_t)/2] → [H_t]`.
  public struct Expert {
    /// First layer.
    public let hidden: Linear
    /// Second layer.
    public let output: Linear

    /// `E(h) = output(ReLU(hidden(h)))`.
    public func callAsFunction(_ h: Variable) throws -> Variable {
      try output.apply(.dense(relu(hidden.apply(.dense(h)))))
    }
  }

  /// The experts.
  public let experts: [Expert]
  /// The selection network on the teacher's representation, `[H_t] → [M]`.
  public let selection: Linear
  /// τ at the first epoch.
  public let initialTemperature: Float
  /// τ at the last epoch.
  public let finalTemperature: Float
  private let random: RandomSource

  /// Creates `expertCount` Glorot-initialised experts and the selection network from `random`,
  /// which then also draws the Gumbel noise.
  /// - Precondition: positive widths, at least one expert, `0 < finalTemperature ≤ initialTemperature`.
  public init(
    studentDimension: Int, teacherDimension: Int, expertCount: Int = 4, initialTemperature: Float = 1,
    finalTemperature: Float = 1e-4, random: RandomSource
  ) {
    precondition(studentDimension > 0 && teacherDimension > 0 && expertCount > 0, "DistillationExperts: sizes")
    precondition(
      finalTemperature > 0 && finalTemperature <= initialTemperature, "DistillationExperts: 0 < τ_end ≤ τ₀")
    let middle = max((studentDimension + teacherDimension) / 2, 1)
    experts = (0..<expertCount).map { m in
      Expert(
        hidden: Linear(
          inputDimension: studentDimension, outputDimension: middle, random: random, name: "de.expert\(m).hidden"),
        output: Linear(
          inputDimension: middle, outputDimension: teacherDimension, random: random, name: "de.expert\(m).output"))
    }
    selection = Linear(
      inputDimension: teacherDimension, outputDimension: expertCount, random: random, name: "de.selection")
    self.initialTemperature = initialTemperature
    self.finalTemperature = finalTemperature
    self.random = random
  }

  /// Every expert's parameters, then the selection network's.
  public var parameters: [Variable] {
    experts.flatMap { $0.hidden.parameters + $0.output.parameters } + selection.parameters
  }

  /// τ at 1-based `epoch` of `epochs`.
  public func temperature(epoch: Int, epochs: Int) -> Float {
    guard epochs > 1 else { return initialTemperature }
    let progress = Float(min(max(epoch - 1, 0), epochs - 1)) / Float(epochs - 1)
    return initialTemperature * _expf(progress * _logf(finalTemperature / initialTemperature))
  }

  /// Standard Gumbel noise `[rows, M]` from the loss's seeded stream.
  public func gumbelNoise(rows: Int) -> Tensor {
    var g = Tensor(zeros: [rows, experts.count])
    for k in 0..<g.count {
      let u = max(random.generator.nextFloat(), 1e-20)
      g[k] = -_logf(-_logf(u))
    }
    return g
  }

  /// `L_DE` with given Gumbel noise `[N, M]` and temperature τ.
  /// - Throws: ``TensorError`` when the shapes do not fit the experts and selection network.
  public func callAsFunction(student: Variable, teacher: Tensor, gumbelNoise: Tensor, temperature: Float) throws
    -> Variable
  {
    let n = student.value.rowCount
    guard teacher.rowCount == n, gumbelNoise.shape == [n, experts.count] else {
      throw TensorError.shape(
        "de", expected: "teacher [\(n), H_t] and Gumbel noise [\(n), \(experts.count)]",
        actual: "teacher \(teacher.shape), noise \(gumbelNoise.shape)")
    }
    let logPi = try logSoftmax(selection.apply(.dense(Variable(teacher))))
    let alpha = try softmax(logPi + Variable(gumbelNoise), temperature: temperature)
    var mixed: Variable? = nil
    for (m, expert) in experts.enumerated() {
      let term = try sliceColumns(alpha, m..<(m + 1)) * expert(student)
      mixed = try mixed.map { try $0 + term } ?? term
    }
    guard let mixed, mixed.shape == teacher.shape else {
      throw TensorError.shape(
        "de", expected: "a teacher representation of width \(mixed?.shape.last ?? 0)", actual: "\(teacher.shape)")
    }
    return scale(sum(square(try mixed - Variable(teacher))), by: 1 / Float(n))
  }

  /// `L_DE` with fresh noise at the scheduled temperature, student's deepest hidden layer
  /// against the teacher's.
  public func loss(_ context: DistillationContext) throws -> Variable {
    let (s, t) = try context.representations(for: "de")
    return try self(
      student: s, teacher: t, gumbelNoise: gumbelNoise(rows: s.value.rowCount),
      temperature: temperature(epoch: context.epoch, epochs: context.epochs))
  }
}
