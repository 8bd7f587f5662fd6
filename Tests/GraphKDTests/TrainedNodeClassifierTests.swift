import Foundation
import GraphKD
import Testing

/// Trained models outlive the process: saved and loaded they predict bit-identically, they give
/// exactly the accuracy their training reported and the teacher's soft labels, and bad model
/// files or graphs that do not fit are refused naming the file and the field.
@Suite struct TrainedNodeClassifierTests {
  static func graph(seed: UInt64 = 1) throws -> Graph {
    try LabelScarcePipelineTests.graph(seed: seed)
  }

  static func data(_ graph: Graph) throws -> NodeClassificationData {
    var g = graph
    let split = try LabelsPerClassSplitter(labelsPerClass: 5, validationSize: 60).split(g, seed: 0)
    try g.setSplit(split, named: "k5")
    return try NodeClassificationData(graph: g, splitName: "k5")
  }

  static func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

  @Test(arguments: ModelConfiguration.Architecture.allCases, [false, true])
  func savedAndLoadedModelsPredictBitIdentically(architecture: ModelConfiguration.Architecture, heads: Bool) throws {
    let graph = try Self.graph()
    let data = try Self.data(graph)
    var configuration = ModelConfiguration.standard(architecture)
    configuration.auxiliaryHeads = heads
    if architecture == .gat { configuration.heads = 2 }
    let model = try NodeClassifier(
      configuration: configuration, inputDimension: data.features.dimension, classCount: data.classCount,
      random: RandomSource(seed: 4))
    var training = TrainingConfiguration.standard(architecture)
    training.epochs = 5
    _ = try Trainer(configuration: training).fit(model, on: data)
    let trained = TrainedNodeClassifier(
      model: model, preparation: data.appliedPreparation, inference: .init(headEnsemble: heads),
      classNames: graph.classNames, provenance: ModelProvenance(role: "model", seed: 4))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graphkd-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("model.h5")
    try trained.save(to: url)
    let loaded = try TrainedNodeClassifier(contentsOf: url)
    #expect(loaded.model.configuration == configuration)
    #expect(loaded.classNames == graph.classNames && loaded.provenance.seed == 4)
    #expect(loaded.preparation == data.appliedPreparation && loaded.inference == trained.inference)
    let before = try trained.predict(on: graph)
    let after = try loaded.predict(on: graph)
    #expect(Self.bits(before.probabilities) == Self.bits(after.probabilities))
    #expect(before.classes == after.classes)
  }

  @Test func everyPipelineModelGivesExactlyItsReportedAccuracyAndTheTeacherItsSoftLabels() throws {
    var graph = try Self.graph()
    var configuration = LabelScarcePipelineTests.quick()
    configuration.teacher = TeacherSettings(architecture: .gat, variant: .standard, epochs: 30)
    let report = try LabelScarcePipeline(configuration: configuration).run(on: graph)
    let run = report.runs[0]
    for (name, split) in report.madeSplits { try graph.setSplit(split, named: name) }
    let test = try #require(graph.splits[run.split]).test
    for model in [run.teacher] + run.students {
      let stored = try #require(report.models[run.seed]?[model.name])
      let trained = try TrainedNodeClassifier(stored: stored, file: "\(model.name).h5")
      #expect(trained.provenance.testAccuracy == model.testAccuracy && trained.provenance.split == run.split)
      let prediction = try trained.predict(on: graph)
      let accuracy = ClassificationMetrics.accuracy(predictions: prediction.classes, labels: graph.labels, rows: test)
      let f1 = ClassificationMetrics.macroF1(
        predictions: prediction.classes, labels: graph.labels, rows: test, classCount: 3)
      #expect(accuracy == model.testAccuracy, "\(model.name)")
      #expect(f1 == model.testMacroF1, "\(model.name)")
      if model.name == "teacher" {
        let soft = try #require(report.softLabels[run.softLabelRun])
        #expect(Self.bits(prediction.probabilities) == Self.bits(soft.probabilities))
        #expect(trained.inference.temperature != nil)
      }
    }
  }

  @Test func aHeadEnsembleTeacherKeepsItsHeadsAndGivesItsSoftLabels() throws {
    let graph = try Self.graph()
    let data = try Self.data(graph)
    var sd = SelfDistillationConfiguration(layerWise: .init(), softLabelSource: .ensemble)
    sd.epochs = 20
    var model = ModelConfiguration.standard(.gcn)
    model.hiddenDimensions = [16, 16]
    let result = try SelfDistillationTrainer(model: model, training: .standard(.gcn), selfDistillation: sd)
      .train(on: data, seed: 2)
    let teacher = try result.trainedTeacher(data: data)
    #expect(teacher.model.auxiliaryHeads.count == 2 && teacher.inference.headEnsemble)
    let prediction = try teacher.predict(on: graph)
    #expect(Self.bits(prediction.probabilities) == Self.bits(result.probabilities))
    let reloaded = try TrainedNodeClassifier(stored: try teacher.stored(), file: "t.h5")
    #expect(Self.bits(try reloaded.predict(on: graph).probabilities) == Self.bits(result.probabilities))
  }

