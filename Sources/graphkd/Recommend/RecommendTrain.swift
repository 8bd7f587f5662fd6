import ArgumentParser
import Foundation
import GraphKD
import Recommendation

/// `graphkd recommend train`: one BPR-MF model, leave-one-out and full-ranking metrics.
struct RecommendTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a BPR matrix-factorisation model (the teacher by default) and evaluate it.")

  @OptionGroup var options: RecommendOptions

  @Option(help: "Embedding dimension (default: --teacher-dimension).")
  var dimension: Int?

  @Option(help: "Seed (candidates, initialisation, negatives).")
  var seed: UInt64 = 0

  @Flag(help: "Print one line per epoch.")
  var verbose = false

  @Option(help: "Where to write the JSON report.")
  var out: String?

  func validate() throws {
    try options.check()
    if let dimension, dimension < 1 { throw ValidationError("--dimension must be ≥ 1.") }
  }

  func run() throws {
    options.applyThreads()
    let data = try options.loadData()
    let evaluator = try LeaveOneOutEvaluator(data: data, seed: seed)
    let training = options.training(dimension: dimension ?? options.teacherDimension)
    let outcome = try RecommenderTrainer(training: training).train(
      on: data, evaluator: evaluator, seed: seed, log: RecommendOptions.epochLog(verbose: verbose))
    let full = try FullRankingEvaluator.evaluate(outcome.model, data: data)
    let report = ModelReport(seed: seed, method: "BPR-\(training.dimension)", outcome: outcome, full: full)
    var table = TextTable(headers: ["model", "params"] + looMetricNames)
    table.append(
      [report.method, "\(report.parameters)"] + looMetricNames.map { fixed(report.test[$0] ?? 0, 4) })
    print(table.rendered)
    print(
      "best epoch \(outcome.bestEpoch) of \(outcome.epochs), \(fixed(outcome.secondsPerEpoch, 3)) s/epoch; "
        + "full ranking Recall@20 \(fixed(report.fullRanking["Recall@20"] ?? 0, 4))")
    if let out {
      struct Report: Codable {
        var metadata = RunMetadata()
        var file: String
        var training: RecommenderTraining
        var model: ModelReport
      }
      try writeJSON(Report(file: options.file, training: training, model: report), to: out)
    }
  }
}
