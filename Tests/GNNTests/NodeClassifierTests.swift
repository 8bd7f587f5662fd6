import GNN
import Tensors
import Testing

/// Models built from configurations, the trainer, and the errors raised before training.
@Suite struct NodeClassifierTests {
  /// A planted-partition graph: 3 communities of 40 nodes, dense inside, sparse across, with
  /// noisy features that only weakly indicate the community (so the graph matters).
  static func plantedPartition(seed: UInt64) throws -> NodeClassificationData {
    var g = Xoshiro256StarStar(seed: seed)
    let (n, c, f) = (120, 3, 10)
    let labels = (0..<n).map { $0 % c }
    var rows: [Int32] = []
    var cols: [Int32] = []
    for i in 0..<n {
      for j in (i + 1)..<n {
        let p: Float = labels[i] == labels[j] ? 0.15 : 0.01
        if g.nextFloat() < p {
          rows += [Int32(i), Int32(j)]
          cols += [Int32(j), Int32(i)]
        }
      }
    }
    let adjacency = try CSRMatrix(rowCount: n, columnCount: n, rows: rows, columns: cols, values: nil)
    var x = Tensor(zeros: [n, f])
    for i in 0..<n {
      for j in 0..<f { x[i, j] = 0.6 * g.nextNormal() + (j % c == labels[i] ? 0.5 : 0) }
    }
    let ids = Array(0..<n)
    return try NodeClassificationData(
      features: .dense(Variable(x)), labels: labels, graph: GraphStructure(adjacency: adjacency), classCount: c,
      trainNodes: ids.filter { $0 < 15 }, validationNodes: ids.filter { $0 >= 15 && $0 < 45 },
      testNodes: ids.filter { $0 >= 45 })
  }

  @Test(arguments: ModelConfiguration.Architecture.allCases)
  func everyArchitectureTrainsAndBeatsChanceUsingTheGraph(architecture: ModelConfiguration.Architecture) throws {
    let data = try Self.plantedPartition(seed: 1)
    let model = try NodeClassifier(
      configuration: .standard(architecture), inputDimension: 10, classCount: 3, random: RandomSource(seed: 2))
    var config = TrainingConfiguration.standard(architecture)
    config.epochs = min(config.epochs, 150)
    let result = try Trainer(configuration: config).fit(model, on: data)
    #expect(result.testAccuracy > (architecture == .mlp ? 0.45 : 0.8), "\(architecture): \(result.testAccuracy)")
    #expect(result.bestEpoch >= 1 && result.epochsRun <= config.epochs)
  }

  @Test func sameSeedGivesIdenticalTraining() throws {
    func run(_ seed: UInt64) throws -> [Float] {
      let data = try Self.plantedPartition(seed: 1)
      let model = try NodeClassifier(
        configuration: .standard(.gat), inputDimension: 10, classCount: 3, random: RandomSource(seed: seed))
      let r = try Trainer(configuration: TrainingConfiguration(epochs: 20)).fit(model, on: data)
      return r.history.map(\.trainLoss)
    }
    let a = try run(3)
    #expect(a.map(\.bitPattern) == (try run(3)).map(\.bitPattern))
    #expect(a != (try run(4)))
  }

  @Test func earlyStoppingRestoresTheBestEpoch() throws {
    let data = try Self.plantedPartition(seed: 1)
    let model = try NodeClassifier(
      configuration: .standard(.gcn), inputDimension: 10, classCount: 3, random: RandomSource(seed: 5))
    let result = try Trainer(configuration: TrainingConfiguration(epochs: 400, patience: 20)).fit(model, on: data)
    #expect(result.epochsRun == result.bestEpoch + 20 || result.epochsRun == 400)
    let (_, valAccuracy) = try Trainer(configuration: TrainingConfiguration()).evaluate(
      model, on: data, rows: data.validationNodes)
    #expect(valAccuracy == result.validationAccuracy)
  }

