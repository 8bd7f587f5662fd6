import ArgumentParser
import Foundation
import GraphData
import Recommendation
import Tensors

/// The settings every `graphkd recommend` subcommand shares: the file, the training schedule
/// and the distillation hyperparameters (defaults: the DE-RRD reference code's).
struct RecommendOptions: ParsableArguments {
  @Argument(help: "A recommendation dataset (HDF5 from `graphkd convert interactions`) with valid and test sets.")
  var file: String

  @Option(help: "Teacher embedding dimension.")
  var teacherDimension = 200

  @Option(help: "Student size ratio φ: student dimension = φ · teacher dimension.")
  var phi = 0.1

  @Option(help: "Adam learning rate.")
  var learningRate: Float = 0.001

  @Option(help: "L2 weight decay.")
  var weightDecay: Float = 0.001

  @Option(help: "Mini-batch size.")
  var batchSize = 1024

  @Option(help: "Maximum epochs per model.")
  var maxEpochs = 1000

  @Option(help: "Early-stopping patience (epochs without a better validation hit ratio).")
  var patience = 20

  @Option(help: "Students' Adam learning rate (default: --learning-rate).")
  var studentLearningRate: Float?

  @Option(help: "Students' maximum epochs (default: --max-epochs).")
  var studentMaxEpochs: Int?

  @Option(help: "Students' L2 weight decay (default: --weight-decay).")
  var studentWeightDecay: Float?

  @Option(help: "Adam on the embedding tables: 'dense' (every row, PyTorch's; the reference) or 'lazy' (touched rows).")
  var embeddingUpdate: EmbeddingTable.Update = .dense

  @Option(help: "DE: experts per side M.")
  var experts = 30

  @Option(help: "DE: weight λ_DE.")
  var lambdaDE: Float = 0.01

  @Option(help: "RRD: interesting items per user K.")
  var interesting = 40

  @Option(help: "RRD: uninteresting items per user L.")
  var uninteresting = 40

  @Option(help: "RRD: weight λ_RRD.")
  var lambdaRRD: Float = 0.001

  @Option(help: "RRD: rank temperature T of the interesting-item sampling.")
  var rankTemperature = 10.0

  @Option(help: "RRD: interesting items 'sampled' (paper) or 'top-k' (exactly the teacher's top K).")
  var rrdInteresting: RelaxedRankingDistillation.Interesting = .sampled

  @Option(help: "Item-side RRD (IR): interesting users per item.")
  var itemInteresting = RecommenderDistillation.itemRankingDefaults.interestingCount

  @Option(help: "Item-side RRD (IR): uninteresting users per item.")
  var itemUninteresting = RecommenderDistillation.itemRankingDefaults.uninterestingCount

  @Option(help: "Item-side RRD (IR): weight λ_IR.")
  var lambdaIR = RecommenderDistillation.itemRankingDefaults.weight

  @Option(help: "Item-side RRD (IR): length of each item's teacher top list of users.")
  var itemTopListLength = RecommenderDistillation.itemRankingDefaults.topListLength

  @Option(help: "Threads for GraphKD's kernels and OpenBLAS (default: all cores).")
  var threads: Int?

  @Flag(
    help:
      "Reuse the seed's teacher (embeddings and top lists) stored in the dataset file when its settings match; otherwise train it and store it there."
  )
  var cacheTeacher = false