  /// A saved 2-layer GCN's container, to damage.
  static func stored() throws -> (StoredModel, Graph) {
    let graph = try Self.graph()
    let data = try Self.data(graph)
    let model = try NodeClassifier(
      configuration: .standard(.gcn), inputDimension: data.features.dimension, classCount: 3,
      random: RandomSource(seed: 0))
    return (try TrainedNodeClassifier(model: model, preparation: data.appliedPreparation).stored(), graph)
  }

  static func refusal(_ stored: StoredModel) -> GraphDataError? {
    do {
      _ = try TrainedNodeClassifier(stored: stored, file: "bad.h5")
    } catch let error as GraphDataError {
      #expect(error.file == "bad.h5")
      return error
    } catch {
      Issue.record("expected a GraphDataError, got \(error)")
    }
    Issue.record("expected the model to be refused")
    return nil
  }

  @Test func missingMisshapenExtraOrNonFiniteParametersAreNamed() throws {
    let (good, _) = try Self.stored()
    var missing = good
    missing.parameters["layer2/bias"] = nil
    let e1 = Self.refusal(missing)
    #expect(e1?.kind == .missingField && e1?.location == .field("/parameters/layer2/bias"))
    var misshapen = good
    misshapen.parameters["layer1/weight"] = Tensor(zeros: [32, 15])
    let e2 = Self.refusal(misshapen)
    #expect(e2?.kind == .shape && e2?.location == .field("/parameters/layer1/weight"))
    #expect(e2?.expected == "shape [32, 16]")
    var extra = good
    extra.parameters["layer3/weight"] = Tensor(zeros: [2, 2])
    #expect(Self.refusal(extra)?.location == .field("/parameters/layer3/weight"))
    var nan = good
    nan.parameters["layer2/bias"] = try Tensor(shape: [3], scalars: [0, .nan, 0])
    #expect(Self.refusal(nan)?.kind == .nonFinite)
  }

  @Test func aWrongKindConfigurationOrSizeIsNamed() throws {
    let (good, _) = try Self.stored()
    var kind = good
    kind.kind = "matrix_factorization"
    #expect(Self.refusal(kind)?.location == .attribute("/kind"))
    var config = good
    config.configuration = #"{"architecture": "transformer"}"#
    #expect(Self.refusal(config)?.location == .attribute("/config"))
    var size = good
    size.integers["class_count"] = nil
    #expect(Self.refusal(size)?.location == .attribute("/class_count"))
    var names = good
    names.classNames = ["only one"]
    #expect(Self.refusal(names)?.location == .field("/class_names"))
    var inference = good
    inference.documents["inference"] = "not json"
    #expect(Self.refusal(inference)?.location == .attribute("/inference"))
  }

  @Test func sizesTheFileCannotHoldAreRefusedBeforeAnythingIsAllocated() throws {
    let (good, _) = try Self.stored()
    var huge = good
    huge.integers["input_dimension"] = 1 << 30  // 2^30 × 16 floats = 64 GiB if it were built
    let e1 = Self.refusal(huge)
    #expect(e1?.location == .attribute("/config") && e1?.description.contains("1073741824 × 16") == true)
    var wide = good
    wide.configuration =
      #"{"architecture":"gcn","hiddenDimensions":[1000000000],"dropout":0.5,"inputDropout":0.5,"#
      + #""activation":"relu","heads":8,"outputHeads":1,"attentionDropout":0.6,"propagationSteps":10,"#
      + #""teleport":0.1,"auxiliaryHeads":false}"#
    #expect(Self.refusal(wide)?.location == .attribute("/config"))
  }

  @Test func aGraphThatDoesNotFitTheModelIsRefusedNamingTheField() throws {
    let (stored, _) = try Self.stored()
    let model = try TrainedNodeClassifier(stored: stored, file: "gcn.h5")
    // Another feature width.
    let wide = try ContextualStochasticBlockModel(
      nodes: 100, averageDegree: 4, classes: 3, featureDimension: 40, homophily: 0.8, signal: 1
    ).generate(seed: 0)
    do {
      _ = try model.predict(on: wide, file: "wide.h5")
      Issue.record("expected a refusal")
    } catch let error as GraphDataError {
      #expect(error.file == "wide.h5" && error.kind == .shape)
      #expect(error.description.contains("32 features per node (the model's input_dimension)"), "\(error)")
    }
    // Other class names.
    var renamed = try Self.graph()
    renamed = try Graph(
      name: renamed.name, isDirected: false, adjacency: renamed.adjacency, features: renamed.features,
      labels: renamed.labels, classNames: ["x", "y", "z"])
    var named = model
    named.classNames = ["a", "b", "c"]
    do {
      _ = try named.predict(on: renamed, file: "renamed.h5")
      Issue.record("expected a refusal")
    } catch let error as GraphDataError {
      #expect(error.location == .field("/class_names"), "\(error)")
    }
    // More classes than the model knows.
    let many = try ContextualStochasticBlockModel(
      nodes: 100, averageDegree: 4, classes: 5, featureDimension: 32, homophily: 0.8, signal: 1
    ).generate(seed: 0)
    do {
      _ = try model.predict(on: many, file: "many.h5")
      Issue.record("expected a refusal")
    } catch let error as GraphDataError {
      #expect(error.location == .field("/labels") && error.kind == .index, "\(error)")
    }
  }
}
