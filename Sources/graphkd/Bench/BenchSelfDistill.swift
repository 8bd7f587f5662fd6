import ArgumentParser
import Distillation
import Evaluation
import Foundation
import GNN
import GraphData

/// `graphkd bench self-distill`: training time of the self-distilled teacher against plain
/// training of the same backbone, on the public split.
struct BenchSelfDistill: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "self-distill",
    abstract: "Time plain training against each self-distillation variant (median of runs) and report the ratio.",
    discussion: """
      Both sides train as `graphkd self-distill` does (plain: the backbone's standard epochs and
      model selection; self-distillation: its configuration's epochs, patience and generations),
      including per-epoch validation and the final soft labels. The target of issue #5 is a
      ratio of at most 3 for the standard teacher.
      """)

  @Option(help: "The graph file.")
  var file = "data/cora.h5"

  @Option(help: "The split.")
  var split = "public"

  @Option(help: "Backbone.")
  var model: ModelConfiguration.Architecture = .gcn

  @Option(help: "Runs per variant (median reported).")
  var repetitions = 3

  @Option(help: "Variants to time against plain, comma-separated.")
  var variants = "mean-teacher,progressive,generations,layer-wise,standard,all"

  func validate() throws {
    guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file.") }
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1.") }
  }

  func run() throws {
    let data = try NodeClassificationData(
      graph: HDF5GraphStore.read(from: URL(fileURLWithPath: file)), splitName: split)
    let m = ModelConfiguration.standard(model)
    let t = TrainingConfiguration.standard(model)
    var list: [SelfDistillationVariant] = [.plain]
    for name in variants.split(separator: ",") {
      guard let v = SelfDistillationVariant(rawValue: String(name)) else {
        throw ValidationError("unknown variant '\(name)'.")
      }
      list.append(v)
    }
    var table = TextTable(headers: ["variant", "median s", "epochs", "test acc %", "× plain"])
    var plainSeconds = 0.0
    for v in list {
      var times: [Double] = []
      var last: SelfDistillationResult? = nil
      for r in 0..<repetitions {
        let trainer = SelfDistillationTrainer(model: m, training: t, selfDistillation: v.configuration)
        let result = try trainer.train(on: data, seed: UInt64(r))
        times.append(result.seconds)
        last = result
      }
      let median = times.sorted()[times.count / 2]
      if v == .plain { plainSeconds = median }
      let epochs = last?.epochsTrained ?? 0
      table.append([
        v.rawValue, fixed(median, 3), "\(epochs)", fixed(100 * (last?.testAccuracy ?? 0), 1),
        fixed(median / max(plainSeconds, 1e-9), 2),
      ])
    }
    print("\(model.rawValue) on \(file), split \(split), median of \(repetitions) runs:\n")
    print(table.rendered)
  }
}
