import Tensors

/// Output-layer knowledge distillation from stored soft labels (Hinton, Vinyals & Dean,
/// "Distilling the Knowledge in a Neural Network", 2015):
///
///     L = α·CE(y, softmax(z)) + (1 − α)·T²·KL(p_T ‖ softmax(z / T))
///
/// where the teacher's softened distribution is p_T ∝ p^{1/T} (the teacher's probabilities p are
/// stored, its logits are not; for p = softmax(u) this equals softmax(u / T)), the cross-entropy
/// runs over the labelled nodes and the KL over `rows` (all nodes, by default: the teacher
/// labels every node). T² keeps the gradient scale of the KL term independent of T.
///
/// As a ``DistillationLoss`` (registry name `kd`) it contributes the soft part
/// `(1 − α)·T²·KL` on every node; the ``Distiller`` weights the labelled nodes' cross-entropy
/// by α itself (the trainer's label weight), so the sum is the formula above.
public struct SoftLabelDistillation: Codable, Sendable, Equatable, DistillationLoss {
  /// Softening temperature T.
  public var temperature: Float
  /// Weight α of the hard-label cross-entropy.
  public var alpha: Float

  /// Creates the loss.
  public init(temperature: Float = 1, alpha: Float = 0.5) {
    self.temperature = temperature
    self.alpha = alpha
  }

  /// The teacher's probabilities softened by T: each row of p^{1/T}, renormalised.
  public func softened(_ probabilities: Tensor) -> Tensor {
    guard temperature != 1 else { return probabilities }
    return rowSoftmax(probabilities.map { _logf(max($0, 1e-30)) }, temperature: temperature)
  }

  /// The loss for student logits `[N, C]`.
  /// - Throws: ``TensorError`` on mismatched shapes or labels, or a bad temperature.
  public func callAsFunction(
    logits: Variable, teacherProbabilities: Tensor, labels: [Int], labelledRows: [Int], rows: [Int]? = nil
  ) throws -> Variable {
    guard temperature > 0, (0...1).contains(alpha) else {
      throw TensorError.value(
        "SoftLabelDistillation", expected: "T > 0 and α in [0, 1]", actual: "T = \(temperature), α = \(alpha)")
    }
    let soft = try softPart(logits: logits, teacherProbabilities: teacherProbabilities, rows: rows)
    guard alpha > 0 else { return soft }
    let ce = try crossEntropy(logits: logits, labels: labels, rows: labelledRows)
    return try scale(ce, by: alpha) + soft
  }

  /// `(1 − α)·T²·KL(p_T ‖ softmax(z / T))` over `rows` (all by default).
  /// - Throws: ``TensorError`` on mismatched shapes or a bad temperature.
  public func softPart(logits: Variable, teacherProbabilities: Tensor, rows: [Int]? = nil) throws -> Variable {
    let kl = try klDivergence(
      logits: logits, targetProbabilities: softened(teacherProbabilities), temperature: temperature, rows: rows)
    return scale(kl, by: (1 - alpha) * temperature * temperature)
  }

  /// None: output-layer KD has no trainable parameters.
  public var parameters: [Variable] { [] }

  /// The soft part on every node, from the student's logits and the teacher's probabilities.
  public func loss(_ context: DistillationContext) throws -> Variable {
    try softPart(logits: context.student.logits, teacherProbabilities: context.teacherProbabilities)
  }
}
