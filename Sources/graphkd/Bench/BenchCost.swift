import ArgumentParser
import Evaluation
import Foundation
import GNN
import GraphData
import Tensors

/// `graphkd bench cost`: the cost table of a teacher GNN and its two kinds of students.
struct BenchCost: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cost",
    abstract: "Parameters, MACs per node, peak memory and latency of a teacher GNN, a small GCN and an MLP student.",
    discussion: """
      Builds (and with --train, trains on the split with each architecture's standard settings)
      a teacher (default GCN with 64 hidden units), a small GCN student and an MLP student, then
      measures each: parameters; multiply-accumulates per node of full-graph inference; the
      process's peak resident memory during one full-graph forward pass and what that pass added;
      full-graph latency; and per-request latency for each batch size (random node ids drawn
      with --seed), neighbour gathering included: a GNN gathers each request's L-hop
      neighbourhood from the CSR adjacency and runs on the induced subgraph with the full graph's
      normalisation; an MLP reads only the requested rows. Latencies are the median (p90) of
      --repetitions runs after --warmup runs, in evaluation mode without gradients. The last
      columns give the speed-up of each model's smallest request over the teacher's (issue #6
      asks for ≥ 10× for the MLP on single-node requests).
      """)

  @Argument(help: "The graph file.")
  var file = "data/cora.h5"

  @Option(help: "The split (used for training and accuracy).")
  var split = "public"

  @Option(help: "The teacher's architecture.")
  var teacher: ModelConfiguration.Architecture = .gcn

  @Option(help: "The teacher's hidden width (per head for GAT).")
  var teacherHidden = 64

  @Option(help: "The GCN student's hidden width.")
  var studentHidden = 8

  @Option(help: "The MLP student's hidden width.")
  var mlpHidden = 256

  @Flag(help: "Train every model on the split (plain supervised training) and report its test accuracy.")
  var train = false

  @Option(help: "Request batch sizes, comma-separated.")
  var batchSizes = "1,256"

  @Option(help: "Timed runs per latency (at least 30 for the reported figures).")
  var repetitions = 30

  @Option(help: "Untimed warm-up runs before each latency.")
  var warmup = 3

  @Option(help: "Seed for weights, training and request node ids.")
  var seed: UInt64 = 0

  @Option(help: "Write the reports as JSON to this path.")
  var out: String?

  func validate() throws {
    guard FileManager.default.fileExists(atPath: file) else {
      throw ValidationError("\(file): no such file (build it with scripts/make-cora-h5).")
    }
    guard teacherHidden >= 1, studentHidden >= 1, mlpHidden >= 1 else {
      throw ValidationError("--teacher-hidden, --student-hidden and --mlp-hidden must be at least 1.")
    }
    guard repetitions >= 1, warmup >= 0 else {
      throw ValidationError("--repetitions must be at least 1 and --warmup at least 0.")
    }
    _ = try parsedBatchSizes()
  }

  func parsedBatchSizes() throws -> [Int] {
    let sizes = batchSizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
      throw ValidationError("--batch-sizes: expected positive integers separated by commas, but got '\(batchSizes)'.")
    }
    return sizes.compactMap { $0 }
  }

  /// What `--out` writes.
  struct Report: Codable {
    var file: String
    var split: String
    var seed: UInt64
    var trained: Bool
    var models: [CostReport]
  }

  func run() throws {
    let data = try trainingData(HDF5GraphStore.read(from: URL(fileURLWithPath: file)), split: split, file: file)
    var teacherConfiguration = ModelConfiguration.standard(teacher)
    teacherConfiguration.hiddenDimensions = [teacherHidden]
    var gcnStudent = ModelConfiguration.standard(.gcn)
    gcnStudent.hiddenDimensions = [studentHidden]
    var mlpStudent = ModelConfiguration.standard(.mlp)
    mlpStudent.hiddenDimensions = [mlpHidden]
    let models = [("teacher", teacherConfiguration), ("GCN student", gcnStudent), ("MLP student", mlpStudent)]
    let sizes = try parsedBatchSizes()
    print(
      "\(file), \(data.graph.nodeCount) nodes; OpenBLAS kernel: \(BLASRuntime.configuration.kernel); "
        + "threads: \(Parallelism.threadCount)\n")
    var reports: [CostReport] = []
    for (name, configuration) in models {
      let model = try NodeClassifier(
        configuration: configuration, inputDimension: data.features.dimension, classCount: data.classCount,
        random: RandomSource(seed: seed))
      var accuracy: (test: Double, validation: Double)? = nil
      if train {
        let result = try Trainer(configuration: .standard(configuration.architecture)).fit(model, on: data)
        accuracy = (result.testAccuracy, result.validationAccuracy)
      }
      var report = try CostReport.measure(
        name: name, model: model, data: data, requestBatchSizes: sizes, repetitions: repetitions, warmup: warmup,
        seed: seed)
      report.testAccuracy = accuracy?.test
      report.validationAccuracy = accuracy?.validation
      reports.append(report)
    }
    print(CostTable(reports: reports).markdown)
    if let out {
      try writeJSON(Report(file: file, split: split, seed: seed, trained: train, models: reports), to: out)
    }
  }
}
