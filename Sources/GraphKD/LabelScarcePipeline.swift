import Distillation
import Evaluation
import Foundation
import GNN
import GraphData
import Tensors

/// The whole GraphKD job on one graph: for each seed, make the label-scarce split if asked,
/// train the self-distilled teacher, turn its predictions into a soft label for every node,
/// distil each student from those soft labels, and measure accuracy and cost of all of them.
///
/// ```swift
/// let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: "data/cora.h5"))
/// let pipeline = LabelScarcePipeline(configuration: PipelineConfiguration())
/// let report = try pipeline.run(on: graph)
/// print(report.summary.map { "\($0.name): \($0.testAccuracy)" })
/// ```
///
/// The pipeline does not write files: the soft labels and splits it made are in the report
/// (``PipelineReport/softLabels``, ``PipelineReport/madeSplits``) for the caller to store, as
/// `graphkd run` does with ``HDF5GraphStore``.
public struct LabelScarcePipeline {
  /// What to run.
  public var configuration: PipelineConfiguration

  /// Creates a pipeline.
  public init(configuration: PipelineConfiguration) {
    self.configuration = configuration
  }

  /// Runs every seed on `graph`.
  /// - Parameter observer: told about every stage and epoch; return `false` to stop after the
  ///   current epoch (the pipeline then throws ``PipelineInterrupted`` carrying the seeds that
  ///   completed).
  /// - Throws: ``ConfigurationError`` for bad settings or a graph that cannot be trained on
  ///   (no such split, too few labelled nodes for K per class, no labels), before any training.
  public func run(on graph: Graph, observer: ((PipelineEvent) -> Bool)? = nil) throws -> PipelineReport {
    let c = configuration
    try c.validate()
    let clock = ContinuousClock()
    let start = clock.now
    var report = PipelineReport(configuration: c, metadata: RunMetadata(), runs: [], seconds: 0)
    report.graph = GraphFacts(graph)
    var graph = graph
    let notify = observer ?? { _ in true }

    // Make every split first, so a graph that cannot be split fails before any training.
    for seed in c.seeds {
      let name = c.split.splitName(seed: seed)
      guard graph.splits[name] == nil else { continue }
      guard let k = c.split.labelsPerClass else {
        let available = graph.splits.keys.sorted()
        throw ConfigurationError(
          setting: "split",
          expected: (available.isEmpty
            ? "a stored split (the graph has none)"
            : "one of the stored splits "
              + available.joined(separator: ", "))
            + ", or a label-scarce split made on the fly (`graphkd run --labels-per-class K`; "
            + "`graphkd split FILE --labels-per-class K` stores one)",
          actual: "'\(name)'")
      }
      let begin = clock.now
      _ = notify(.started(.split, seed: seed))
      let splitter = LabelsPerClassSplitter(
        labelsPerClass: k, validationSize: c.split.validationSize,
        testSplit: graph.splits[c.split.testSplit] == nil ? nil : c.split.testSplit)
      let split = try splitter.split(graph, seed: seed)
      try graph.setSplit(split, named: name)
      report.madeSplits[name] = split
      _ = notify(
        .finished(
          .split, seed: seed, seconds: Self.seconds(clock.now - begin),
          summary: "made \(name): \(split.train.count) train / \(split.validation.count) validation / "
            + "\(split.test.count) test nodes"))
    }

    for seed in c.seeds {
      let splitName = c.split.splitName(seed: seed)
      // The inductive setting trains every model on the observed graph only.
      let holdout = try c.inductive.map {
        try InductiveHoldout(graph: graph, split: splitName, fraction: $0, seed: seed)
      }
      let data = try NodeClassificationData(graph: holdout?.observedGraph ?? graph, splitName: splitName)

      // The backbone, chosen by validation unless the configuration names one.
      var chosen: BackboneSelection.Outcome? = nil
      if let selection = c.teacher.backboneSelection {
        chosen = try chooseBackbone(selection, data: data, seed: seed, notify: notify, report: report, start: start)
      }
      let (teacherModel, teacherTraining, selfDistillation) = try c.teacher.configurations(
        architecture: chosen?.chosen)

      // Teacher.
      var stage = PipelineStage.teacher
      _ = notify(.started(stage, seed: seed))
      let trainer = SelfDistillationTrainer(
        model: teacherModel, training: teacherTraining, selfDistillation: selfDistillation)
      let perGeneration = trainer.training.epochs
      var interrupted = false
      // A validation guard's plain candidate (generation 0) trains after the generations.
      let plainEpochs =
        selfDistillation.validationGuard?.plainCandidate == true && chosen == nil ? teacherTraining.epochs : 0
      let taught = try trainer.train(on: data, seed: seed, reusing: chosen?.plainBackbone) { e in
        let step =
          e.generation == 0
          ? perGeneration * selfDistillation.generations + e.epoch : (e.generation - 1) * perGeneration + e.epoch
        let go = notify(
          .epoch(
            stage,
            EpochProgress(
              step: step, total: perGeneration * selfDistillation.generations + plainEpochs, loss: e.trainLoss,
              validationAccuracy: e.validationAccuracy, seed: seed)))
        if !go { interrupted = true }
        return go
      }
      if interrupted { throw PipelineInterrupted(stage: stage, seed: seed, completed: finished(report, since: start)) }
      let variantName = c.teacher.selfDistillation == nil ? c.teacher.variant.rawValue : "custom"
      let runName = "\(variantName)-\(teacherModel.architecture.rawValue)-\(splitName)-seed\(seed)"
      // Soft labels of an inductive run cover the observed nodes only: they are not stored.
      if holdout == nil {
        report.softLabels[runName] = try softLabelRun(
          taught, model: teacherModel, training: trainer.training, selfDistillation: selfDistillation,
          backboneSelection: chosen?.candidates, split: splitName, seed: seed, metadata: report.metadata)
      }
      let servedTeacher = try taught.teacher(inputDimension: data.features.dimension, classCount: data.classCount)
      // Soft labels that were not stored have no run name to record.
      let storedRun = holdout == nil ? runName : nil
      var teacherProvenance = provenance(
        role: "teacher", name: "teacher", graph: graph, data: data, split: splitName, seed: seed,
        metadata: report.metadata)
      teacherProvenance.softLabelRun = storedRun
      teacherProvenance.selfDistillation =
        selfDistillation.summary + (taught.selection.isEmpty ? "" : ": " + taught.selectionSummary)
      teacherProvenance.validationAccuracy = taught.validationAccuracy
      teacherProvenance.testAccuracy = taught.testAccuracy
      teacherProvenance.testMacroF1 = taught.testMacroF1
      teacherProvenance.heldOutNodes = holdout?.heldOut.count
      teacherProvenance.backboneSelection = chosen?.summary
      let warnings = Self.teacherWarnings(taught, data: data)
      if !warnings.isEmpty { teacherProvenance.warnings = warnings }
      let trainedTeacher = try taught.trainedTeacher(
        data: data, classNames: graph.classNames, provenance: teacherProvenance)
      report.models[seed, default: [:]]["teacher"] = try trainedTeacher.stored()
      var teacherReport = ModelReport(
        name: "teacher", architecture: teacherModel.architecture, hiddenDimensions: teacherModel.hiddenDimensions,
        testAccuracy: taught.testAccuracy, testMacroF1: taught.testMacroF1,
        validationAccuracy: taught.validationAccuracy,
        parameters: servedTeacher.parameterCount,
        retention: nil, trainingSeconds: taught.seconds)
      if !taught.selection.isEmpty { teacherReport.selection = taught.selection }
      teacherReport.backboneSelection = chosen?.candidates
      if !warnings.isEmpty { teacherReport.warnings = warnings }
      if let holdout {
        teacherReport.inductive = try inductiveAccuracy(
          trainedTeacher, transductive: taught.testAccuracy, holdout: holdout, graph: graph)
      }
      _ = notify(
        .finished(
          stage, seed: seed, seconds: taught.seconds,
          summary: "teacher \(teacherModel.architecture.rawValue) (\(selfDistillation.summary)): test accuracy "
            + Self.percent(taught.testAccuracy)
            + (holdout.map { ", \($0.heldOut.count) test nodes held out (inductive)" }
              ?? ", soft labels → /soft_labels/\(runName)")))

      let measureCost = !c.cost.skip && seed == c.seeds[0]
      if measureCost {
        teacherReport.cost = try cost(of: servedTeacher, report: teacherReport, data: data, seed: seed, notify: notify)
      }

      // Students.
      var students: [ModelReport] = []
      for s in c.students {
        stage = .student(s.name)
        _ = notify(.started(stage, seed: seed))
        let distiller = Distiller(student: s.model, training: s.training, objective: s.objective)
        let studentStage = stage
        let (model, result) = try distiller.train(
          on: data, teacher: TeacherSignals(probabilities: taught.probabilities, hidden: taught.hidden), seed: seed
        ) { e in
          let go = notify(
            .epoch(
              studentStage,
              EpochProgress(
                step: e.epoch, total: distiller.training.epochs, loss: e.trainLoss,
                validationAccuracy: e.validationAccuracy, seed: seed)))
          if !go { interrupted = true }
          return go
        }
        if interrupted {
          throw PipelineInterrupted(stage: stage, seed: seed, completed: finished(report, since: start))
        }
        var student = ModelReport(
          name: s.name, architecture: s.architecture, hiddenDimensions: s.model.hiddenDimensions,
          testAccuracy: result.testAccuracy, testMacroF1: result.testMacroF1,
          validationAccuracy: result.validationAccuracy, parameters: result.parameterCount,
          retention: taught.testAccuracy > 0 ? result.testAccuracy / taught.testAccuracy : nil,
          trainingSeconds: result.seconds)
        _ = notify(
          .finished(
            stage, seed: seed, seconds: result.seconds,
            summary: "student \(s.name): test accuracy \(Self.percent(result.testAccuracy)), retention "
              + Self.percent(student.retention ?? 0)))
        var studentProvenance = provenance(
          role: "student", name: s.name, graph: graph, data: data, split: splitName, seed: seed,
          metadata: report.metadata)
        studentProvenance.softLabelRun = storedRun
        studentProvenance.objective = s.objective.summary
        studentProvenance.validationAccuracy = result.validationAccuracy
        studentProvenance.testAccuracy = result.testAccuracy
        studentProvenance.testMacroF1 = result.testMacroF1
        studentProvenance.heldOutNodes = holdout?.heldOut.count
        let trainedStudent = TrainedNodeClassifier(
          model: model, preparation: data.appliedPreparation, classNames: graph.classNames,
          provenance: studentProvenance)
        report.models[seed, default: [:]][s.name] = try trainedStudent.stored()
        if let holdout {
          student.inductive = try inductiveAccuracy(
            trainedStudent, transductive: result.testAccuracy, holdout: holdout, graph: graph)
        }
        if measureCost { student.cost = try cost(of: model, report: student, data: data, seed: seed, notify: notify) }
        students.append(student)
      }
      report.runs.append(
        PipelineRun(seed: seed, split: splitName, softLabelRun: runName, teacher: teacherReport, students: students))
    }
    return finished(report, since: start)
  }

