import Tensors

/// What a student learns from: a teacher's stored outputs, so the teacher itself need not be in
/// memory — its class probabilities for every node and, optionally, its deepest hidden
/// representation (a soft-label run's `probs` and `hidden`, or a ``SelfDistillationResult``'s
/// `probabilities` and `hidden`).
public struct TeacherSignals: Sendable {
  /// `[N, C]` class probabilities.
  public var probabilities: Tensor
  /// `[N, H_t]` hidden representation, for the intermediate-layer and structure losses.
  public var hidden: Tensor?

  /// Bundles the signals.
  public init(probabilities: Tensor, hidden: Tensor? = nil) {
    self.probabilities = probabilities
    self.hidden = hidden
  }
}
