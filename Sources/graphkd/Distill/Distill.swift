import ArgumentParser
import Distillation
import Foundation
import GNN
import GraphData
import GraphKD

/// `graphkd distill`: train a small student from a teacher's soft labels stored in the file.
struct Distill: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Distil a teacher's stored soft labels into a small GNN or an MLP student.",
    discussion: """
      Minimises α·CE on the labelled nodes + Σ w·L over the named losses of --loss, with early
      stopping on validation accuracy. Losses: \(DistillationLossRegistry.entries.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
      kd is the soft part (1 − α)·T²·KL, so kd=1 is Hinton's α·CE + (1 − α)·T²·KL. hint, de, lsp and
      rkd need the teacher's hidden representation (/soft_labels/<run>/hidden) and a student with
      a hidden layer. The teacher need not be in memory: its signals are read from the file.

      Example: graphkd distill data/cora.h5 --teacher-run standard-gcn-public-seed0 --student mlp --hidden 256 --loss kd=1,rkd=0.1
      """)

  @Argument(help: "The graph file (HDF5, GraphKD schema).")
  var file: String

  @Option(help: "The soft-label run to learn from (see `graphkd inspect`).")
  var teacherRun: String

  @Option(help: "Name of the split in the file.")
  var split = "public"

  @Option(
    help: "Student architecture: \(ModelConfiguration.Architecture.allCases.map(\.rawValue).joined(separator: ", ")).")
  var student: ModelConfiguration.Architecture = .mlp

  @Option(help: "Student hidden sizes, comma-separated.")
  var hidden: IntegerList?

  @Option(help: "Student dropout (default: the architecture's standard).")
  var dropout: Float?

  @Option(help: "Softening temperature T.")
  var temperature: Float = 1

  @Option(help: "Weight α of the hard-label cross-entropy.")
  var alpha: Float = 0.5

  @Option(
    help: ArgumentHelp(
      "Weighted losses, name=weight pairs (names: \(DistillationLossRegistry.names.joined(separator: ", "))).",
      valueName: "name=weight,..."))
  var loss = "kd=1"

  @Option(help: "Weight of the feature hint (shorthand for adding hint=W to --loss; 0 = off).")
  var hint: Float = 0

  @Option(help: "hint: distance between projected student and teacher representations (mse, cosine).")
  var hintDistance: FeatureHint.Distance = .mse

  @Option(help: "de: number of experts.")
  var experts = 4

  @Option(help: "lsp and rkd: similarity kernel (\(StructureKernel.allCases.map(\.rawValue).joined(separator: ", "))).")
  var kernel: StructureKernel = .gaussian

  @Option(help: "rkd: anchor nodes per node, redrawn every epoch.")
  var anchors = 64

  @Option(help: "Seeds (students trained).")
  var seeds = 1

  @Option(help: "Where to write the JSON report.")
  var out: String?

  @Option(
    help: ArgumentHelp(
      "Save the trained student (HDF5 model file; with several seeds, PATH gets -seed<S> before .h5).",
      valueName: "path"))
  var saveModel: String?

  func validate() throws {
    guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file.") }
    guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1.") }
    try validateModelOutput(saveModel)
    guard temperature > 0, (0...1).contains(alpha), hint >= 0 else {
      throw ValidationError("--temperature must be > 0, --alpha in [0, 1] and --hint ≥ 0.")
    }
    guard experts >= 1, anchors >= 1 else { throw ValidationError("--experts and --anchors must be at least 1.") }
    _ = try objective()
  }

  /// The objective the options describe (`--hint W` adds or overrides `hint=W`).
  func objective() throws -> DistillationObjective {
    var o = DistillationObjective(
      temperature: temperature, alpha: alpha, hintDistance: hintDistance, expertCount: experts,
      structureKernel: kernel, anchorCount: anchors)
    do {
      o.terms = try DistillationObjective.parseTerms(loss)
      if hint > 0 {
        o.terms.removeAll { $0.name == "hint" }
        o.terms.append(.init(name: "hint", weight: hint))
      }
      try o.validate()
    } catch let error as ConfigurationError {
      throw ValidationError("--loss '\(loss)': \(error)")
    }
    return o
  }

  func run() throws {
    let objective = try objective()
    let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: file))
    guard let teacher = graph.softLabels[teacherRun] else {
      let runs = graph.softLabels.keys.sorted()
      throw ValidationError(
        "\(file): no soft-label run '\(teacherRun)'"
          + (runs.isEmpty
            ? "; the file has none (make one with `graphkd self-distill \(file)`)."
            : "; runs in the file: \(runs.joined(separator: ", ")).")
      )
    }
    let data = try trainingData(graph, split: split, file: file)
    var model = ModelConfiguration.standard(student)
    if let hidden { model.hiddenDimensions = hidden.values }
    if let dropout {
      model.dropout = dropout
      model.inputDropout = dropout
    }
    try model.validate()
    let distiller = Distiller(student: model, objective: objective)
    let signals = TeacherSignals(probabilities: teacher.probabilities, hidden: teacher.hidden)
    var results: [DistillReport.Run] = []
    for seed in 0..<UInt64(seeds) {
      let r: StudentResult
      let trained: NodeClassifier
      do {
        (trained, r) = try distiller.train(on: data, teacher: signals, seed: seed)
      } catch let error as ConfigurationError {
        throw ValidationError("\(file): \(error)")
      }
      if let saveModel {
        var provenance = ModelProvenance(
          role: "student", name: student.rawValue, trainedBy: "graphkd distill", split: split, seed: seed)
        provenance.softLabelRun = teacherRun
        provenance.objective = objective.summary
        provenance.record(
          graph: graph, file: file, validationAccuracy: r.validationAccuracy, testAccuracy: r.testAccuracy,
          testMacroF1: r.testMacroF1)
        let path = modelPath(saveModel, seed: seed, seeds: seeds)
        try TrainedNodeClassifier(
          model: trained, preparation: data.appliedPreparation, classNames: graph.classNames, provenance: provenance
        ).save(to: URL(fileURLWithPath: path), overwrite: true)
        print("saved \(path)")
      }
      results.append(
        .init(
          seed: seed, testAccuracy: r.testAccuracy, testMacroF1: r.testMacroF1,
          teacherTestAccuracy: r.teacherTestAccuracy,
          retention: r.retention, parameters: r.parameterCount, seconds: r.seconds))
      print(
        "seed \(seed): student \(fixed(100 * r.testAccuracy, 1)) % (teacher \(fixed(100 * r.teacherTestAccuracy, 1)) %, "
          + "retention \(fixed(100 * r.retention, 1)) %), \(r.parameterCount) parameters, best epoch \(r.bestEpoch)")
    }
    let accuracy = meanAndStandardDeviation(results.map { 100 * $0.testAccuracy })
    let retention = meanAndStandardDeviation(results.map { 100 * $0.retention })
    print(
      "\(student.rawValue) student from '\(teacherRun)' on \(file) (split \(split), loss \(objective.termsDescription), "
        + "\(seeds) seeds): test accuracy "
        + "\(fixed(accuracy.mean, 1)) ± \(fixed(accuracy.std, 1)) %, retention \(fixed(retention.mean, 1)) %")
    if let out {
      try writeJSON(
        DistillReport(
          file: file, teacherRun: teacherRun, split: split, student: model, objective: objective,
          runs: results, metadata: RunMetadata()), to: out)
    }
  }
}

/// The JSON report of `graphkd distill`.
struct DistillReport: Codable {
  /// One student's numbers.
  struct Run: Codable {
    var seed: UInt64
    var testAccuracy: Double
    var testMacroF1: Double
    var teacherTestAccuracy: Double
    var retention: Double
    var parameters: Int
    var seconds: Double
  }

  var file: String
  var teacherRun: String
  var split: String
  var student: ModelConfiguration
  var objective: DistillationObjective
  var runs: [Run]
  var metadata: RunMetadata
}

extension FeatureHint.Distance: ExpressibleByArgument {}
extension StructureKernel: ExpressibleByArgument {}
