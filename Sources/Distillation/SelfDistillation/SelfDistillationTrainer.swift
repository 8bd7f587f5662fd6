import GNN
import Tensors

/// One epoch's numbers during self-distillation.
public struct SelfDistillationEpoch: Sendable {
  /// 1-based generation; 0 for the plain backbone a validation guard trains as a candidate.
  public var generation: Int
  /// 1-based epoch within the generation.
  public var epoch: Int
  /// The full training objective.
  public var trainLoss: Float
  /// Cross-entropy of the selected model (the EMA teacher if any) on validation nodes.
  public var validationLoss: Float
  /// Accuracy of the selected model on validation nodes.
  public var validationAccuracy: Double
}

/// Trains a teacher with self-knowledge distillation on one split and produces a soft label for
/// every node.
///
/// Each epoch the student sees a noisy view of the graph (dropout, DropNode, DropEdge) and
/// minimises cross-entropy on the labelled nodes plus the configured terms:
/// - mean teacher: λ(t)·KL(sharpen(p_EMA) ‖ p_student) on all nodes, the EMA teacher seeing its
///   own independent noisy view;
/// - progressive targets: labelled nodes' targets blend the label with the model's past
///   prediction, (1 − α_t)·y + α_t·p_{t−k}; confident unlabelled nodes learn p_{t−k};
/// - layer-wise: every hidden layer's head learns the labels, the deepest classifier's output
///   at temperature T (KL·T²) and, through a projector, the deepest hidden representation;
/// - generations: from generation 2 on, KL to the previous generation's soft labels on all
///   nodes (born-again networks, Furlanello et al., ICML 2018).
/// The model that is selected, evaluated and exported is the EMA teacher when a mean teacher is
/// trained (its weights average the student's and it is the better predictor) and the model
/// itself otherwise; soft labels are its probabilities (or, with
/// ``SelfDistillationConfiguration/SoftLabelSource/ensemble``, the mean over its heads),
/// temperature-calibrated on the validation nodes.
public struct SelfDistillationTrainer {
  /// The backbone architecture.
  public var model: ModelConfiguration
  /// Optimiser, epochs, early stopping.
  public var training: TrainingConfiguration
  /// The self-distillation terms.
  public var selfDistillation: SelfDistillationConfiguration

  /// Creates a trainer.
  public init(
    model: ModelConfiguration, training: TrainingConfiguration, selfDistillation: SelfDistillationConfiguration
  ) {
    self.model = model
    let backboneTraining = training
    var training = training
    if let e = selfDistillation.epochs {
      training.epochs = e
    } else if let scale = selfDistillation.epochScale {
      training.epochs = max(1, Int((Double(training.epochs) * scale).rounded()))
    }
    if let p = selfDistillation.patience { training.patience = p }
    if let m = selfDistillation.monitor { training.monitor = m }
    if let lr = selfDistillation.learningRate { training.learningRate = lr }
    self.training = training
    self.selfDistillation = selfDistillation
    self.backboneTraining = backboneTraining
  }

  /// The backbone's own training configuration (before the self-distillation schedule), which
  /// the plain candidate of a ``SelfDistillationConfiguration/ValidationGuard`` trains with.
  let backboneTraining: TrainingConfiguration

