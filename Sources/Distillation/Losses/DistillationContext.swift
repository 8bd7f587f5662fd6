import GNN
import Tensors

/// What a ``DistillationLoss`` sees at one training step: the student's forward pass, the
/// teacher's stored signals, the graph and where training is in its schedule.
public struct DistillationContext {
  /// The student's training-mode forward pass (logits and every hidden representation).
  public var student: ModelOutput
  /// The teacher's class probabilities `[N, C]` (as stored, not softened).
  public var teacherProbabilities: Tensor
  /// The teacher's hidden representation `[N, H_t]`, when the soft-label run stores one.
  public var teacherHidden: Tensor?
  /// The graph the nodes live on (losses on neighbourhoods use its adjacency).
  public var graph: GraphStructure
  /// The 1-based epoch (for annealing schedules and per-epoch resampling).
  public var epoch: Int
  /// The epoch budget (schedules run over `1...epochs`).
  public var epochs: Int

  /// Bundles one step's inputs.
  public init(
    student: ModelOutput, teacherProbabilities: Tensor, teacherHidden: Tensor?, graph: GraphStructure, epoch: Int,
    epochs: Int
  ) {
    self.student = student
    self.teacherProbabilities = teacherProbabilities
    self.teacherHidden = teacherHidden
    self.graph = graph
    self.epoch = epoch
    self.epochs = epochs
  }

  /// The student's deepest hidden representation and the teacher's, or an error naming
  /// `loss` and what is missing.
  /// - Throws: ``TensorError`` when the student has no hidden layer or the teacher's
  ///   representation is absent or has the wrong number of rows.
  public func representations(for loss: String) throws -> (student: Variable, teacher: Tensor) {
    guard let student = student.hidden.last else {
      throw TensorError.value(
        loss, expected: "a student with at least one hidden layer (its representation is distilled)",
        actual: "a student without hidden layers")
    }
    guard let teacher = teacherHidden, teacher.rowCount == student.value.rowCount else {
      throw TensorError.value(
        loss, expected: "the teacher's hidden representation with one row per node (\(student.value.rowCount))",
        actual: teacherHidden.map { "shape \($0.shape)" } ?? "none (the soft-label run has no /hidden)")
    }
    return (student, teacher)
  }
}
