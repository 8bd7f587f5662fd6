import Foundation
import GraphKD
import Testing

/// The pipeline end to end on small generated graphs (a contextual stochastic block model), with
/// short training so the suite stays fast in debug builds.
@Suite struct LabelScarcePipelineTests {
  static func graph(seed: UInt64 = 1) throws -> Graph {
    try ContextualStochasticBlockModel(
      nodes: 300, averageDegree: 6, classes: 3, featureDimension: 32, homophily: 0.8, signal: 1
    ).generate(seed: seed)
  }

  static func quick(seeds: [UInt64] = [0]) -> PipelineConfiguration {
    PipelineConfiguration(
      split: SplitScheme(labelsPerClass: 5, validationSize: 60), seeds: seeds,
      teacher: TeacherSettings(architecture: .gcn, variant: .standard, epochs: 100),
      students: [
        StudentSettings(name: "mlp", architecture: .mlp, hiddenDimensions: [32]),
        StudentSettings(name: "gcn-small", architecture: .gcn, hiddenDimensions: [4]),
      ],
      cost: CostSettings(skip: true))
  }

  @Test func runsTeacherAndStudentsAndReturnsSoftLabelsAndSplits() throws {
    let graph = try Self.graph()
    let report = try LabelScarcePipeline(configuration: Self.quick()).run(on: graph)
    #expect(report.runs.count == 1)
    let run = report.runs[0]
    #expect(run.split == "k5_seed0" && report.madeSplits["k5_seed0"]?.train.count == 15)
    let soft = try #require(report.softLabels[run.softLabelRun])
    #expect(soft.probabilities.shape == [300, 3])
    for i in 0..<300 { #expect(abs(soft.probabilities.row(i).reduce(0, +) - 1) < 1e-4) }
    // The generated classes are learnable: far above chance (1/3) for teacher and students.
    #expect(run.teacher.testAccuracy > 0.6)
    for s in run.students {
      #expect(s.testAccuracy > 0.5, "\(s.name)")
      #expect(abs(s.retention! - s.testAccuracy / run.teacher.testAccuracy) < 1e-12)
    }
    #expect(run.students[1].parameters < run.teacher.parameters)
    #expect(report.summary.map(\.name) == ["teacher", "mlp", "gcn-small"])
  }

  @Test func theTeachersBackboneIsChosenByValidationAndRecorded() throws {
    var c = Self.quick()
    c.teacher = TeacherSettings(candidates: [.mlp, .gcn], epochs: 60)
    var backboneEpochs = 0
    let report = try LabelScarcePipeline(configuration: c).run(on: try Self.graph()) { event in
      if case .epoch(.backbone, let p) = event {
        backboneEpochs += 1
        #expect(p.total == 120 && p.step <= 120)
      }
      return true
    }
    #expect(backboneEpochs > 0)
    let teacher = report.runs[0].teacher
    let candidates = try #require(teacher.backboneSelection)
    #expect(candidates.map(\.architecture) == [.mlp, .gcn])
    let chosen = try #require(candidates.first { $0.chosen })
    // Homophily 0.8: message passing wins, and the teacher is the chosen backbone.
    #expect(chosen.architecture == .gcn && teacher.architecture == .gcn)
    #expect(report.runs[0].softLabelRun == "standard-gcn-k5_seed0-seed0")
    // The guard's plain candidate is the selection's model: its loss is the one recorded there.
    let plain = try #require(teacher.selection?.first { $0.candidate == "plain" })
    #expect(abs(plain.validationLoss - chosen.validationLoss) < 1e-12)
    let teacherModel = try TrainedNodeClassifier(stored: try #require(report.models[0]?["teacher"]), file: "teacher")
    #expect(teacherModel.provenance.backboneSelection?.hasPrefix("gcn (validation loss") == true)
    let record = try JSONDecoder().decode(
      SoftLabelRecord.self, from: Data(try #require(report.softLabels[report.runs[0].softLabelRun]).configJSON.utf8))
    #expect(record.backboneSelection == candidates)
    #expect(teacher.warnings == nil)
  }

  @Test func aTeacherNoBetterThanChanceIsReported() throws {
    // Without features or edges every node looks the same: the MLP teacher predicts one class.
    let g = try Self.graph()
    let blank = try Graph(
      name: "blank", isDirected: false,
      adjacency: CSRMatrix(rowCount: 300, columnCount: 300, rows: [], columns: [], values: nil),
      features: .dense(Tensor(zeros: [300, 32])), labels: g.labels)
    var c = Self.quick()
    c.teacher = TeacherSettings(architecture: .mlp, variant: .plain, epochs: 30)
    let report = try LabelScarcePipeline(configuration: c).run(on: blank)
    let warnings = try #require(report.runs[0].teacher.warnings)
    #expect(warnings.count == 1 && warnings[0].contains("no better than chance"), "\(warnings)")
    #expect(
      try TrainedNodeClassifier(stored: try #require(report.models[0]?["teacher"]), file: "teacher").provenance.warnings
        == warnings)
    // A teacher that learnt something has no warning.
    c.teacher = TeacherSettings(architecture: .mlp, variant: .plain, epochs: 30)
    #expect(try LabelScarcePipeline(configuration: c).run(on: g).runs[0].teacher.warnings == nil)
  }

  @Test func theSameSeedGivesTheSameNumbers() throws {
    let graph = try Self.graph()
    let a = try LabelScarcePipeline(configuration: Self.quick(seeds: [2])).run(on: graph)
    let b = try LabelScarcePipeline(configuration: Self.quick(seeds: [2])).run(on: graph)
    #expect(a.runs[0].teacher.testAccuracy == b.runs[0].teacher.testAccuracy)
    #expect(a.runs[0].students.map(\.testAccuracy) == b.runs[0].students.map(\.testAccuracy))
    #expect(a.softLabels.mapValues(\.probabilities) == b.softLabels.mapValues(\.probabilities))
  }

  @Test func theReportEncodesWithItsSummary() throws {
    let report = try LabelScarcePipeline(configuration: Self.quick()).run(on: try Self.graph())
    let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
    let summary = try #require(json?["summary"] as? [[String: Any]])
    #expect(summary.count == 3)
    let encoded = try #require(summary[0]["testAccuracy"] as? Double)
    #expect(abs(encoded - report.runs[0].teacher.testAccuracy) < 1e-12)
    let metadata = try #require(json?["metadata"] as? [String: Any])
    #expect(metadata["graphkdVersion"] as? String == GraphKDVersion.string)
  }

  @Test func anObserverCanStopBetweenEpochs() throws {
    var epochs = 0
    #expect(throws: PipelineInterrupted.self) {
      try LabelScarcePipeline(configuration: Self.quick()).run(on: try Self.graph()) { event in
        if case .epoch(.teacher, _) = event { epochs += 1 }
        return epochs < 5
      }
    }
    #expect(epochs == 5)
  }

  @Test func stoppingDuringAStudentKeepsTheFinishedTeachersSoftLabels() throws {
    do {
      _ = try LabelScarcePipeline(configuration: Self.quick()).run(on: try Self.graph()) { event in
        if case .epoch(.student, let p) = event { return p.step < 3 }
        return true
      }
      Issue.record("expected an interruption")
    } catch let stop as PipelineInterrupted {
      #expect(stop.stage == .student("mlp") && stop.seed == 0)
      #expect(stop.completed.softLabels.count == 1 && stop.completed.runs.isEmpty)
    }
  }

  @Test func isolatedNodesAreFine() throws {
    // Cut every edge of the first 40 nodes: they keep only their own features (and self loops).
    let g = try Self.graph()
    let a = g.adjacency
    var pointers = [0]
    var columns: [Int32] = []
    for i in 0..<a.rowCount {
      for e in a.rowPointers[i]..<a.rowPointers[i + 1] where i >= 40 && a.columnIndices[e] >= 40 {
        columns.append(a.columnIndices[e])
      }
      pointers.append(columns.count)
    }
    let cut = try CSRMatrix(
      rowCount: a.rowCount, columnCount: a.columnCount, rowPointers: pointers, columnIndices: columns)
    let isolated = try Graph(
      name: "isolated", isDirected: false, adjacency: cut, features: g.features, labels: g.labels)
    let report = try LabelScarcePipeline(configuration: Self.quick()).run(on: isolated)
    #expect(report.runs[0].teacher.testAccuracy > 0.5)
  }

  @Test func aClassWithoutLabelsStopsWithAClearMessage() throws {
    let g = try Self.graph()
    let labels = g.labels.map { $0 == 2 ? -1 : $0 }
    let graph = try Graph(
      name: "no-class-2", isDirected: false, adjacency: g.adjacency, features: g.features, labels: labels,
      classNames: ["a", "b", "c"])
    do {
      _ = try LabelScarcePipeline(configuration: Self.quick()).run(on: graph)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains("class 2"), "\(error)")
    }
  }

  @Test func aMissingStoredSplitNamesTheOnesThatExistAndHowToMakeOne() throws {
    var c = Self.quick()
    c.split = SplitScheme(name: "public")
    do {
      _ = try LabelScarcePipeline(configuration: c).run(on: try Self.graph())
      Issue.record("expected an error")
    } catch let e as ConfigurationError {
      #expect(e.setting == "split" && e.expected.contains("graphkd split"), "\(e)")
    }
  }
}

@Suite struct ServedTeacherTests {
  /// A layer-wise teacher trains auxiliary heads; the served teacher drops them and answers
  /// exactly as the trained model's final classifier.
  @Test func theServedTeacherHasNoAuxiliaryHeadsAndKeepsItsAnswers() throws {
    let graph = try LabelScarcePipelineTests.graph()
    let data = try NodeClassificationData(graph: graph, splitName: "random")
    var sd = SelfDistillationVariant.layerWise.configuration
    sd.epochs = 30
    sd.calibrate = false
    var model = ModelConfiguration.standard(.gcn)
    model.hiddenDimensions = [16, 16]
    let result = try SelfDistillationTrainer(
      model: model, training: .standard(.gcn), selfDistillation: sd
    ).train(on: data, seed: 0)
    #expect(result.teacherConfiguration.auxiliaryHeads)
    let served = try result.teacher(inputDimension: data.features.dimension, classCount: data.classCount)
    #expect(served.auxiliaryHeads.isEmpty && served.parameterCount < result.parameterCount)
    let logits = try withoutGradients { try served(data.features, graph: data.graph) }.value
    let probabilities = rowSoftmax(logits)
    for i in 0..<graph.nodeCount {
      for c in 0..<data.classCount {
        #expect(abs(probabilities[i, c] - result.probabilities[i, c]) < 1e-5)
      }
    }
  }
}