  /// Trains all generations on `data` with `seed`.
  /// - Parameters:
  ///   - plain: the plain backbone a ``BackboneSelection`` already trained on `data` with this
  ///     model, its training configuration and `seed`; a validation guard takes it as its plain
  ///     candidate instead of training it again (it is ignored when any of those differ).
  ///   - onEpoch: called after every epoch; return `false` to stop training (the best weights so
  ///     far are kept and the soft labels computed from them).
  /// - Throws: ``ConfigurationError`` before training for bad settings or data.
  public func train(
    on data: NodeClassificationData, seed: UInt64, reusing plain: PlainBackbone? = nil,
    onEpoch: ((SelfDistillationEpoch) -> Bool)? = nil
  ) throws -> SelfDistillationResult {
    try selfDistillation.validate()
    try training.validate()
    try model.validate()
    try data.validate()
    let clock = ContinuousClock()
    let start = clock.now
    var previous: Tensor? = nil
    var generations: [SelfDistillationResult.Generation] = []
    var final: GenerationOutcome? = nil
    var stopped = false
    let guarded = selfDistillation.validationGuard
    var selection: [SelfDistillationResult.Candidate] = []
    var bestLosses: [Double] = []
    func record(_ outcome: GenerationOutcome, generation: Int) -> SelfDistillationResult.Generation {
      .init(
        generation: generation, validationAccuracy: outcome.validationAccuracy,
        testAccuracy: ClassificationMetrics.accuracy(
          predictions: ClassificationMetrics.predictions(outcome.probabilities), labels: data.labels,
          rows: data.testNodes),
        bestEpoch: outcome.bestEpoch, epochs: outcome.epochs)
    }
    for generation in 1...selfDistillation.generations where !stopped {
      let outcome = try trainGeneration(
        generation, on: data, seed: seed &+ UInt64(generation - 1) &* 1_000_003, previous: previous
      ) { report in
        let go = onEpoch?(report) ?? true
        if !go { stopped = true }
        return go
      }
      if let guarded {
        // A generation is kept only when it beats the one it learnt from by the guard's margin;
        // later ones would learn from it, so the first that does not ends the run.
        let losses = Self.calibratedValidationLosses(outcome.logits, data: data)
        let loss = losses.isEmpty ? 0 : losses.reduce(0, +) / Double(losses.count)
        let kept = generation == 1 || guarded.prefersComplex(losses, over: bestLosses)
        selection.append(
          .init(
            candidate: "generation \(generation)", validationLoss: loss,
            validationAccuracy: outcome.validationAccuracy, kept: kept))
        if !kept { break }
        if generation > 1 { selection[selection.count - 2].kept = false }
        bestLosses = losses
      }
      previous =
        try selfDistillation.targetPropagation.map { try $0.propagate(outcome.probabilities, over: data) }
        ?? outcome.probabilities
      final = outcome
      generations.append(record(outcome, generation: generation))
    }
    if let guarded, guarded.plainCandidate, selfDistillation.summary != "plain", !stopped {
      // The plain backbone, trained as it would be without self-distillation (or as a backbone
      // selection already trained it).
      let outcome: GenerationOutcome
      if let plain, plain.seed == seed, plain.training == backboneTraining, plain.configuration == model {
        outcome = plain.outcome
      } else {
        let trainer = SelfDistillationTrainer(model: model, training: backboneTraining, selfDistillation: .plain)
        outcome = try trainer.trainGeneration(1, on: data, seed: seed, previous: nil) { report in
          var report = report
          report.generation = 0
          return onEpoch?(report) ?? true
        }
      }
      let losses = Self.calibratedValidationLosses(outcome.logits, data: data)
      let loss = losses.isEmpty ? 0 : losses.reduce(0, +) / Double(losses.count)
      let wins = !guarded.prefersComplex(bestLosses, over: losses)  // a tie keeps the simpler model
      selection.append(
        .init(candidate: "plain", validationLoss: loss, validationAccuracy: outcome.validationAccuracy, kept: wins))
      if wins {
        for i in selection.indices.dropLast() { selection[i].kept = false }
        final = outcome
        generations = [record(outcome, generation: 1)]
      }
    }
    guard let final else {
      throw ConfigurationError(setting: "generations", expected: "at least one trained generation", actual: "none")
    }
    var probabilities = final.probabilities
    var temperature: Float = 1
    let eceBefore = ExpectedCalibrationError.compute(
      probabilities: probabilities, labels: data.labels, rows: data.testNodes)
    if selfDistillation.calibrate {
      temperature = TemperatureScaling.fit(logits: final.logits, labels: data.labels, rows: data.validationNodes)
      probabilities = rowSoftmax(final.logits, temperature: temperature)
    }
    let predictions = ClassificationMetrics.predictions(probabilities)
    let elapsed = clock.now - start
    var result = SelfDistillationResult(
      probabilities: probabilities, hidden: final.hidden,
      testAccuracy: ClassificationMetrics.accuracy(predictions: predictions, labels: data.labels, rows: data.testNodes),
      testMacroF1: ClassificationMetrics.macroF1(
        predictions: predictions, labels: data.labels, rows: data.testNodes, classCount: data.classCount),
      validationAccuracy: ClassificationMetrics.accuracy(
        predictions: predictions, labels: data.labels, rows: data.validationNodes),
      temperature: temperature, calibrationErrorBefore: eceBefore,
      calibrationError: ExpectedCalibrationError.compute(
        probabilities: probabilities, labels: data.labels, rows: data.testNodes),
      generations: generations,
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      parameterCount: final.parameters, teacherConfiguration: final.configuration, teacherWeights: final.weights)
    result.headEnsemble = selfDistillation.softLabelSource == .ensemble && final.configuration.auxiliaryHeads
    result.selection = selection
    if let tolerance = selfDistillation.layerWise?.earlyExitTolerance, final.configuration.auxiliaryHeads {
      let model = try NodeClassifier(
        configuration: final.configuration, inputDimension: data.features.dimension, classCount: data.classCount,
        random: RandomSource(seed: 0))
      try model.loadParameterValues(final.weights)
      model.isTraining = false
      let output = try withoutGradients { try model.forward(data.features, graph: data.graph) }
      let rule = try EarlyExit.fit(output, labels: data.labels, rows: data.validationNodes, tolerance: tolerance)
      let answer = rule.apply(output, finalTemperature: temperature)
      result.earlyExit = rule
      result.exits = answer.exits
      result.earlyExitTestAccuracy = ClassificationMetrics.accuracy(
        predictions: answer.classes, labels: data.labels, rows: data.testNodes)
      result.earlyExitTestMacroF1 = ClassificationMetrics.macroF1(
        predictions: answer.classes, labels: data.labels, rows: data.testNodes, classCount: data.classCount)
    }
    var asPlain = selfDistillation
    asPlain.calibrate = SelfDistillationConfiguration.plain.calibrate  // calibration follows the outcome
    if asPlain == .plain, !stopped {
      result.plainBackbone = PlainBackbone(outcome: final, seed: seed, training: training)
    }
    return result
  }

