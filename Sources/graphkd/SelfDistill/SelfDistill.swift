import ArgumentParser
import Distillation
import Foundation
import GNN
import GraphData
import GraphKD
import Tensors

/// `graphkd self-distill`: train a self-distilled teacher on a split and store its soft labels
/// in the graph file.
struct SelfDistill: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "self-distill",
    abstract: "Train a self-distilled teacher and write a soft label for every node into the HDF5 file.",
    discussion: """
      Writes /soft_labels/<run>/probs (and /hidden, the teacher's deepest hidden representation)
      with the method, temperature, seed, configuration, validation accuracy and calibration
      error as attributes. The file is rewritten through a temporary copy, so an interrupted run
      never leaves it half-written.

      Example: graphkd self-distill data/cora.h5 --split public --variant standard --seed 0
      """)

  @Argument(help: "The graph file (HDF5, GraphKD schema).")
  var file: String

  @Option(help: "Name of the split in the file.")
  var split = "public"

  @OptionGroup var teacher: TeacherOptions

  @Option(help: "Seed.")
  var seed: UInt64 = 0

  @Option(name: .customLong("run"), help: "Name of the soft-label run (default: <variant>-<model>-<split>-seed<seed>).")
  var requestedRunName: String?

  @Option(help: ArgumentHelp("Save the trained teacher (HDF5 model file).", valueName: "path"))
  var saveModel: String?

  @Option(
    name: .customLong("early-exit"),
    help: ArgumentHelp(
      "With a layer-wise variant: answer each node from the first head confident enough, the threshold fitted on "
        + "the validation nodes to lose at most this much validation accuracy (0.005: half a point); kept in the "
        + "saved model.", valueName: "tolerance"))
  var earlyExitTolerance: Double?

  @Flag(help: "Replace an existing soft-label run of the same name.")
  var force = false

  @Flag(help: "Train and report without writing soft labels.")
  var dryRun = false

  @Flag(help: "Print validation numbers every 10 epochs.")
  var verbose = false

  func validate() throws {
    guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file.") }
    try validateModelOutput(saveModel)
    if let tolerance = earlyExitTolerance, !(0..<1).contains(tolerance) {
      throw ValidationError("--early-exit: expected a tolerance in [0, 1), e.g. 0.005, but got \(tolerance).")
    }
  }

  var runName: String {
    requestedRunName ?? "\(teacher.variant.rawValue)-\(teacher.model.rawValue)-\(split)-seed\(seed)"
  }

  func run() throws {
    var (m, t, sd) = try teacher.configurations()
    if let tolerance = earlyExitTolerance {
      guard sd.layerWise != nil else {
        throw ValidationError(
          "--early-exit needs heads on the hidden layers: a layer-wise variant (--variant layer-wise or all).")
      }
      sd.layerWise?.earlyExitTolerance = tolerance
    }
    let url = URL(fileURLWithPath: file)
    let graph = try HDF5GraphStore.read(from: url)
    if !dryRun && !force && graph.softLabels[runName] != nil {
      throw ValidationError("\(file): soft-label run '\(runName)' exists; pass --force to replace it or --run NAME.")
    }
    let data = try trainingData(graph, split: split, file: file)
    let result = try SelfDistillationTrainer(model: m, training: t, selfDistillation: sd).train(on: data, seed: seed) {
      e in
      if verbose && (e.epoch % 10 == 0 || e.epoch == 1) {
        print(
          "generation \(e.generation) epoch \(e.epoch): loss \(fixed(Double(e.trainLoss), 4)), "
            + "validation loss \(fixed(Double(e.validationLoss), 4)), accuracy \(fixed(100 * e.validationAccuracy, 1)) %"
        )
      }
      return true
    }
    print(
      "\(sd.summary) \(m.architecture.rawValue) on \(file) (split \(split), seed \(seed)): test accuracy "
        + "\(fixed(100 * result.testAccuracy, 1)) %, macro-F1 \(fixed(100 * result.testMacroF1, 1)) %, "
        + "validation \(fixed(100 * result.validationAccuracy, 1)) %, ECE \(fixed(result.calibrationErrorBefore, 3)) → "
        + "\(fixed(result.calibrationError, 3)) (T = \(fixed(Double(result.temperature), 2))), \(fixed(result.seconds, 2)) s"
    )
    if !result.selection.isEmpty { print("validation guard: \(result.selectionSummary)") }
    if let rule = result.earlyExit, let exits = result.exits, let exitAccuracy = result.earlyExitTestAccuracy {
      let model = try result.trainedTeacher(data: data).model
      let cost = try ModelCost(model: model, features: data.features, graph: data.graph)
      let spent = cost.meanExitCost(exits: exits, rows: data.testNodes)
      let full = cost.multiplyAccumulatesWithoutHeads
      var counts = [Int](repeating: 0, count: cost.exitCosts.count)
      for i in data.testNodes { counts[exits[i]] += 1 }
      let answered = counts.enumerated().filter { $0.element > 0 }.map { e, n in
        "\(e == counts.count - 1 ? "final" : "head\(e + 1)") \(n)"
      }
      print(
        "early exit (threshold \(fixed(Double(rule.threshold), 4)), fitted on validation within "
          + "\(fixed(100 * (earlyExitTolerance ?? 0), 1)) points): test accuracy \(fixed(100 * exitAccuracy, 1)) % "
          + "(final layer \(fixed(100 * result.testAccuracy, 1)) %), MACs per node \(NumberFormat.grouped(Int(spent.rounded()))) "
          + "(final layer without heads \(NumberFormat.grouped(Int(full.rounded()))): \(fixed(100 * spent / full, 1)) %); test nodes per exit: "
          + answered.joined(separator: ", "))
    }
    let warning = BackboneSelection.chanceWarning(probabilities: result.probabilities, data: data).map {
      "the teacher is \($0): its soft labels teach little; try another --model (mlp where neighbours usually differ "
        + "in class) or let `graphkd run` choose the backbone."
    }
    if let warning { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    if let saveModel {
      var provenance = ModelProvenance(
        role: "teacher", name: "teacher", trainedBy: "graphkd self-distill", split: split, seed: seed)
      provenance.softLabelRun = dryRun ? nil : runName
      provenance.selfDistillation = sd.summary + (result.selection.isEmpty ? "" : ": " + result.selectionSummary)
      provenance.warnings = warning.map { [$0] }
      // What the saved model answers: with early exit, each node's exit.
      provenance.record(
        graph: graph, file: file, validationAccuracy: result.validationAccuracy,
        testAccuracy: result.earlyExitTestAccuracy ?? result.testAccuracy,
        testMacroF1: result.earlyExitTestMacroF1 ?? result.testMacroF1)
      if result.earlyExit != nil {
        provenance.metrics = [
          "final layer test accuracy": result.testAccuracy, "final layer test macro-F1": result.testMacroF1,
        ]
      }
      try result.trainedTeacher(data: data, classNames: graph.classNames, provenance: provenance)
        .save(to: URL(fileURLWithPath: saveModel), overwrite: true)
      print("saved \(saveModel)")
    }
    guard !dryRun else { return }
    let record = SoftLabelRecord(
      model: m, training: t, selfDistillation: sd, split: split, seed: seed,
      validationAccuracy: result.validationAccuracy, testAccuracy: result.testAccuracy,
      calibrationError: result.calibrationError, metadata: RunMetadata())
    try HDF5GraphStore.appendSoftLabels(record.softLabelRun(result: result), named: runName, to: url, replacing: force)
    print("wrote /soft_labels/\(runName) to \(file)")
  }
}
