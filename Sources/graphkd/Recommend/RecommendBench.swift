import ArgumentParser
import Foundation
import GraphKD
import Recommendation
import Tensors

/// `graphkd recommend bench`: parameters, training time per epoch, and the time to score all
/// users × all items and keep each user's top 20, multi-threaded against a single-threaded loop;
/// also the time of the teacher's item-side lists (each item's top N users, for `--method *-ir`).
struct RecommendBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Cost of the teacher and the student: parameters, s/epoch, all-users top-20 time.")

  @OptionGroup var options: RecommendOptions

  @Option(help: "Training epochs timed per model.")
  var epochs = 2

  @Option(help: "Where to write the JSON report.")
  var out: String?

  func validate() throws {
    try options.check()
    guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1.") }
  }

  struct Row: Codable {
    var model: String
    var dimension: Int
    var parameters: Int
    var secondsPerEpoch: Double
    var top20MultiThreadedSeconds: Double
    var top20OneThreadGEMMSeconds: Double
    var top20NaiveLoopSeconds: Double
    var threads: Int
  }

  func run() throws {
    options.applyThreads()
    let data = try options.loadData()
    let evaluator = try LeaveOneOutEvaluator(data: data, seed: 0)
    var rows: [Row] = []
    var itemListSeconds = 0.0
    for (name, dimension) in [("teacher", options.teacherDimension), ("student", options.studentDimension)] {
      var training = options.training(dimension: dimension)
      training.maxEpochs = epochs
      training.patience = epochs + 1
      let outcome = try RecommenderTrainer(training: training).train(on: data, evaluator: evaluator, seed: 0)
      let exclude: (Int, Int32) -> Bool = { u, i in data.isObserved(user: u, item: i) }
      let threads = Parallelism.threadCount
      var multi: [[Int32]] = []
      let tMulti = try Stopwatch.median(repetitions: 3) {
        multi = try TopKRanking.topK(outcome.model, k: 20, excluding: exclude, threads: threads)
      }
      var single: [[Int32]] = []
      let tSingle = try Stopwatch.median(repetitions: 3) {
        single = try TopKRanking.topK(outcome.model, k: 20, excluding: exclude, threads: 1)
      }
      var naive: [[Int32]] = []
      let tNaive = Stopwatch.seconds { naive = TopKRanking.naiveTopK(outcome.model, k: 20, excluding: exclude) }
      if name == "teacher" {
        let length = options.itemRankingSettings.topListLength
        itemListSeconds = try Stopwatch.median(repetitions: 3) {
          _ = try RelaxedRankingDistillation.teacherTopLists(outcome.model, data: data, length: length, side: .items)
        }
        print(
          "teacher: each item's top-\(length) users (\(data.itemCount) items × \(data.userCount) users, "
            + "\(threads) threads): \(fixed(itemListSeconds, 3)) s")
      }
      let agree = zip(multi, naive).filter { $0 == $1 }.count
      print(
        "\(name): top-20 lists equal to the naive loop's for \(agree)/\(multi.count) users "
          + "(GEMM 1 thread: \(zip(single, naive).filter { $0 == $1 }.count))")
      rows.append(
        Row(
          model: name, dimension: dimension, parameters: outcome.model.parameterCount,
          secondsPerEpoch: outcome.secondsPerEpoch, top20MultiThreadedSeconds: tMulti,
          top20OneThreadGEMMSeconds: tSingle, top20NaiveLoopSeconds: tNaive, threads: threads))
    }
    var table = TextTable(headers: [
      "model", "dim", "parameters", "s/epoch", "top-20 all users (\(Parallelism.threadCount) threads)",
      "1 thread GEMM", "1 thread loop",
    ])
    for r in rows {
      table.append([
        r.model, "\(r.dimension)", "\(r.parameters)", fixed(r.secondsPerEpoch, 3),
        "\(fixed(r.top20MultiThreadedSeconds, 3)) s", "\(fixed(r.top20OneThreadGEMMSeconds, 3)) s",
        "\(fixed(r.top20NaiveLoopSeconds, 3)) s",
      ])
    }
    print(table.rendered)
    if let out {
      struct Report: Codable {
        var metadata = RunMetadata()
        var file: String
        var rows: [Row]
        var teacherItemTopListLength: Int
        var teacherItemTopListSeconds: Double
      }
      try writeJSON(
        Report(
          file: options.file, rows: rows, teacherItemTopListLength: options.itemRankingSettings.topListLength,
          teacherItemTopListSeconds: itemListSeconds), to: out)
    }
  }
}