  func check() throws {
    guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file.") }
    guard teacherDimension >= 1, phi > 0, phi <= 1, studentDimension >= 1 else {
      throw ValidationError("--teacher-dimension must be ≥ 1 and --phi in (0, 1] (student dimension ≥ 1).")
    }
    guard learningRate > 0, weightDecay >= 0, batchSize >= 1, maxEpochs >= 1, patience >= 1 else {
      throw ValidationError(
        "--learning-rate must be > 0, --weight-decay ≥ 0, --batch-size, --max-epochs and --patience ≥ 1.")
    }
    guard experts >= 1, lambdaDE >= 0, interesting >= 1, uninteresting >= 1, lambdaRRD >= 0, rankTemperature > 0 else {
      throw ValidationError(
        "--experts, --interesting and --uninteresting must be ≥ 1, the λ's ≥ 0 and --rank-temperature > 0.")
    }
    guard itemInteresting >= 1, itemUninteresting >= 1, lambdaIR >= 0, itemTopListLength >= itemInteresting else {
      throw ValidationError(
        "--item-interesting and --item-uninteresting must be ≥ 1, --lambda-ir ≥ 0 and --item-top-list-length ≥ --item-interesting."
      )
    }
    if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1.") }
    if let studentLearningRate, studentLearningRate <= 0 {
      throw ValidationError("--student-learning-rate must be > 0.")
    }
    if let studentMaxEpochs, studentMaxEpochs < 1 { throw ValidationError("--student-max-epochs must be ≥ 1.") }
    if let studentWeightDecay, !(studentWeightDecay >= 0) {
      throw ValidationError("--student-weight-decay must be ≥ 0.")
    }
  }

  var studentDimension: Int { Int((Double(teacherDimension) * phi).rounded()) }

  func training(dimension: Int) -> RecommenderTraining {
    RecommenderTraining(
      dimension: dimension, learningRate: learningRate, weightDecay: weightDecay, batchSize: batchSize,
      maxEpochs: maxEpochs, patience: patience, embeddingUpdate: embeddingUpdate)
  }

  /// The students' settings: ``training(dimension:)`` at the student dimension with the
  /// student learning rate, epoch limit and weight decay when given.
  var studentTraining: RecommenderTraining {
    var t = training(dimension: studentDimension)
    if let studentLearningRate { t.learningRate = studentLearningRate }
    if let studentMaxEpochs { t.maxEpochs = studentMaxEpochs }
    if let studentWeightDecay { t.weightDecay = studentWeightDecay }
    return t
  }

  var expertSettings: RecommenderDistillation.Experts { .init(count: experts, weight: lambdaDE) }

  var rankingSettings: RecommenderDistillation.Ranking {
    .init(
      interestingCount: interesting, uninterestingCount: uninteresting, rankTemperature: rankTemperature,
      weight: lambdaRRD, interesting: rrdInteresting)
  }

  var itemRankingSettings: RecommenderDistillation.Ranking {
    var settings = RecommenderDistillation.itemRankingDefaults
    settings.interestingCount = itemInteresting
    settings.uninterestingCount = itemUninteresting
    settings.weight = lambdaIR
    settings.topListLength = itemTopListLength
    return settings
  }

  func applyThreads() {
    if let threads { Parallelism.threadCount = threads }
  }

  /// Prints `line` and flushes it at once, so a long run redirected to a file or a pipe shows
  /// its progress as it goes (stdout is block-buffered there).
  static func printNow(_ line: String) {
    print(line)
    fflush(nil)  // every C stream: `stdout` itself is not concurrency-safe to name
  }

  /// The per-epoch log of `--verbose`: ``printNow(_:)``, or a no-op without `--verbose`.
  static func epochLog(verbose: Bool) -> (String) -> Void {
    guard verbose else { return { _ in } }
    return { printNow($0) }
  }

  func loadData() throws -> RecommendationData {
    let url = URL(fileURLWithPath: file)
    return try RecommendationData(graph: HDF5GraphStore.read(from: url), file: url.lastPathComponent)
  }
}

extension RelaxedRankingDistillation.Interesting: ExpressibleByArgument {}

extension EmbeddingTable.Update: ExpressibleByArgument {}

/// One trained model's numbers in a report.
struct ModelReport: Codable {
  var seed: UInt64
  var method: String
  var dimension: Int
  var parameters: Int
  var valid: [String: Double]
  var test: [String: Double]
  var fullRanking: [String: Double]
  var bestEpoch: Int
  var epochs: Int
  var secondsPerEpoch: Double
  var totalSeconds: Double

