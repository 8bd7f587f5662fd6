import Distillation
import Foundation
import GNN
import Tensors
import Testing

/// The self-distillation loop on a small planted-partition graph: soft labels are a
/// distribution per node, their argmax accuracy is the reported accuracy, and a seed fixes
/// everything.
@Suite struct SelfDistillationTrainerTests {
  static func data(labelsPerClass: Int) throws -> NodeClassificationData {
    var g = Xoshiro256StarStar(seed: 11)
    let (n, c, f) = (150, 3, 12)
    let labels = (0..<n).map { $0 % c }
    var rows: [Int32] = []
    var cols: [Int32] = []
    for i in 0..<n {
      for j in (i + 1)..<n where g.nextFloat() < (labels[i] == labels[j] ? 0.12 : 0.01) {
        rows += [Int32(i), Int32(j)]
        cols += [Int32(j), Int32(i)]
      }
    }
    var x = Tensor(zeros: [n, f])
    for i in 0..<n {
      for j in 0..<f { x[i, j] = 0.8 * g.nextNormal() + (j % c == labels[i] ? 0.4 : 0) }
    }
    let ids = Array(0..<n)
    return try NodeClassificationData(
      features: .dense(Variable(x)), labels: labels,
      graph: GraphStructure(adjacency: CSRMatrix(rowCount: n, columnCount: n, rows: rows, columns: cols, values: nil)),
      classCount: c, trainNodes: Array(ids.prefix(labelsPerClass * c)), validationNodes: Array(ids[30..<60]),
      testNodes: Array(ids[60...]))
  }

  static func trainer(_ sd: SelfDistillationConfiguration, epochs: Int = 60) -> SelfDistillationTrainer {
    var t = TrainingConfiguration.standard(.gcn)
    t.epochs = epochs
    var sd = sd
    sd.epochs = epochs
    sd.patience = nil
    return SelfDistillationTrainer(model: .standard(.gcn), training: t, selfDistillation: sd)
  }

