import ArgumentParser
import Evaluation
import Foundation
import GNN
import GraphData
import Tensors

/// `graphkd bench train`: training-epoch and inference time and peak memory of GCN and GAT on
/// Cora and on generated graphs, against PyTorch Geometric's figures.
struct BenchTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Time training epochs and full-graph inference of GCN/GAT; report peak memory and the ratio to PyG.",
    discussion: """
      Cora: 200 training epochs (forward + backward + Adam step, no evaluation) with each paper's
      settings, and full-graph inference (median of 30). Generated graphs: a contextual SBM
      (10 classes, homophily 0.8, 128 features) with 100,000 nodes / 1,000,000 undirected edges
      and 1,000,000 nodes / 10,000,000 undirected edges, GCN with 64 hidden units. Peak memory is
      the process's peak resident size (VmHWM, reset before each case), data included.
      PyG figures: torch 2.15 (MKL), PyG 2.8, CPU, 2 threads, same machine kind (from issue #4).
      """)

  @Option(help: "The Cora graph file.")
  var file = "data/cora.h5"

  @Option(help: "Training epochs timed on Cora.")
  var epochs = 200

  @Option(help: "Training epochs timed on the generated graphs (median reported).")
  var largeEpochs = 5

  @Flag(help: "Skip the 1,000,000-node graph.")
  var skipLargest = false

  @Option(help: "Seed.")
  var seed: UInt64 = 0

  func validate() throws {
    guard epochs >= 1, largeEpochs >= 1 else {
      throw ValidationError("--epochs and --large-epochs must be at least 1.")
    }
    guard FileManager.default.fileExists(atPath: file) else {
      throw ValidationError("\(file): no such file (build it with scripts/make-cora-h5, or pass --file).")
    }
  }

  /// One benchmark case; its data is built only when the case runs, so each case's peak
  /// memory holds its own graph and no other.
  struct Case {
    var name: String
    var model: ModelConfiguration
    var training: TrainingConfiguration
    var makeData: () throws -> NodeClassificationData
    var pygEpochSeconds: Double?
    var pygInferenceSeconds: Double?
    var pygPeakBytes: Double?
  }

  func run() throws {
    print("OpenBLAS kernel: \(BLASRuntime.configuration.kernel); threads: \(Parallelism.threadCount)\n")
    var table = TextTable(headers: [
      "graph", "model", "train s (epochs)", "ms / epoch", "PyG ms / epoch", "ratio", "inference ms", "PyG ms", "ratio",
      "peak MB", "PyG MB", "ratio",
    ])
    let path = file
    let cora = {
      try NodeClassificationData(graph: HDF5GraphStore.read(from: URL(fileURLWithPath: path)), splitName: "public")
    }
    var cases = [
      Case(
        name: "Cora", model: .standard(.gcn), training: .standard(.gcn), makeData: cora, pygEpochSeconds: 18.6 / 200,
        pygInferenceSeconds: 0.0024, pygPeakBytes: 1.07e9),
      Case(
        name: "Cora", model: .standard(.gat), training: .standard(.gat), makeData: cora, pygEpochSeconds: 26.5 / 200,
        pygInferenceSeconds: 0.0122, pygPeakBytes: nil),
    ]
    for (nodes, edges) in [(100_000, 1_000_000), (1_000_000, 10_000_000)] where !(skipLargest && nodes > 100_000) {
      let sbm = ContextualStochasticBlockModel(
        nodes: nodes, averageDegree: 2 * Double(edges) / Double(nodes), classes: 10, featureDimension: 128,
        homophily: 0.8)
      let seed = self.seed
      var model = ModelConfiguration.standard(.gcn)
      model.hiddenDimensions = [64]
      var training = TrainingConfiguration.standard(.gcn)
      training.epochs = largeEpochs
      cases.append(
        Case(
          name: "CSBM \(nodes / 1000)k nodes, \(edges / 1000)k edges", model: model, training: training,
          makeData: {
            try NodeClassificationData(
              graph: sbm.generate(seed: seed), splitName: "random", preparation: .init(rowNormalizeFeatures: false))
          },
          pygEpochSeconds: nodes == 100_000 ? 1.21 : nil, pygInferenceSeconds: nodes == 100_000 ? 0.056 : nil,
          pygPeakBytes: nodes == 100_000 ? 1.6e9 : nil))
    }

    for c in cases {
      MemoryProbe.resetPeak()
      let data = try c.makeData()
      let classifier = try NodeClassifier(
        configuration: c.model, inputDimension: data.features.dimension, classCount: data.classCount,
        random: RandomSource(seed: seed))
      let trainer = Trainer(configuration: c.training)
      let optimizer = trainer.makeOptimizer(for: classifier)
      let isCora = c.name == "Cora"
      let epochCount = isCora ? epochs : largeEpochs
      var epochTimes: [Double] = []
      for epoch in 1...epochCount {
        epochTimes.append(
          try Stopwatch.seconds {
            _ = try trainer.trainingStep(classifier, on: data, optimizer: optimizer, epoch: epoch)
          })
      }
      let total = epochTimes.reduce(0, +)
      let perEpoch = isCora ? total / Double(epochCount) : epochTimes.sorted()[epochCount / 2]
      classifier.isTraining = false
      let inference = try Stopwatch.median(repetitions: isCora ? 30 : 20, warmup: 1) {
        _ = try withoutGradients { try classifier(data.features, graph: data.graph) }
      }
      let peak = Double(MemoryProbe.peakBytes)
      func ratio(_ ours: Double, _ theirs: Double?) -> String { theirs.map { fixed(ours / $0, 3) } ?? "" }
      table.append([
        c.name, c.model.architecture.rawValue, "\(fixed(total, 2)) (\(epochCount))", fixed(perEpoch * 1e3, 2),
        c.pygEpochSeconds.map { fixed($0 * 1e3, 1) } ?? "", ratio(perEpoch, c.pygEpochSeconds),
        fixed(inference * 1e3, 2),
        c.pygInferenceSeconds.map { fixed($0 * 1e3, 1) } ?? "", ratio(inference, c.pygInferenceSeconds),
        fixed(peak / 1e6, 0), c.pygPeakBytes.map { fixed($0 / 1e6, 0) } ?? "", ratio(peak, c.pygPeakBytes),
      ])
    }
    print(table.rendered)
  }
}