  init(
    seed: UInt64, method: String, outcome: RecommenderTrainer.Outcome, full: FullRankingEvaluator.Result
  ) {
    self.seed = seed
    self.method = method
    dimension = outcome.model.dimension
    parameters = outcome.parameterCount
    valid = outcome.valid.named
    test = outcome.test.named
    var f: [String: Double] = [:]
    for (k, v) in full.recall { f["Recall@\(k)"] = v }
    for (k, v) in full.ndcg { f["NDCG@\(k)"] = v }
    fullRanking = f
    bestEpoch = outcome.bestEpoch
    epochs = outcome.epochs
    secondsPerEpoch = outcome.secondsPerEpoch
    totalSeconds = outcome.totalSeconds
  }
}

/// The LOO metric names in table order.
let looMetricNames = RankingMetrics.cutoffs.flatMap { ["HR@\($0)", "NDCG@\($0)", "MRR@\($0)"] }

/// A seed's teacher: trained, or with `cache`, reused from (and otherwise stored in) the
/// dataset file as `/recommender_teachers/bpr_d<dim>_seed<seed>` with its top lists.
struct SeedTeacher {
  var outcome: RecommenderTrainer.Outcome
  /// Each user's teacher top-N unobserved items (nil when neither needed nor cached).
  var topLists: [[Int32]]?
  /// Seconds spent computing the top lists (0 when read from the cache or not computed).
  var topListSeconds: Double
  /// Whether the teacher came from the cache.
  var cached: Bool

  init(
    options: RecommendOptions, training: RecommenderTraining, data: RecommendationData,
    evaluator: LeaveOneOutEvaluator, seed: UInt64, needLists: Bool, cache: Bool, log: (String) -> Void
  ) throws {
    let url = URL(fileURLWithPath: options.file)
    let name = "bpr_d\(training.dimension)_seed\(seed)"
    let length = options.rankingSettings.topListLength
    struct CacheKey: Codable {
      var training: RecommenderTraining
      var topListLength: Int
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let config = String(
      decoding: try encoder.encode(CacheKey(training: training, topListLength: length)), as: UTF8.self)
    if cache, let stored = try HDF5GraphStore.readRecommenderTeacher(named: name, from: url),
      stored.configJSON == config, stored.seed == seed
    {
      let model = try MatrixFactorization(userEmbeddings: stored.userEmbeddings, itemEmbeddings: stored.itemEmbeddings)
      outcome = RecommenderTrainer.Outcome(
        evaluating: model, on: evaluator, bestEpoch: Int(stored.metrics["best_epoch"] ?? 0),
        epochs: Int(stored.metrics["epochs"] ?? 0), secondsPerEpoch: stored.metrics["seconds_per_epoch"] ?? 0)
      topLists = stored.topLists
      topListSeconds = 0
      self.cached = true
      log("teacher \(name): read from \(url.lastPathComponent)")
      return
    }
    outcome = try RecommenderTrainer(training: training).train(on: data, evaluator: evaluator, seed: seed, log: log)
    cached = false
    topListSeconds = 0
    topLists = nil
    if needLists || cache {
      let t0 = Date()
      topLists = try RelaxedRankingDistillation.teacherTopLists(outcome.model, data: data, length: length)
      topListSeconds = Date().timeIntervalSince(t0)
    }
    if cache, let topLists {
      try HDF5GraphStore.writeRecommenderTeacher(
        RecommenderTeacher(
          userEmbeddings: outcome.model.users.weights, itemEmbeddings: outcome.model.items.weights,
          topLists: topLists, seed: seed, configJSON: config,
          metrics: [
            "best_epoch": Double(outcome.bestEpoch), "epochs": Double(outcome.epochs),
            "seconds_per_epoch": outcome.secondsPerEpoch,
          ]), named: name, to: url, replacing: true)
      log("teacher \(name): stored in \(url.lastPathComponent)")
    }
  }
}