  /// Trains every candidate backbone plainly and chooses one by validation (``BackboneSelection``).
  func chooseBackbone(
    _ selection: BackboneSelection, data: NodeClassificationData, seed: UInt64,
    notify: @escaping (PipelineEvent) -> Bool, report: PipelineReport, start: ContinuousClock.Instant
  ) throws -> BackboneSelection.Outcome {
    let stage = PipelineStage.backbone
    _ = notify(.started(stage, seed: seed))
    let budgets = selection.candidates.map { selection.epochs ?? TrainingConfiguration.standard($0).epochs }
    var offsets: [ModelConfiguration.Architecture: Int] = [:]
    for (i, a) in selection.candidates.enumerated() { offsets[a] = budgets[..<i].reduce(0, +) }
    let total = budgets.reduce(0, +)
    let outcome: BackboneSelection.Outcome
    do {
      outcome = try selection.select(on: data, seed: seed) { architecture, e in
        notify(
          .epoch(
            stage,
            EpochProgress(
              step: offsets[architecture, default: 0] + e.epoch, total: total, loss: e.trainLoss,
              validationAccuracy: e.validationAccuracy, seed: seed)))
      }
    } catch is SelectionInterrupted {
      throw PipelineInterrupted(stage: stage, seed: seed, completed: finished(report, since: start))
    }
    _ = notify(
      .finished(
        stage, seed: seed, seconds: outcome.candidates.reduce(0) { $0 + $1.seconds },
        summary: "backbone chosen by validation: \(outcome.summary)"))
    return outcome
  }

