import ArgumentParser
import Foundation
import GNN
import GraphData
import GraphKD
import Tensors

/// `graphkd train`: supervised training of one architecture over several seeds.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train a GNN (or MLP) node classifier on a split and report test accuracy over seeds.",
    discussion: """
      Uses each paper's published hyperparameters unless overridden. Prints one line per seed and
      the mean ± standard deviation of test accuracy and macro-F1, and writes a JSON report with
      the configuration, seeds, versions and git commit.

      Example: graphkd train data/cora.h5 --model gat --split public --seeds 10
      """)

  @Argument(help: "The graph file (HDF5, GraphKD schema).")
  var file: String

  @Option(help: "Architecture: \(ModelConfiguration.Architecture.allCases.map(\.rawValue).joined(separator: ", ")).")
  var model: ModelConfiguration.Architecture = .gcn

  @Option(help: "Name of the split in the file (e.g. public, k5_seed0).")
  var split = "public"

  @Option(help: "Number of seeds (runs); seeds are first-seed ..< first-seed + seeds.")
  var seeds = 10

  @Option(help: "The first seed.")
  var firstSeed: UInt64 = 0

  @Option(help: "Hidden layer sizes, comma-separated (e.g. 64 or 64,32).")
  var hidden: IntegerList?

  @Option(help: "Maximum epochs.")
  var epochs: Int?

  @Option(help: "Learning rate.")
  var learningRate: Float?

  @Option(help: "Weight decay.")
  var weightDecay: Float?

  @Option(help: "Dropout probability.")
  var dropout: Float?

  @Option(help: "Early-stopping patience in epochs.")
  var patience: Int?

  @Option(help: "Model selection: validationAccuracy or validationLoss.")
  var monitor: TrainingConfiguration.Monitor?

  @Option(help: "Where to write the JSON report.")
  var out: String?

  @Option(
    help: ArgumentHelp(
      "Save the trained model (HDF5 model file; with several seeds, PATH gets -seed<S> before .h5).",
      valueName: "path"))
  var saveModel: String?

  @Flag(help: "Print only the summary.")
  var quiet = false

  func validate() throws {
    guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1 (try --seeds 10).") }
    try validateModelOutput(saveModel)
    guard FileManager.default.fileExists(atPath: file) else {
      throw ValidationError(
        "\(file): no such file (convert one first, e.g. `graphkd convert npz cora.npz -o cora.h5`).")
    }
  }

  /// The model and training settings after overrides.
  func configurations() throws -> (ModelConfiguration, TrainingConfiguration) {
    var m = ModelConfiguration.standard(model)
    if let hidden { m.hiddenDimensions = hidden.values }
    if let dropout {
      m.dropout = dropout
      m.inputDropout = dropout
    }
    var t = TrainingConfiguration.standard(model)
    if let epochs { t.epochs = epochs }
    if let learningRate { t.learningRate = learningRate }
    if let weightDecay { t.weightDecay = weightDecay }
    if let patience { t.patience = patience }
    if let monitor { t.monitor = monitor }
    try m.validate()
    try t.validate()
    return (m, t)
  }

  func run() throws {
    let (modelConfiguration, trainingConfiguration) = try configurations()
    let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: file))
    let data = try trainingData(graph, split: split, file: file)
    var runs: [TrainReport.SeedResult] = []
    for seed in firstSeed..<(firstSeed + UInt64(seeds)) {
      let classifier = try NodeClassifier(
        configuration: modelConfiguration, inputDimension: data.features.dimension, classCount: data.classCount,
        random: RandomSource(seed: seed))
      let r = try Trainer(configuration: trainingConfiguration).fit(classifier, on: data)
      if let saveModel {
        var provenance = ModelProvenance(
          role: "model", name: model.rawValue, trainedBy: "graphkd train", split: split, seed: seed)
        provenance.record(
          graph: graph, file: file, validationAccuracy: r.validationAccuracy, testAccuracy: r.testAccuracy,
          testMacroF1: r.testMacroF1)
        let path = modelPath(saveModel, seed: seed, seeds: seeds)
        try TrainedNodeClassifier(
          model: classifier, preparation: data.appliedPreparation, classNames: graph.classNames, provenance: provenance
        )
        .save(to: URL(fileURLWithPath: path), overwrite: true)
        if !quiet { print("saved \(path)") }
      }
      let run = TrainReport.SeedResult(
        seed: seed, testAccuracy: r.testAccuracy, testMacroF1: r.testMacroF1, validationAccuracy: r.validationAccuracy,
        bestEpoch: r.bestEpoch, epochs: r.epochsRun, seconds: r.seconds)
      runs.append(run)
      if !quiet {
        print(
          "seed \(seed): test accuracy \(fixed(100 * r.testAccuracy, 1)) %, macro-F1 \(fixed(100 * r.testMacroF1, 1)) %, "
            + "best epoch \(r.bestEpoch)/\(r.epochsRun), \(fixed(Double(r.epochsRun) / r.seconds, 1)) epochs/s")
      }
    }
    let report = TrainReport(
      file: file, split: split, model: modelConfiguration, training: trainingConfiguration,
      parameters: try NodeClassifier(
        configuration: modelConfiguration, inputDimension: data.features.dimension, classCount: data.classCount,
        random: RandomSource(seed: 0)
      ).parameterCount,
      runs: runs, metadata: RunMetadata())
    print(report.summary)
    if let out { try writeJSON(report, to: out) }
  }
}

/// The JSON report of `graphkd train`.
struct TrainReport: Codable {
  /// One seed's outcome.
  struct SeedResult: Codable {
    var seed: UInt64
    var testAccuracy: Double
    var testMacroF1: Double
    var validationAccuracy: Double
    var bestEpoch: Int
    var epochs: Int
    var seconds: Double
  }

  var file: String
  var split: String
  var model: ModelConfiguration
  var training: TrainingConfiguration
  var parameters: Int
  var runs: [SeedResult]
  var metadata: RunMetadata

  var summary: String {
    let acc = meanAndStandardDeviation(runs.map { 100 * $0.testAccuracy })
    let f1 = meanAndStandardDeviation(runs.map { 100 * $0.testMacroF1 })
    let epochs = runs.reduce(0) { $0 + $1.epochs }
    let seconds = runs.reduce(0) { $0 + $1.seconds }
    return """
      \(model.architecture.rawValue) on \(file) (split \(split), \(runs.count) seeds, \(parameters) parameters): \
      test accuracy \(fixed(acc.mean, 1)) ± \(fixed(acc.std, 1)) %, macro-F1 \(fixed(f1.mean, 1)) ± \(fixed(f1.std, 1)) %, \
      \(fixed(Double(epochs) / max(seconds, 1e-9), 1)) epochs/s
      """
  }
}
