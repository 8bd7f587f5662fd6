import GNN
import Tensors

/// Intermediate-layer distillation by a feature hint (Romero et al., "FitNets: Hints for Thin
/// Deep Nets", ICLR 2015): a learned linear projector P maps the student's hidden
/// representation to the teacher's width, and
///
///     L_mse = (1/(N·H)) Σ ‖P(h_s) − h_t‖²     or     L_cos = (1/N) Σ (1 − cos(P(h_s), h_t))
///
/// over the given rows (all nodes by default). The teacher's representation comes from the
/// soft-label run's `hidden` dataset, so the teacher need not be in memory.
///
/// Registry name `hint`; the student side is its deepest hidden layer.
///
/// Shapes: `student` `[N, H_s]`, `teacher` `[N, H_t]`; the projector is `[H_s, H_t]` + bias.
public final class FeatureHint: DistillationLoss {
  /// How projected student and teacher representations are compared.
  public enum Distance: String, Codable, Sendable {
    /// Mean squared error.
    case mse
    /// One minus the cosine similarity, averaged over nodes.
    case cosine
  }

  /// The projector P (trained with the student).
  public let projector: Linear
  /// The comparison.
  public let distance: Distance

  /// Creates a hint with a Glorot-initialised projector drawn from `random`.
  public init(studentDimension: Int, teacherDimension: Int, distance: Distance = .mse, random: RandomSource) {
    projector = Linear(
      inputDimension: studentDimension, outputDimension: teacherDimension, random: random, name: "hint.projector")
    self.distance = distance
  }

  /// The projector's parameters.
  public var parameters: [Variable] { projector.parameters }

  /// The hint loss of `student` against `teacher`.
  /// - Throws: ``TensorError`` when the shapes do not fit the projector.
  public func callAsFunction(student: Variable, teacher: Tensor) throws -> Variable {
    let projected = try projector.apply(.dense(student))
    guard projected.shape == teacher.shape else {
      throw TensorError.shape(
        "FeatureHint", expected: "a teacher representation of shape \(projected.shape)", actual: "\(teacher.shape)")
    }
    switch distance {
    case .mse: return try meanSquaredError(projected, Variable(teacher))
    case .cosine: return shift(-mean(try cosineSimilarity(projected, Variable(teacher))), by: 1)
    }
  }

  /// The hint from the student's deepest hidden layer to the teacher's representation.
  public func loss(_ context: DistillationContext) throws -> Variable {
    let (s, t) = try context.representations(for: "hint")
    return try self(student: s, teacher: t)
  }
}