  /// What is wrong with a trained teacher that a user must hear about: one that does no better
  /// than chance on the validation nodes (``BackboneSelection/chanceWarning(probabilities:data:)``),
  /// typically predicting one class.
  static func teacherWarnings(_ taught: SelfDistillationResult, data: NodeClassificationData) -> [String] {
    guard let problem = BackboneSelection.chanceWarning(probabilities: taught.probabilities, data: data) else {
      return []
    }
    return [
      "the teacher is \(problem): its soft labels teach little. Let the backbone be chosen by validation "
        + "(`--teacher auto`), or try `--teacher mlp` where neighbours usually differ in class."
    ]
  }

  /// Measures a trained model's cost (``CostReport``) with its accuracy filled in.
  func cost(
    of model: NodeClassifier, report: ModelReport, data: NodeClassificationData, seed: UInt64,
    notify: (PipelineEvent) -> Bool
  ) throws -> CostReport {
    let stage = PipelineStage.cost(report.name)
    _ = notify(.started(stage, seed: seed))
    let begin = ContinuousClock().now
    let sizes = configuration.cost.requestBatchSizes.map { min($0, data.graph.nodeCount) }
    var cost = try CostReport.measure(
      name: report.name, model: model, data: data, requestBatchSizes: sizes,
      repetitions: configuration.cost.repetitions, seed: seed)
    cost.testAccuracy = report.testAccuracy
    cost.validationAccuracy = report.validationAccuracy
    let single =
      cost.requestLatency(batchSize: 1).map { " single-node request " + Self.milliseconds($0.latency.medianSeconds) }
      ?? ""
    _ = notify(
      .finished(
        stage, seed: seed, seconds: Self.seconds(ContinuousClock().now - begin),
        summary: "cost \(report.name): \(cost.parameterCount) parameters, "
          + String(format: "%.0f", cost.multiplyAccumulatesPerNode) + " MACs/node, full graph "
          + Self.milliseconds(cost.fullGraphLatency.medianSeconds) + single))
    return cost
  }

