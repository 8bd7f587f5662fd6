import ArgumentParser
import Foundation
import GraphKD
import Recommendation
import Tensors

/// `graphkd recommend evaluate`: the DE-RRD table — teacher, student alone, DE, RRD, DE+RRD —
/// over several seeds, mean ± std, with one JSON report.
struct RecommendEvaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "The DE-RRD table: teacher, student, DE, RRD and DE+RRD over seeds (HR/NDCG/MRR @5/10/20).",
    discussion: """
      Per seed: fixed leave-one-out candidates, the teacher, its top lists (computed once), then the four \
      students. --quick: 2 seeds (unless --seeds is given), at most 15 epochs per model, patience 5.
      """)

  @OptionGroup var options: RecommendOptions

  @Option(help: "Number of seeds (first-seed ..< first-seed + n).")
  var seeds: Int?

  @Option(help: "The first seed (to spread the seeds of one table over several runs).")
  var firstSeed: UInt64 = 0

  @Option(help: "Methods, comma-separated: student, de, rrd, de-rrd, rrd-ir, de-rrd-ir.")
  var methods = "student,de,rrd,de-rrd"

  @Flag(help: "A few-minute run: 2 seeds, ≤ 15 epochs per model, patience 5.")
  var quick = false

  @Flag(help: "Print one line per epoch.")
  var verbose = false

  @Option(help: "Where to write the JSON report.")
  var out: String?

  func validate() throws {
    try options.check()
    if let seeds, seeds < 1 { throw ValidationError("--seeds must be ≥ 1.") }
    for m in methods.split(separator: ",") where RecommendDistill.Method(rawValue: String(m)) == nil {
      throw ValidationError("--methods: unknown method '\(m)' (\(RecommendDistill.Method.names)).")
    }
  }

  struct Summary: Codable {
    var mean: [String: Double]
    var std: [String: Double]
    var fullRankingMean: [String: Double]
    var fullRankingStd: [String: Double]
    var parameters: Int
    var secondsPerEpochMean: Double
    var epochsMean: Double
  }

  struct Report: Codable {
    var metadata = RunMetadata()
    var file: String
    var users: Int
    var items: Int
    var trainInteractions: Int
    var seeds: [UInt64]
    var quick: Bool
    var teacherTraining: RecommenderTraining
    var studentTraining: RecommenderTraining
    var experts: RecommenderDistillation.Experts
    var ranking: RecommenderDistillation.Ranking
    var itemRanking: RecommenderDistillation.Ranking
    var methods: [String]
    var perSeed: [ModelReport]
    var summary: [String: Summary]
    var teacherTopListSeconds: [Double]
    var totalSeconds: Double
    /// One entry per trained model in the shape scripts/reproduce/derrd.py renders.
    var runs: [Run]
  }

  /// A model's numbers for the notebook renderer: `method` is "<dataset> · <method>" so that
  /// reports of several datasets can share one table; `metrics` holds the leave-one-out test
  /// metrics and the full-ranking ones as "full Recall@K" and "full NDCG@K".
  struct Run: Codable {
    var method: String
    var role: String
    var seed: UInt64
    var parameters: Int
    var secondsPerEpoch: Double
    var epochs: Int
    var metrics: [String: Double]

    init(_ r: ModelReport, dataset: String) {
      method = "\(dataset) · \(r.method)"
      role = r.method == "teacher" ? "teacher" : "student"
      seed = r.seed
      parameters = r.parameters
      secondsPerEpoch = r.secondsPerEpoch
      epochs = r.epochs
      metrics = r.test
      for (k, v) in r.fullRanking { metrics["full \(k)"] = v }
    }
  }

  func run() throws {
    options.applyThreads()
    let start = Date()
    let data = try options.loadData()
    var opts = options
    if quick {
      opts.maxEpochs = min(opts.maxEpochs, 15)
      opts.studentMaxEpochs = min(opts.studentMaxEpochs ?? 15, 15)
      opts.patience = min(opts.patience, 5)
    }
    let seedCount = seeds ?? (quick ? 2 : 5)
    let chosen = methods.split(separator: ",").compactMap { RecommendDistill.Method(rawValue: String($0)) }
    let log = RecommendOptions.epochLog(verbose: verbose)
    var perSeed: [ModelReport] = []
    var topListSeconds: [Double] = []
    for s in 0..<seedCount {
      let seed = firstSeed + UInt64(s)
      let evaluator = try LeaveOneOutEvaluator(data: data, seed: seed)
      let seedTeacher = try SeedTeacher(
        options: opts, training: opts.training(dimension: opts.teacherDimension), data: data, evaluator: evaluator,
        seed: seed, needLists: chosen.contains { $0.distillation(opts).ranking != nil }, cache: opts.cacheTeacher,
        log: log)
      let teacher = seedTeacher.outcome
      let lists = seedTeacher.topLists
      var itemLists: [[Int32]]?
      if chosen.contains(where: { $0.distillation(opts).itemRanking != nil }) {
        itemLists = try RelaxedRankingDistillation.teacherTopLists(
          teacher.model, data: data, length: opts.itemRankingSettings.topListLength, side: .items)
      }
      if seedTeacher.topListSeconds > 0 { topListSeconds.append(seedTeacher.topListSeconds) }
      perSeed.append(
        ModelReport(
          seed: seed, method: "teacher", outcome: teacher,
          full: try FullRankingEvaluator.evaluate(teacher.model, data: data)))
      RecommendOptions.printNow(progress(perSeed.last!) + (seedTeacher.cached ? " (cached)" : ""))
      if let out {
        try report(
          perSeed, seedCount: seedCount, chosen: chosen, data: data, opts: opts, start: start,
          topListSeconds: topListSeconds, to: out)
      }
      for method in chosen {
        let distillation = method.distillation(opts)
        let student = try RecommenderTrainer(
          training: opts.studentTraining, distillation: distillation
        ).train(
          on: data, evaluator: evaluator, seed: seed, teacher: teacher.model,
          teacherTopLists: distillation.ranking != nil ? lists : nil,
          teacherItemTopLists: distillation.itemRanking != nil ? itemLists : nil, log: log)
        perSeed.append(
          ModelReport(
            seed: seed, method: distillation.methodName, outcome: student,
            full: try FullRankingEvaluator.evaluate(student.model, data: data)))
        RecommendOptions.printNow(progress(perSeed.last!))
        // The report so far, so that a long run leaves its finished models behind.
        if let out {
          try report(
            perSeed, seedCount: seedCount, chosen: chosen, data: data, opts: opts, start: start,
            topListSeconds: topListSeconds, to: out)
        }
      }
    }
    let order = ["teacher"] + chosen.map { $0.distillation(opts).methodName }
    let summary = Self.summarize(perSeed, order: order)
    var table = TextTable(headers: ["method", "params"] + looMetricNames)
    for name in order {
      guard let s = summary[name] else { continue }
      table.append(
        [name, "\(s.parameters)"]
          + looMetricNames.map { "\(fixed(s.mean[$0] ?? 0, 4)) ± \(fixed(s.std[$0] ?? 0, 4))" })
    }
    print("\nTest, leave-one-out (499 sampled negatives), \(seedCount) seed(s), mean ± std:")
    print(table.rendered)
    var fullTable = TextTable(headers: [
      "method", "Recall@10", "NDCG@10", "Recall@20", "NDCG@20", "Recall@50", "NDCG@50",
    ])
    for name in order {
      guard let s = summary[name] else { continue }
      fullTable.append(
        [name]
          + ["Recall@10", "NDCG@10", "Recall@20", "NDCG@20", "Recall@50", "NDCG@50"].map {
            "\(fixed(s.fullRankingMean[$0] ?? 0, 4)) ± \(fixed(s.fullRankingStd[$0] ?? 0, 4))"
          })
    }
    print("\nTest, full ranking (all items but the observed and validation ones):")
    print(fullTable.rendered)
    if let t = summary["teacher"]?.mean["HR@5"], t > 0 {
      for name in order.dropFirst() {
        if let h = summary[name]?.mean["HR@5"] { print("\(name): \(fixed(100 * h / t, 1)) % of the teacher's HR@5") }
      }
    }
    if let out {
      try report(
        perSeed, seedCount: seedCount, chosen: chosen, data: data, opts: opts, start: start,
        topListSeconds: topListSeconds, to: out)
    }
  }

  /// Mean ± std per method over the seeds run so far.
  static func summarize(_ perSeed: [ModelReport], order: [String]) -> [String: Summary] {
    var summary: [String: Summary] = [:]
    for name in order {
      let runs = perSeed.filter { $0.method == name }
      guard !runs.isEmpty else { continue }
      func stats(_ values: [[String: Double]]) -> ([String: Double], [String: Double]) {
        var mean: [String: Double] = [:]
        var std: [String: Double] = [:]
        for key in values.first?.keys.sorted() ?? [] {
          let (m, s) = meanAndStandardDeviation(values.map { $0[key] ?? 0 })
          mean[key] = m
          std[key] = s
        }
        return (mean, std)
      }
      let (m, s) = stats(runs.map(\.test))
      let (fm, fs) = stats(runs.map(\.fullRanking))
      summary[name] = Summary(
        mean: m, std: s, fullRankingMean: fm, fullRankingStd: fs, parameters: runs.first?.parameters ?? 0,
        secondsPerEpochMean: meanAndStandardDeviation(runs.map(\.secondsPerEpoch)).mean,
        epochsMean: meanAndStandardDeviation(runs.map { Double($0.epochs) }).mean)
    }
    return summary
  }

  /// Writes the JSON report of the models trained so far (rewritten after every model).
  private func report(
    _ perSeed: [ModelReport], seedCount: Int, chosen: [RecommendDistill.Method], data: RecommendationData,
    opts: RecommendOptions, start: Date, topListSeconds: [Double], to out: String
  ) throws {
    let order = ["teacher"] + chosen.map { $0.distillation(opts).methodName }
    let report = Report(
      file: options.file, users: data.userCount, items: data.itemCount, trainInteractions: data.interactionCount,
      seeds: (0..<seedCount).map { firstSeed + UInt64($0) }, quick: quick,
      teacherTraining: opts.training(dimension: opts.teacherDimension),
      studentTraining: opts.studentTraining, experts: opts.expertSettings,
      ranking: opts.rankingSettings, itemRanking: opts.itemRankingSettings, methods: order, perSeed: perSeed,
      summary: Self.summarize(perSeed, order: order),
      teacherTopListSeconds: topListSeconds, totalSeconds: Date().timeIntervalSince(start),
      runs: perSeed.map {
        Run($0, dataset: URL(fileURLWithPath: options.file).deletingPathExtension().lastPathComponent)
      })
    try writeJSON(report, to: out)
  }

  private func progress(_ r: ModelReport) -> String {
    "seed \(r.seed) \(r.method): test HR@5 \(fixed(r.test["HR@5"] ?? 0, 4)) NDCG@5 \(fixed(r.test["NDCG@5"] ?? 0, 4)), "
      + "best epoch \(r.bestEpoch)/\(r.epochs), \(fixed(r.secondsPerEpoch, 2)) s/epoch"
  }
}
