import GNN

/// What the ``DistillationLossRegistry`` needs to build a loss for one student: the
/// objective's settings, the widths of the representations it connects and the seed of the
/// run (each loss derives its own random stream from it).
public struct DistillationLossSetup {
  /// The objective (temperature, α, the losses' settings).
  public var objective: DistillationObjective
  /// Width of the student's deepest hidden layer, `nil` without hidden layers.
  public var studentHiddenDimension: Int?
  /// Width of the teacher's stored hidden representation, `nil` when the run has none.
  public var teacherHiddenDimension: Int?
  /// The run's seed.
  public var seed: UInt64

  /// Bundles the setup.
  public init(
    objective: DistillationObjective, studentHiddenDimension: Int?, teacherHiddenDimension: Int?, seed: UInt64
  ) {
    self.objective = objective
    self.studentHiddenDimension = studentHiddenDimension
    self.teacherHiddenDimension = teacherHiddenDimension
    self.seed = seed
  }

  /// Both widths, or an error naming `loss` and what is missing.
  /// - Throws: ``ConfigurationError`` when the student has no hidden layer or the teacher run
  ///   stores no hidden representation.
  public func representationWidths(for loss: String) throws -> (student: Int, teacher: Int) {
    guard let s = studentHiddenDimension else {
      throw ConfigurationError(
        setting: "loss.\(loss)", expected: "a student with a hidden layer (its representation is distilled)",
        actual: "a student without hidden layers")
    }
    guard let t = teacherHiddenDimension else {
      throw ConfigurationError(
        setting: "loss.\(loss)", expected: "the teacher's hidden representation (/soft_labels/<run>/hidden)",
        actual: "none (the soft-label run has no /hidden)")
    }
    return (s, t)
  }

  /// A random stream for one loss: the run's seed mixed with a per-loss constant.
  public func random(salt: UInt64) -> RandomSource { RandomSource(seed: seed ^ salt) }
}