  /// A model trained on the observed graph, scored on the held-out nodes of the full graph: they
  /// come back with their features and every edge touching them.
  func inductiveAccuracy(
    _ model: TrainedNodeClassifier, transductive: Double, holdout: InductiveHoldout, graph: Graph
  ) throws -> InductiveAccuracy {
    let prediction = try model.predict(on: graph)
    let labelled = holdout.heldOut.filter { graph.labels[$0] >= 0 }
    return InductiveAccuracy(
      transductive: transductive,
      inductive: ClassificationMetrics.accuracy(predictions: prediction.classes, labels: graph.labels, rows: labelled),
      inductiveMacroF1: ClassificationMetrics.macroF1(
        predictions: prediction.classes, labels: graph.labels, rows: labelled, classCount: model.model.classCount),
      heldOutFraction: holdout.fraction, heldOutNodes: holdout.heldOut.count)
  }

  /// The provenance every model of the run shares (`data` is what it trained on: the observed
  /// graph of an inductive run).
  func provenance(
    role: String, name: String, graph: Graph, data: NodeClassificationData, split: String, seed: UInt64,
    metadata: RunMetadata
  ) -> ModelProvenance {
    var p = ModelProvenance(role: role, name: name, trainedBy: "LabelScarcePipeline", split: split, seed: seed)
    p.graphFile = configuration.dataset
    p.graphName = graph.name
    p.nodeCount = data.graph.nodeCount
    p.graphkdVersion = metadata.graphkdVersion
    p.gitCommit = metadata.gitCommit
    p.created = metadata.created
    return p
  }

  static func milliseconds(_ s: Double) -> String { String(format: "%.3f ms", 1000 * s) }

  /// The soft-label run the teacher's result becomes, recording how it was made.
  func softLabelRun(
    _ result: SelfDistillationResult, model: ModelConfiguration, training: TrainingConfiguration,
    selfDistillation: SelfDistillationConfiguration, backboneSelection: [BackboneSelection.Candidate]?,
    split: String, seed: UInt64, metadata: RunMetadata
  ) throws -> SoftLabelRun {
    var record = SoftLabelRecord(
      model: model, training: training, selfDistillation: selfDistillation, split: split, seed: seed,
      validationAccuracy: result.validationAccuracy, testAccuracy: result.testAccuracy,
      calibrationError: result.calibrationError, metadata: metadata)
    record.backboneSelection = backboneSelection
    return try record.softLabelRun(result: result)
  }

  func finished(_ report: PipelineReport, since start: ContinuousClock.Instant) -> PipelineReport {
    var report = report
    report.seconds = Self.seconds(ContinuousClock().now - start)
    return report
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  static func percent(_ x: Double) -> String {
    String(format: "%.1f %%", 100 * x)
  }
}
