import ArgumentParser
import Foundation
import GraphKD
import Recommendation

/// `graphkd recommend distill`: a teacher, then one student with DE, RRD, both or neither.
struct RecommendDistill: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "distill",
    abstract: "Train the teacher, then distil it into a φ-sized student with DE, RRD or DE+RRD.")

  enum Method: String, ExpressibleByArgument, CaseIterable {
    case student, de, rrd
    case derrd = "de-rrd"
    /// RRD with the item-side term (IR-RRD).
    case rrdir = "rrd-ir"
    /// DE + RRD with the item-side term.
    case derrdir = "de-rrd-ir"

    func distillation(_ options: RecommendOptions) -> RecommenderDistillation {
      switch self {
      case .student: .init()
      case .de: .init(experts: options.expertSettings)
      case .rrd: .init(ranking: options.rankingSettings)
      case .derrd: .init(experts: options.expertSettings, ranking: options.rankingSettings)
      case .rrdir: .init(ranking: options.rankingSettings, itemRanking: options.itemRankingSettings)
      case .derrdir:
        .init(
          experts: options.expertSettings, ranking: options.rankingSettings,
          itemRanking: options.itemRankingSettings)
      }
    }

    /// The names the CLI accepts, for messages.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
  }

  @OptionGroup var options: RecommendOptions

  @Option(help: "student (alone), de, rrd, de-rrd, or rrd-ir / de-rrd-ir (with the item-side term of IR-RRD).")
  var method: Method = .derrd

  @Option(help: "Seed.")
  var seed: UInt64 = 0

  @Flag(help: "Print one line per epoch.")
  var verbose = false

  @Option(help: "Where to write the JSON report.")
  var out: String?

  @Option(help: ArgumentHelp("Save the trained student (HDF5 model file).", valueName: "path"))
  var saveModel: String?

  @Option(help: ArgumentHelp("Save the teacher (HDF5 model file).", valueName: "path"))
  var saveTeacher: String?

  func validate() throws {
    try options.check()
    try validateModelOutput(saveModel)
    try validateModelOutput(saveTeacher)
  }

  func run() throws {
    options.applyThreads()
    let data = try options.loadData()
    let evaluator = try LeaveOneOutEvaluator(data: data, seed: seed)
    let log = RecommendOptions.epochLog(verbose: verbose)
    let distillation = method.distillation(options)
    let seedTeacher = try SeedTeacher(
      options: options, training: options.training(dimension: options.teacherDimension), data: data,
      evaluator: evaluator, seed: seed, needLists: distillation.ranking != nil, cache: options.cacheTeacher, log: log)
    let teacher = seedTeacher.outcome
    let lists = distillation.ranking != nil ? seedTeacher.topLists : nil
    let itemLists = try distillation.itemRanking.map {
      try RelaxedRankingDistillation.teacherTopLists(teacher.model, data: data, length: $0.topListLength, side: .items)
    }
    let student = try RecommenderTrainer(
      training: options.studentTraining, distillation: distillation
    ).train(
      on: data, evaluator: evaluator, seed: seed, teacher: teacher.model, teacherTopLists: lists,
      teacherItemTopLists: itemLists, log: log)
    let reports = [
      ModelReport(
        seed: seed, method: "teacher", outcome: teacher,
        full: try FullRankingEvaluator.evaluate(teacher.model, data: data)),
      ModelReport(
        seed: seed, method: distillation.methodName, outcome: student,
        full: try FullRankingEvaluator.evaluate(student.model, data: data)),
    ]
    for (path, role, method, report) in [
      (saveTeacher, "teacher", "teacher", reports[0]), (saveModel, "student", distillation.methodName, reports[1]),
    ] {
      guard let path else { continue }
      var provenance = ModelProvenance(role: role, name: method, trainedBy: "graphkd recommend distill", seed: seed)
      provenance.graphFile = options.file
      provenance.metrics = Dictionary(
        uniqueKeysWithValues: report.valid.map { ("valid \($0.key)", $0.value) }
          + report.test.map { ("test \($0.key)", $0.value) })
      provenance.objective = role == "student" ? method : nil
      let metadata = RunMetadata()
      provenance.graphkdVersion = metadata.graphkdVersion
      provenance.gitCommit = metadata.gitCommit
      provenance.created = metadata.created
      let model = role == "teacher" ? teacher.model : student.model
      try TrainedRecommender(model: model, provenance: provenance).save(to: URL(fileURLWithPath: path), overwrite: true)
    }
    var table = TextTable(headers: ["model", "params"] + looMetricNames)
    for r in reports {
      table.append([r.method, "\(r.parameters)"] + looMetricNames.map { fixed(r.test[$0] ?? 0, 4) })
    }
    print(table.rendered)
    if let out {
      struct Report: Codable {
        var metadata = RunMetadata()
        var file: String
        var models: [ModelReport]
      }
      try writeJSON(Report(file: options.file, models: reports), to: out)
    }
  }
}
