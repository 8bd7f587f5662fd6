import Tensors

/// One epoch's numbers, passed to the per-epoch callback.
public struct EpochReport: Sendable {
  /// 1-based epoch.
  public var epoch: Int
  /// The training objective (cross-entropy plus any extra terms).
  public var trainLoss: Float
  /// Cross-entropy on the validation nodes (evaluation mode).
  public var validationLoss: Float
  /// Accuracy on the validation nodes.
  public var validationAccuracy: Double
}

/// The outcome of ``Trainer/fit(_:on:additionalLoss:onEpoch:)``.
public struct TrainingResult: Sendable {
  /// The selected epoch (its weights are in the model when restoring is on).
  public var bestEpoch: Int
  /// Epochs actually run.
  public var epochsRun: Int
  /// Validation accuracy at the best epoch.
  public var validationAccuracy: Double
  /// Test accuracy of the final model.
  public var testAccuracy: Double
  /// Test macro-F1 of the final model.
  public var testMacroF1: Double
  /// Wall-clock seconds of the training loop.
  public var seconds: Double
  /// Every epoch's numbers.
  public var history: [EpochReport]
}

/// Full-batch supervised training of a ``NodeClassifier``: cross-entropy on the training nodes
/// (plus optional extra terms), Adam or AdamW with per-layer weight decay, evaluation on the
/// validation nodes every epoch, early stopping with patience, and restoring the best weights.
///
/// Deterministic for a seed: all randomness comes from the model's ``RandomSource``.
///
/// ```swift
/// let trainer = Trainer(configuration: .standard(.gcn))
/// let result = try trainer.fit(model, on: data)
/// print(result.testAccuracy)
/// ```
public struct Trainer {
  /// The settings.
  public var configuration: TrainingConfiguration

  /// Creates a trainer.
  public init(configuration: TrainingConfiguration) { self.configuration = configuration }

  /// Trains `model` on `data`.
  ///
  /// - Parameters:
  ///   - labelWeight: weight of the cross-entropy on the labelled nodes (1 by default).
  ///   - additionalParameters: trained along with the model (e.g. a hint projector).
  ///   - additionalLoss: extra terms added to the cross-entropy each epoch, given the training
  ///     forward pass and the 1-based epoch (self-distillation plugs in here); `nil` for none.
  ///   - onEpoch: called after every epoch; return `false` to stop early (e.g. on Ctrl-C).
  /// - Throws: ``ConfigurationError`` before training for bad settings or data; tensor errors
  ///   from the model.
  public func fit(
    _ model: NodeClassifier, on data: NodeClassificationData, labelWeight: Float = 1,
    additionalParameters: [Variable] = [],
    additionalLoss: ((ModelOutput, Int) throws -> Variable?)? = nil,
    onEpoch: ((EpochReport) -> Bool)? = nil
  ) throws -> TrainingResult {
    try configuration.validate()
    try data.validate()
    guard model.classCount == data.classCount else {
      throw ConfigurationError(
        setting: "classCount", expected: "\(data.classCount) (the data's)", actual: "model has \(model.classCount)")
    }
    let optimizer = makeOptimizer(for: model, additionalParameters: additionalParameters)
    let clock = ContinuousClock()
    let start = clock.now
    var history: [EpochReport] = []
    var selection = ModelSelection(monitor: configuration.monitor)
    for epoch in 1...configuration.epochs {
      let trainLoss = try trainingStep(
        model, on: data, optimizer: optimizer, epoch: epoch, labelWeight: labelWeight, additionalLoss: additionalLoss)
      let (valLoss, valAccuracy) = try evaluate(model, on: data, rows: data.validationNodes)
      let report = EpochReport(
        epoch: epoch, trainLoss: trainLoss, validationLoss: valLoss, validationAccuracy: valAccuracy)
      history.append(report)
      if selection.record(epoch: epoch, validationAccuracy: valAccuracy, validationLoss: valLoss),
        configuration.restoreBestWeights
      {
        selection.keep(weights: model.parameterValues())
      }
      if let onEpoch, !onEpoch(report) { break }
      if selection.shouldStop(patience: configuration.patience) { break }
    }
    let elapsed = clock.now - start
    if configuration.restoreBestWeights && selection.bestEpoch > 0 {
      try model.loadParameterValues(selection.bestWeights)
    }
    model.isTraining = false
    let logits = try withoutGradients { try model(data.features, graph: data.graph) }.value
    let predictions = ClassificationMetrics.predictions(logits)
    return TrainingResult(
      bestEpoch: selection.bestEpoch, epochsRun: history.count, validationAccuracy: selection.bestAccuracy,
      testAccuracy: ClassificationMetrics.accuracy(predictions: predictions, labels: data.labels, rows: data.testNodes),
      testMacroF1: ClassificationMetrics.macroF1(
        predictions: predictions, labels: data.labels, rows: data.testNodes, classCount: data.classCount),
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      history: history)
  }

  /// The configured optimiser over the model's parameter groups (plus `additionalParameters`,
  /// such as a distillation projector, without weight decay).
  public func makeOptimizer(for model: NodeClassifier, additionalParameters: [Variable] = []) -> any Optimizer {
    var groups = model.parameterGroups(weightDecay: configuration.weightDecay, scope: configuration.weightDecayScope)
    if !additionalParameters.isEmpty { groups.append(ParameterGroup(parameters: additionalParameters)) }
    switch configuration.optimizer {
    case .adam: return Adam(parameterGroups: groups, learningRate: configuration.learningRate)
    case .adamW: return AdamW(parameterGroups: groups, learningRate: configuration.learningRate)
    }
  }

  /// One optimisation step in training mode (forward, loss, backward, update); returns the
  /// training objective.
  public func trainingStep(
    _ model: NodeClassifier, on data: NodeClassificationData, optimizer: any Optimizer, epoch: Int,
    labelWeight: Float = 1, additionalLoss: ((ModelOutput, Int) throws -> Variable?)? = nil
  ) throws -> Float {
    model.isTraining = true
    optimizer.zeroGradients()
    let output = try model.forward(data.features, graph: data.graph)
    var loss = scale(
      try crossEntropy(logits: output.logits, labels: data.labels, rows: data.trainNodes), by: labelWeight)
    if let additionalLoss, let extra = try additionalLoss(output, epoch) { loss = try loss + extra }
    try loss.backward()
    try optimizer.step()
    return loss.value.scalar
  }

  /// Cross-entropy and accuracy of `model` (evaluation mode, no gradients) on `rows`.
  public func evaluate(_ model: NodeClassifier, on data: NodeClassificationData, rows: [Int]) throws -> (Float, Double)
  {
    guard !rows.isEmpty else { return (0, 0) }
    let wasTraining = model.isTraining
    model.isTraining = false
    defer { model.isTraining = wasTraining }
    return try withoutGradients {
      let logits = try model(data.features, graph: data.graph)
      let loss = try crossEntropy(logits: logits, labels: data.labels, rows: rows).value.scalar
      let accuracy = ClassificationMetrics.accuracy(logits: logits.value, labels: data.labels, rows: rows)
      return (loss, accuracy)
    }
  }
}