  /// The validation nodes' mean negative log-likelihood of `logits` after temperature scaling
  /// fitted on them: the ``SelfDistillationConfiguration/ValidationGuard``'s criterion.
  static func calibratedValidationLoss(_ logits: Tensor, data: NodeClassificationData) -> Double {
    let losses = calibratedValidationLosses(logits, data: data)
    return losses.isEmpty ? 0 : losses.reduce(0, +) / Double(losses.count)
  }

  /// Each labelled validation node's negative log-likelihood of `logits` after temperature
  /// scaling fitted on all of them, in ``NodeClassificationData/validationNodes`` order.
  static func calibratedValidationLosses(_ logits: Tensor, data: NodeClassificationData) -> [Double] {
    let rows = data.validationNodes.filter { data.labels[$0] >= 0 && data.labels[$0] < logits.columnCount }
    guard !rows.isEmpty else { return [] }
    let temperature = TemperatureScaling.fit(logits: logits, labels: data.labels, rows: rows)
    let logProbabilities = rowLogSoftmax(logits, temperature: temperature)
    let c = logits.columnCount
    return logProbabilities.withUnsafeBufferPointer { p in rows.map { -Double(p[$0 * c + data.labels[$0]]) } }
  }

  struct GenerationOutcome: Sendable {
    var probabilities: Tensor
    var logits: Tensor
    var hidden: Tensor?
    var validationAccuracy: Double
    var bestEpoch: Int
    var epochs: Int
    var parameters: Int
    var configuration: ModelConfiguration
    var weights: [Tensor]
  }

