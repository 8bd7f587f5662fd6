import GNN
import Tensors

/// The outcome of distilling a teacher's soft labels into a student.
public struct StudentResult: Sendable {
  /// Test accuracy of the student.
  public var testAccuracy: Double
  /// Test macro-F1 of the student.
  public var testMacroF1: Double
  /// Validation accuracy at the selected epoch.
  public var validationAccuracy: Double
  /// Test accuracy of the teacher's soft labels (their argmax).
  public var teacherTestAccuracy: Double
  /// Student accuracy / teacher accuracy.
  public var retention: Double { teacherTestAccuracy > 0 ? testAccuracy / teacherTestAccuracy : 0 }
  /// The student's parameter count (the losses' projectors and experts are not part of it:
  /// they are dropped after training).
  public var parameterCount: Int
  /// The selected epoch.
  public var bestEpoch: Int
  /// Wall-clock seconds of training.
  public var seconds: Double
}

/// Trains a student (a small GNN, or an MLP that needs no graph at inference) from a teacher's
/// stored signals with a weighted sum of named distillation losses and early stopping on
/// validation accuracy:
///
///     L = α · CE(labelled nodes) + Σ_k w_k · L_k      (a ``DistillationObjective``)
///
/// The α·CE term is the trainer's label weight; every `L_k` is a ``DistillationLoss`` built by
/// the ``DistillationLossRegistry`` for this student, whose own parameters (projectors,
/// experts) train along with the student and are dropped afterwards.
///
/// ```swift
/// let run = graph.softLabels["teacher"]!
/// var student = ModelConfiguration.standard(.mlp)
/// student.hiddenDimensions = [256]
/// let objective = try DistillationObjective(parsing: "kd=1,rkd=0.1", temperature: 2, alpha: 0.1)
/// let (model, result) = try Distiller(student: student, objective: objective)
///   .train(on: data, teacher: TeacherSignals(probabilities: run.probabilities, hidden: run.hidden), seed: 0)
/// ```
public struct Distiller {
  /// The student's architecture and size.
  public var student: ModelConfiguration
  /// Optimiser, epochs, early stopping (validation accuracy by default).
  public var training: TrainingConfiguration
  /// The weighted losses and their settings.
  public var objective: DistillationObjective

  /// The default training of a student: up to 500 epochs, Adam (lr 0.01, weight decay 5e-4
  /// on every parameter), early stopping after 100 epochs without a better validation accuracy.
  public static let defaultTraining = TrainingConfiguration(
    epochs: 500, weightDecayScope: .all, patience: 100, monitor: .validationAccuracy)

  /// Creates a distiller.
  public init(
    student: ModelConfiguration, training: TrainingConfiguration = Distiller.defaultTraining,
    objective: DistillationObjective = DistillationObjective()
  ) {
    self.student = student
    self.training = training
    self.objective = objective
  }

  /// The width of the student's deepest hidden representation (heads × width for GAT), `nil`
  /// without hidden layers.
  public var studentHiddenDimension: Int? {
    student.hiddenDimensions.last.map { student.architecture == .gat ? $0 * student.heads : $0 }
  }

  /// Trains a student with `seed` and returns it with its numbers.
  /// - Throws: ``ConfigurationError`` when the teacher's signals do not match the data's nodes
  ///   and classes, for bad settings, or when a loss needs what the student or teacher lacks.
  /// - Parameter onEpoch: called after every epoch; return `false` to stop (the best weights so
  ///   far are kept).
  public func train(
    on data: NodeClassificationData, teacher: TeacherSignals, seed: UInt64,
    onEpoch: ((EpochReport) -> Bool)? = nil
  ) throws -> (
    model: NodeClassifier, result: StudentResult
  ) {
    let n = data.graph.nodeCount
    guard teacher.probabilities.shape == [n, data.classCount] else {
      throw ConfigurationError(
        setting: "teacher soft labels", expected: "shape [\(n), \(data.classCount)]",
        actual: "\(teacher.probabilities.shape)")
    }
    if let hidden = teacher.hidden, hidden.rank != 2 || hidden.rowCount != n {
      throw ConfigurationError(
        setting: "teacher hidden representation", expected: "shape [\(n), H] (one row per node)",
        actual: "\(hidden.shape)")
    }
    try objective.validate()
    try training.validate()
    let model = try NodeClassifier(
      configuration: student, inputDimension: data.features.dimension, classCount: data.classCount,
      random: RandomSource(seed: seed))
    let setup = DistillationLossSetup(
      objective: objective, studentHiddenDimension: studentHiddenDimension,
      teacherHiddenDimension: teacher.hidden?.columnCount, seed: seed)
    let terms: [(weight: Float, loss: any DistillationLoss)] = try objective.terms.filter { $0.weight > 0 }.map {
      ($0.weight, try DistillationLossRegistry.make($0.name, setup: setup))
    }
    let epochs = training.epochs
    let fit = try Trainer(configuration: training).fit(
      model, on: data, labelWeight: objective.alpha, additionalParameters: terms.flatMap { $0.loss.parameters }
    ) { output, epoch in
      let context = DistillationContext(
        student: output, teacherProbabilities: teacher.probabilities, teacherHidden: teacher.hidden,
        graph: data.graph, epoch: epoch, epochs: epochs)
      var total: Variable? = nil
      for term in terms {
        let value = scale(try term.loss.loss(context), by: term.weight)
        total = try total.map { try $0 + value } ?? value
      }
      return total
    } onEpoch: { report in
      onEpoch?(report) ?? true
    }
    let teacherAccuracy = ClassificationMetrics.accuracy(
      predictions: ClassificationMetrics.predictions(teacher.probabilities), labels: data.labels,
      rows: data.testNodes)
    return (
      model,
      StudentResult(
        testAccuracy: fit.testAccuracy, testMacroF1: fit.testMacroF1, validationAccuracy: fit.validationAccuracy,
        teacherTestAccuracy: teacherAccuracy, parameterCount: model.parameterCount, bestEpoch: fit.bestEpoch,
        seconds: fit.seconds)
    )
  }
}