  @Test(arguments: ["plain", "standard", "all"])
  func softLabelsAreDistributionsWhoseArgmaxGivesTheReportedAccuracy(name: String) throws {
    let configuration: SelfDistillationConfiguration =
      switch name {
      case "plain": .plain
      case "standard": .standard
      default: .all
      }
    let data = try Self.data(labelsPerClass: 3)
    let r = try Self.trainer(configuration).train(on: data, seed: 0)
    #expect(r.probabilities.shape == [150, 3])
    for i in 0..<150 {
      let row = r.probabilities.row(i)
      #expect(abs(row.reduce(0, +) - 1) < 1e-4 && row.allSatisfy { $0 >= 0 })
    }
    let predictions = ClassificationMetrics.predictions(r.probabilities)
    #expect(
      ClassificationMetrics.accuracy(predictions: predictions, labels: data.labels, rows: data.testNodes)
        == r.testAccuracy)
    #expect(r.testAccuracy > 0.6, "\(name): \(r.testAccuracy)")
    #expect(r.generations.count == configuration.generations)
    #expect(r.hidden?.shape == [150, 16])
  }

  @Test func theSameSeedGivesIdenticalSoftLabels() throws {
    let data = try Self.data(labelsPerClass: 2)
    let a = try Self.trainer(.all, epochs: 30).train(on: data, seed: 4)
    let b = try Self.trainer(.all, epochs: 30).train(on: data, seed: 4)
    let c = try Self.trainer(.all, epochs: 30).train(on: data, seed: 5)
    #expect(a.probabilities == b.probabilities)
    #expect(a.probabilities != c.probabilities)
  }

  @Test func stoppingFromTheCallbackKeepsTheBestWeightsSoFar() throws {
    let data = try Self.data(labelsPerClass: 3)
    var seen = 0
    let r = try Self.trainer(.standard).train(on: data, seed: 0) { _ in
      seen += 1
      return seen < 10
    }
    #expect(seen == 10)
    #expect(r.generations.count == 1 && r.generations[0].epochs == 10)
  }

  @Test func badSettingsAreRefusedBeforeTraining() throws {
    var bad = SelfDistillationConfiguration.standard
    bad.generations = 0
    #expect(throws: ConfigurationError.self) { try Self.trainer(bad).train(on: Self.data(labelsPerClass: 2), seed: 0) }
    var decay = SelfDistillationConfiguration.standard
    decay.meanTeacher?.decay = 1
    let e = #expect(throws: ConfigurationError.self) { try decay.validate() }
    #expect(e?.description == "configuration 'meanTeacher.decay': expected a value in [0, 1), but got 1.0")
    var drop = SelfDistillationConfiguration.standard
    drop.augmentation.edgeDrop = 1
    #expect(throws: ConfigurationError.self) { try drop.validate() }
  }

  @Test func epochsPerGenerationAreTheConfiguredOnesElseAMultipleOfTheBackbones() throws {
    let data = try Self.data(labelsPerClass: 2)
    var t = TrainingConfiguration.standard(.gcn)
    t.epochs = 40
    func epochsRun(_ change: (inout SelfDistillationConfiguration) -> Void) throws -> [Int] {
      var sd = SelfDistillationConfiguration(generations: 2)
      change(&sd)
      let r = try SelfDistillationTrainer(model: .standard(.gcn), training: t, selfDistillation: sd)
        .train(on: data, seed: 0)
      #expect(r.epochsTrained == r.generations.map(\.epochs).reduce(0, +))
      return r.generations.map(\.epochs)
    }
    #expect(try epochsRun { _ in } == [40, 40])
    #expect(try epochsRun { $0.epochScale = 0.25 } == [10, 10])
    #expect(try epochsRun { $0.epochScale = 0.3125 } == [13, 13])  // 12.5, rounded
    // Explicit epochs win over the scale, and may be fewer than the backbone's.
    #expect(
      try epochsRun {
        $0.epochs = 7
        $0.epochScale = 0.25
      } == [7, 7])
  }

  @Test func badScheduleSettingsNameTheSetting() {
    for (change, setting) in [
      ({ (c: inout SelfDistillationConfiguration) in c.epochs = 0 }, "epochs"),
      ({ (c: inout SelfDistillationConfiguration) in c.epochScale = 0 }, "epochScale"),
      ({ (c: inout SelfDistillationConfiguration) in c.epochScale = .nan }, "epochScale"),
      ({ (c: inout SelfDistillationConfiguration) in c.learningRate = -0.01 }, "learningRate"),
    ] as [((inout SelfDistillationConfiguration) -> Void, String)] {
      var c = SelfDistillationConfiguration.standard
      change(&c)
      let e = #expect(throws: ConfigurationError.self) { try c.validate() }
      #expect(e?.setting == setting)
    }
  }

  @Test func singlePartVariantsKeepTheStandardSchedule() {
    let standard = SelfDistillationConfiguration.standard
    for v in SelfDistillationVariant.allCases where v != .plain {
      let c = v.configuration
      #expect(c.epochs == standard.epochs && c.epochScale == standard.epochScale, "\(v)")
      #expect(c.learningRate == standard.learningRate && c.patience == standard.patience, "\(v)")
    }
  }

  @Test func configurationsRoundTripThroughJSON() throws {
    let data = try JSONEncoder().encode(SelfDistillationConfiguration.all)
    #expect(try JSONDecoder().decode(SelfDistillationConfiguration.self, from: data) == .all)
    #expect(SelfDistillationConfiguration.all.summary == "mean-teacher+progressive+layer-wise+generations=2")
    #expect(SelfDistillationConfiguration.plain.summary == "plain")
  }

  /// A layer-wise GCNII teacher fits its early exit on the validation nodes; its saved model keeps
  /// the heads and the rule and answers every node from the same exit, before and after a round
  /// trip through a model file's contents.
  @Test func aLayerWiseTeacherExitsEarlyAndItsModelKeepsTheRule() throws {
    let data = try Self.data(labelsPerClass: 5)
    var model = ModelConfiguration.standard(.gcnii)
    model.hiddenDimensions = [16]
    model.propagationSteps = 4
    var training = TrainingConfiguration.standard(.gcnii)
    training.epochs = 60
    var sd = SelfDistillationConfiguration.plain
    sd.layerWise = .init(earlyExitTolerance: 0.005)
    sd.epochs = 60
    let result = try SelfDistillationTrainer(model: model, training: training, selfDistillation: sd)
      .train(on: data, seed: 1)
    let rule = try #require(result.earlyExit)
    let exits = try #require(result.exits)
    #expect(exits.count == data.labels.count && exits.allSatisfy { (0...5).contains($0) })
    let teacher = try result.trainedTeacher(data: data)
    #expect(teacher.inference.earlyExit == rule && teacher.model.auxiliaryHeads.count == 5)
    let prediction = try teacher.predict(features: data.features, structure: data.graph)
    #expect(prediction.exits == exits)
    let accuracy = ClassificationMetrics.accuracy(
      predictions: prediction.classes, labels: data.labels, rows: data.testNodes)
    #expect(accuracy == result.earlyExitTestAccuracy)
    let loaded = try TrainedNodeClassifier(stored: teacher.stored(), file: "teacher.h5")
    let again = try loaded.predict(features: data.features, structure: data.graph)
    #expect(again.classes == prediction.classes && again.exits == exits)
  }
}

