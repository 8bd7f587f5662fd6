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
  /// The student's parameter count.
  public var parameterCount: Int
  /// The selected epoch.
  public var bestEpoch: Int
  /// Wall-clock seconds of training.
  public var seconds: Double
}

/// Trains a student (a small GNN, or an MLP that needs no graph at inference) from a teacher's
/// soft labels — which may come straight from the HDF5 file, so the teacher need not be in
/// memory — with output-layer distillation (``SoftLabelDistillation``) and early stopping on
/// validation accuracy.
///
/// ```swift
/// let probabilities = graph.softLabels["teacher"]!.probabilities
/// var student = ModelConfiguration.standard(.mlp)
/// student.hiddenDimensions = [256]
/// let result = try Distiller(student: student).train(on: data, teacherProbabilities: probabilities, seed: 0)
/// ```
public struct Distiller {
  /// The student's architecture and size.
  public var student: ModelConfiguration
  /// Optimiser, epochs, early stopping (validation accuracy by default).
  public var training: TrainingConfiguration
  /// The output-layer distillation loss.
  public var distillation: SoftLabelDistillation
  /// Weight of the feature hint (0 = off); needs the teacher's hidden representation.
  public var hintWeight: Float
  /// The hint's comparison.
  public var hintDistance: FeatureHint.Distance

  /// Creates a distiller.
  public init(
    student: ModelConfiguration,
    training: TrainingConfiguration = TrainingConfiguration(
      epochs: 500, weightDecayScope: .all, patience: 100, monitor: .validationAccuracy),
    distillation: SoftLabelDistillation = SoftLabelDistillation(), hintWeight: Float = 0,
    hintDistance: FeatureHint.Distance = .mse
  ) {
    self.hintWeight = hintWeight
    self.hintDistance = hintDistance
    self.student = student
    self.training = training
    self.distillation = distillation
  }

  /// Trains a student with `seed` and returns it with its numbers.
  /// - Throws: ``ConfigurationError`` when the soft labels do not match the data's nodes and
  ///   classes, or for bad settings.
  /// - Parameter teacherHidden: the teacher's `[N, H]` hidden representation, required when
  ///   ``hintWeight`` is positive.
  public func train(
    on data: NodeClassificationData, teacherProbabilities: Tensor, teacherHidden: Tensor? = nil, seed: UInt64
  ) throws -> (model: NodeClassifier, result: StudentResult) {
    guard teacherProbabilities.shape == [data.graph.nodeCount, data.classCount] else {
      throw ConfigurationError(
        setting: "teacher soft labels", expected: "shape [\(data.graph.nodeCount), \(data.classCount)]",
        actual: "\(teacherProbabilities.shape)")
    }
    let model = try NodeClassifier(
      configuration: student, inputDimension: data.features.dimension, classCount: data.classCount,
      random: RandomSource(seed: seed))
    let kd = distillation
    let softened = kd.softened(teacherProbabilities)
    var hint: FeatureHint? = nil
    if hintWeight > 0 {
      guard let teacherHidden, teacherHidden.rowCount == data.graph.nodeCount else {
        throw ConfigurationError(
          setting: "hintWeight", expected: "the teacher's hidden representation (one row per node) for a feature hint",
          actual: teacherHidden.map { "shape \($0.shape)" } ?? "none (the soft-label run has no /hidden)")
      }
      guard let width = student.hiddenDimensions.last else {
        throw ConfigurationError(setting: "hintWeight", expected: "a student with a hidden layer", actual: "none")
      }
      let studentWidth = student.architecture == .gat ? width * student.heads : width
      hint = FeatureHint(
        studentDimension: studentWidth, teacherDimension: teacherHidden.columnCount, distance: hintDistance,
        random: RandomSource(seed: seed ^ 0x4817))
    }
    let weight = hintWeight
    let fit = try Trainer(configuration: training).fit(
      model, on: data, labelWeight: kd.alpha, additionalParameters: hint?.parameters ?? []
    ) { output, _ in
      let kl = try klDivergence(logits: output.logits, targetProbabilities: softened, temperature: kd.temperature)
      var loss = scale(kl, by: (1 - kd.alpha) * kd.temperature * kd.temperature)
      if let hint, let teacherHidden, let studentHidden = output.hidden.last {
        loss = try loss + scale(hint(student: studentHidden, teacher: teacherHidden), by: weight)
      }
      return loss
    }
    let teacherAccuracy = ClassificationMetrics.accuracy(
      predictions: ClassificationMetrics.predictions(teacherProbabilities), labels: data.labels, rows: data.testNodes)
    return (
      model,
      StudentResult(
        testAccuracy: fit.testAccuracy, testMacroF1: fit.testMacroF1, validationAccuracy: fit.validationAccuracy,
        teacherTestAccuracy: teacherAccuracy, parameterCount: model.parameterCount, bestEpoch: fit.bestEpoch,
        seconds: fit.seconds)
    )
  }
}