  // swiftlint-style note: one loop with every term; each term is a few lines and reads in order.
  func trainGeneration(
    _ generation: Int, on data: NodeClassificationData, seed: UInt64, previous: Tensor?,
    onEpoch: (SelfDistillationEpoch) -> Bool
  ) throws -> GenerationOutcome {
    let sd = selfDistillation
    var configuration = model
    if sd.layerWise != nil || sd.softLabelSource == .ensemble { configuration.auxiliaryHeads = true }
    let random = RandomSource(seed: seed)
    let student = try NodeClassifier(
      configuration: configuration, inputDimension: data.features.dimension, classCount: data.classCount, random: random
    )
    let teacherRandom = RandomSource(seed: seed ^ 0x5EED_7EAC_4E12_0001)
    let teacher: NodeClassifier? =
      sd.meanTeacher == nil
      ? nil
      : try NodeClassifier(
        configuration: configuration, inputDimension: data.features.dimension, classCount: data.classCount,
        random: teacherRandom)
    var ema = ExponentialMovingAverage(decay: sd.meanTeacher?.decay ?? 0)
    if let teacher { try ema.initialize(teacher: teacher, from: student) }
    let selected = teacher ?? student

    // Projectors for the feature hint: each shallower hidden layer → the deepest one.
    let probe = try withoutGradients { () -> ModelOutput in
      student.isTraining = false
      defer { student.isTraining = true }
      return try student.forward(data.features, graph: data.graph)
    }
    let hiddenWidths = probe.hidden.map { $0.value.columnCount }
    var projectors: [Linear] = []
    if let lw = sd.layerWise, lw.hintWeight > 0, hiddenWidths.count > 1 {
      projectors = hiddenWidths.dropLast().enumerated().map { i, w in
        Linear(inputDimension: w, outputDimension: hiddenWidths.last!, random: random, name: "hint\(i + 1)")
      }
    }
    var groups = student.parameterGroups(weightDecay: training.weightDecay, scope: training.weightDecayScope)
    if !projectors.isEmpty { groups.append(ParameterGroup(parameters: projectors.flatMap(\.parameters))) }
    let optimizer: any Optimizer =
      training.optimizer == .adam
      ? Adam(parameterGroups: groups, learningRate: training.learningRate)
      : AdamW(parameterGroups: groups, learningRate: training.learningRate)

    let allNodes = Array(0..<data.graph.nodeCount)
    let labelled = Set(data.trainNodes)
    var snapshot: Tensor? = nil
    var cleanTeacherLogits: Tensor? = nil
    var selection = ModelSelection(monitor: training.monitor)
    var epochsRun = 0

    for epoch in 1...training.epochs {
      epochsRun = epoch
      student.isTraining = true
      optimizer.zeroGradients()
      let input = try GraphAugmentation.dropNodes(data.features, probability: sd.augmentation.nodeDrop, random: random)
      let graph = try GraphAugmentation.dropEdges(data.graph, probability: sd.augmentation.edgeDrop, random: random)
      let out = try student.forward(input, graph: graph)

      // Supervised term, possibly blended with past predictions (progressive targets).
      var alpha: Float = 0
      if let p = sd.progressiveTargets, snapshot != nil {
        alpha = p.maximumAlpha * Float(epoch) / Float(training.epochs)
      }
      var loss = scale(try crossEntropy(logits: out.logits, labels: data.labels, rows: data.trainNodes), by: 1 - alpha)
      if let p = sd.progressiveTargets, let past = snapshot {
        if alpha > 0 {
          loss =
            try loss
            + scale(klDivergence(logits: out.logits, targetProbabilities: past, rows: data.trainNodes), by: alpha)
        }
        let c = past.columnCount
        let confident = allNodes.filter { i in
          guard !labelled.contains(i) else { return false }
          var m: Float = 0
          for j in 0..<c { m = max(m, past[i * c + j]) }
          return m >= p.confidenceThreshold
        }
        if !confident.isEmpty && p.unlabelledWeight > 0 {
          loss =
            try loss
            + scale(
              klDivergence(logits: out.logits, targetProbabilities: past, rows: confident), by: p.unlabelledWeight)
        }
      }

      // Mean teacher: consistency with the EMA teacher's (sharpened) view on every node.
      if let mt = sd.meanTeacher, let teacher {
        let teacherLogits: Tensor
        if mt.noisyTeacher || cleanTeacherLogits == nil {
          teacher.isTraining = mt.noisyTeacher
          teacherLogits = try withoutGradients { () -> Tensor in
            guard mt.noisyTeacher else { return try teacher(data.features, graph: data.graph).value }
            let tInput = try GraphAugmentation.dropNodes(
              data.features, probability: sd.augmentation.nodeDrop, random: teacherRandom)
            let tGraph = try GraphAugmentation.dropEdges(
              data.graph, probability: sd.augmentation.edgeDrop, random: teacherRandom)
            return try teacher(tInput, graph: tGraph).value
          }
        } else {
          teacherLogits = cleanTeacherLogits!
        }
        let ramp = mt.rampUpEpochs > 0 ? min(1, Float(epoch) / Float(mt.rampUpEpochs)) : 1
        let weight = mt.weight * _expf(-5 * (1 - ramp) * (1 - ramp))
        let rows = ConfidentNodes.select(
          probabilities: rowSoftmax(teacherLogits), threshold: mt.confidenceThreshold, classBalanced: mt.classBalanced,
          excluding: labelled)
        if !rows.isEmpty {
          // The sharpened targets of the selected rows only; the loss reads no other row.
          // (`rows` are distinct, so the scatter writes each selected row once: zero elsewhere.)
          let target = try Kernels.scatterAddRows(
            rowSoftmax(Kernels.gatherRows(teacherLogits, indices: rows), temperature: mt.teacherTemperature),
            indices: rows, rowCount: teacherLogits.rowCount)
          let consistency: Variable
          switch mt.loss {
          case .kl: consistency = try klDivergence(logits: out.logits, targetProbabilities: target, rows: rows)
          case .mse:
            let studentRows = try gatherRows(softmax(out.logits), indices: rows)
            let targetRows = try Kernels.gatherRows(target, indices: rows)
            consistency = scale(try meanSquaredError(studentRows, Variable(targetRows)), by: Float(data.classCount))
          }
          loss = try loss + scale(consistency, by: weight)
        }
      }

      // Layer-wise: deepest classifier → every shallower head; deepest hidden → projectors.
      if let lw = sd.layerWise {
        let soft = rowSoftmax(out.logits.value, temperature: lw.temperature)
        for head in out.auxiliaryLogits {
          if lw.headCrossEntropyWeight > 0 {
            loss =
              try loss
              + scale(
                crossEntropy(logits: head, labels: data.labels, rows: data.trainNodes), by: lw.headCrossEntropyWeight)
          }
          if lw.distillationWeight > 0 {
            let kl = try klDivergence(logits: head, targetProbabilities: soft, temperature: lw.temperature)
            loss = try loss + scale(kl, by: lw.distillationWeight * lw.temperature * lw.temperature)
          }
        }
        if let deepest = out.hidden.last {
          for (projector, shallow) in zip(projectors, out.hidden) {
            loss =
              try loss
              + scale(
                meanSquaredError(projector.apply(.dense(shallow)), deepest.detached()), by: lw.hintWeight)
          }
        }
      }

      // Born-again: the previous generation's soft labels on every node.
      if let previous, sd.generationWeight > 0 {
        loss =
          try loss + scale(klDivergence(logits: out.logits, targetProbabilities: previous), by: sd.generationWeight)
      }

      try loss.backward()
      try optimizer.step()
      if let teacher { ema.update(teacher: teacher, from: student) }

      // Evaluate the selected model; its predictions are also the progressive snapshot.
      selected.isTraining = false
      let evalLogits = try withoutGradients { try selected(data.features, graph: data.graph) }.value
      if teacher != nil { cleanTeacherLogits = evalLogits }
      let valLoss = try withoutGradients {
        try crossEntropy(logits: Variable(evalLogits), labels: data.labels, rows: data.validationNodes).value.scalar
      }
      let valAccuracy = ClassificationMetrics.accuracy(
        logits: evalLogits, labels: data.labels, rows: data.validationNodes)
      if let p = sd.progressiveTargets, epoch >= p.warmUpEpochs, (epoch - p.warmUpEpochs) % p.lag == 0 {
        snapshot = rowSoftmax(evalLogits)
      }
      if selection.record(epoch: epoch, validationAccuracy: valAccuracy, validationLoss: valLoss) {
        selection.keep(weights: selected.parameterValues())
      }
      let go = onEpoch(
        SelfDistillationEpoch(
          generation: generation, epoch: epoch, trainLoss: loss.value.scalar, validationLoss: valLoss,
          validationAccuracy: valAccuracy))
      if !go { break }
      if selection.shouldStop(patience: training.patience) { break }
    }
    if selection.bestEpoch > 0 { try selected.loadParameterValues(selection.bestWeights) }
    selected.isTraining = false
    let output = try withoutGradients { try selected.forward(data.features, graph: data.graph) }
    var logits = output.logits.value
    if sd.softLabelSource == .ensemble { logits = try NodeClassifier.headEnsembleLogits(output) }
    return GenerationOutcome(
      probabilities: rowSoftmax(logits), logits: logits, hidden: output.hidden.last?.value,
      validationAccuracy: selection.bestAccuracy, bestEpoch: selection.bestEpoch, epochs: epochsRun,
      parameters: selected.parameterCount, configuration: configuration, weights: selected.parameterValues())
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _expf(_ x: Float) -> Float { Glibc.expf(x) }
  @inline(__always) func _logf(_ x: Float) -> Float { Glibc.logf(x) }
#endif