/// Born-again targets smoothed over the graph (``SelfDistillationConfiguration/TargetPropagation``).
@Suite struct TargetPropagationTests {
  @Test func labelledRowsStartOneHotAndEveryRowIsADistribution() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 5)
    let n = data.labels.count
    let uniform = Tensor(repeating: 1 / 3, shape: [n, 3])
    // No steps: the start itself, labelled rows one-hot.
    let start = try SelfDistillationConfiguration.TargetPropagation(steps: 0).propagate(uniform, over: data)
    for i in data.trainNodes { #expect(start[i, data.labels[i]] == 1) }
    #expect(start[data.testNodes[0], 0] == Float(1) / 3)
    // Ten steps: labels spread to their neighbours, which lean to the labelled class; rows sum to 1.
    let smoothed = try SelfDistillationConfiguration.TargetPropagation().propagate(uniform, over: data)
    for i in 0..<n {
      var total: Float = 0
      for j in 0..<3 { total += smoothed[i, j] }
      #expect(abs(total - 1) < 1e-5)
    }
    let predictions = ClassificationMetrics.predictions(smoothed)
    let accuracy = ClassificationMetrics.accuracy(predictions: predictions, labels: data.labels, rows: data.testNodes)
    #expect(accuracy > 0.6, "label propagation alone on a homophilous graph: \(accuracy)")
  }

  @Test func theSummaryNamesItOnlyWithGenerations() {
    var c = SelfDistillationConfiguration.standard
    c.targetPropagation = .init()
    #expect(c.summary.contains("propagated-targets"))
    c.generations = 1
    #expect(!c.summary.contains("propagated-targets"))
  }
}

/// The validation guard's one-standard-error rule.
@Suite struct ValidationGuardMarginTests {
  @Test func aMoreComplexCandidateMustWinByMoreThanItsStandardError() {
    typealias Guard = SelfDistillationConfiguration.ValidationGuard
    let simple = [1.0, 1.0, 1.0, 1.0]
    // Lower by 0.1 on every node: no spread, so any margin is cleared.
    #expect(Guard(standardErrors: 1).prefersComplex(simple.map { $0 - 0.1 }, over: simple))
    // Lower by 0.1 on average but noisily (differences −0.6, 0.3, −0.6, 0.5; standard error
    // 0.29): kept under the default (any lower mean loss), not with a one-standard-error margin.
    let better = [0.4, 1.3, 0.4, 1.5]
    #expect(Guard().prefersComplex(better, over: simple))
    #expect(!Guard(standardErrors: 1).prefersComplex(better, over: simple))
    // A tie keeps the simpler one; with nothing to beat, the candidate is kept.
    #expect(!Guard().prefersComplex(simple, over: simple))
    #expect(Guard().prefersComplex(simple, over: []))
  }

  @Test func anOlderConfigurationWithoutTheMarginTakesTheDefault() throws {
    let decoded = try JSONDecoder().decode(
      SelfDistillationConfiguration.ValidationGuard.self, from: Data(#"{"plainCandidate": true}"#.utf8))
    #expect(decoded == .init(plainCandidate: true, standardErrors: 0))
  }
}