  @Test func auxiliaryHeadsExposeEveryHiddenLayer() throws {
    var config = ModelConfiguration.standard(.gcn)
    config.hiddenDimensions = [16, 8]
    config.auxiliaryHeads = true
    let model = try NodeClassifier(
      configuration: config, inputDimension: 10, classCount: 3, random: RandomSource(seed: 6))
    let data = try Self.plantedPartition(seed: 1)
    let out = try model.forward(data.features, graph: data.graph)
    #expect(out.hidden.map(\.shape) == [[120, 16], [120, 8]])
    #expect(out.auxiliaryLogits.map(\.shape) == [[120, 3], [120, 3]])
    #expect(out.logits.shape == [120, 3])
    let groups = model.parameterGroups(weightDecay: 5e-4, scope: .firstLayer)
    #expect(groups[0].parameters.count == 2 && groups[0].weightDecay == 5e-4)
    #expect(groups[1].weightDecay == 0 && groups[1].parameters.count == model.parameters.count - 2)
  }

  @Test func badConfigurationIsRefusedBeforeTraining() throws {
    var zero = ModelConfiguration.standard(.gcn)
    zero.hiddenDimensions = [0]
    let e1 = #expect(throws: ConfigurationError.self) {
      try NodeClassifier(configuration: zero, inputDimension: 10, classCount: 3, random: RandomSource(seed: 0))
    }
    #expect(e1?.description == "configuration 'hiddenDimensions[0]': expected a positive hidden size, but got 0")

    let data = try Self.plantedPartition(seed: 1)
    let unlabelled = data.labels.map { _ in -1 }
    let e2 = #expect(throws: ConfigurationError.self) {
      try NodeClassificationData(
        features: data.features, labels: unlabelled, graph: data.graph, classCount: 3, trainNodes: data.trainNodes,
        validationNodes: data.validationNodes, testNodes: data.testNodes)
    }
    #expect(e2?.description.contains("all 15 training nodes have label -1") == true)
    #expect(throws: ConfigurationError.self) {
      try NodeClassificationData(
        features: data.features, labels: data.labels, graph: data.graph, classCount: 3, trainNodes: [],
        validationNodes: [], testNodes: [])
    }
    #expect(throws: ConfigurationError.self) { try TrainingConfiguration(epochs: 0).validate() }
  }
}

@Suite struct ClassificationMetricsTests {
  @Test func accuracyAndMacroF1MatchHandComputedValues() throws {
    // labels 0 0 1 1 2, predictions 0 1 1 1 0: class F1 = 2/4, 4/5, 0 → macro 0.4333
    let labels = [0, 0, 1, 1, 2]
    let predictions = [0, 1, 1, 1, 0]
    let rows = Array(0..<5)
    #expect(ClassificationMetrics.accuracy(predictions: predictions, labels: labels, rows: rows) == 0.6)
    let f1 = ClassificationMetrics.macroF1(predictions: predictions, labels: labels, rows: rows, classCount: 3)
    #expect(abs(f1 - (0.5 + 0.8 + 0) / 3) < 1e-12)
    #expect(ClassificationMetrics.predictions(try Tensor(rows: [[0, 2, 1], [5, 5, 1]])) == [1, 0])
  }

  /// Accuracy straight from logits (only the listed rows' argmax) equals accuracy of the
  /// predictions, ties included (the first largest wins in both).
  @Test func accuracyFromLogitsEqualsAccuracyOfPredictions() throws {
    let logits = try Tensor(rows: [[0, 2, 1], [5, 5, 1], [1, 1, 1], [0, 0, 3], [2, 1, 0]])
    let labels = [1, 1, 0, 2, 0]
    for rows in [[0, 1, 2, 3, 4], [1, 2], [4, 0, 4], []] {
      #expect(
        ClassificationMetrics.accuracy(logits: logits, labels: labels, rows: rows)
          == ClassificationMetrics.accuracy(
            predictions: ClassificationMetrics.predictions(logits), labels: labels, rows: rows), "\(rows)")
    }
    #expect(ClassificationMetrics.accuracy(logits: logits, labels: labels, rows: [0, 1, 2, 3, 4]) == 0.8)
  }
}
