import ArgumentParser
import Dispatch
import Distillation
import Foundation
import GNN
import GraphData
import GraphKD
import Synchronization
import Tensors

/// `graphkd evaluate`: the label-scarce sweep — plain training against self-distillation
/// variants at several labels-per-class, over seeds, on identical splits.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sweep labels per class × seeds × self-distillation variants; report accuracy, macro-F1, calibration.",
    discussion: """
      For each K and seed the split is the file's k{K}_seed{S} if present, otherwise the same
      class-balanced split that `graphkd split --labels-per-class K --val 500` writes (the public
      test set is kept as the test set). Every variant sees the same splits and seeds.

      Example: graphkd evaluate data/cora.h5 --labels-per-class 1,2,3,5,10,20 --seeds 10 \\
                 --variants plain,standard --out results.json
      """)

  @Argument(help: "The graph file (HDF5, GraphKD schema).")
  var file: String

  @Option(help: "Labels per class to sweep, comma-separated (default: 1,2,3,5,10,20 unless --splits is given).")
  var labelsPerClass: IntegerList?

  @Option(
    help: ArgumentHelp(
      "Also evaluate every stored split whose name starts with this prefix, e.g. geom_gcn_ for the ten "
        + "geom-gcn splits: one run per split and variant, seeded with the split's position (0, 1, …).",
      valueName: "prefix"))
  var splits: String?

  @Flag(help: "Also evaluate the file's public split.")
  var includePublic = false

  @Option(help: "Seeds per K.")
  var seeds = 10

  @Option(help: "Validation nodes of generated splits.")
  var validationSize = 500

  @Option(
    help: "Variants, comma-separated: \(SelfDistillationVariant.allCases.map(\.rawValue).joined(separator: ", ")).")
  var variants = "plain,standard"

  @Option(
    help: "A self-distillation configuration JSON to evaluate as an extra variant named after the file (repeatable).")
  var custom: [String] = []

  @Option(help: "Backbone architecture.")
  var model: ModelConfiguration.Architecture = .gcn

  @Option(help: "Maximum epochs per generation for every variant (default: the backbone's standard).")
  var epochs: Int?

  @Option(
    help: "APPNP and SIGN: propagation steps K; GCNII: its number of layers L (default: the backbone's standard).")
  var steps: Int?

  @Option(
    name: .customLong("early-exit"),
    help: ArgumentHelp(
      "For the layer-wise variants: fit an early exit on validation within this accuracy loss (0.005: half a "
        + "point) and report its test accuracy and MACs per node.", valueName: "tolerance"))
  var earlyExitTolerance: Double?

  @Option(help: "Runs in parallel (default: the number of cores).")
  var jobs: Int?

  @Option(help: "Where to write the JSON results.")
  var out: String?

  func validate() throws {
    guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file.") }
    guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1.") }
    guard (labelsPerClass?.values ?? []).allSatisfy({ $0 >= 1 }) else {
      throw ValidationError("--labels-per-class values must be at least 1.")
    }
    _ = try parsedVariants()
  }

  /// The named variants followed by the custom ones, as (name, configuration).
  func parsedVariants() throws -> [(name: String, configuration: SelfDistillationConfiguration)] {
    var list: [(String, SelfDistillationConfiguration)] = try variants.split(separator: ",").map { name in
      guard let v = SelfDistillationVariant(rawValue: String(name)) else {
        throw ValidationError(
          "unknown variant '\(name)'; choose from \(SelfDistillationVariant.allCases.map(\.rawValue).joined(separator: ", "))."
        )
      }
      return (v.rawValue, v.configuration)
    }
    for path in custom {
      let url = URL(fileURLWithPath: path)
      do {
        let c = try StrictJSON.decode(SelfDistillationConfiguration.self, from: Data(contentsOf: url))
        try c.validate()
        list.append((url.deletingPathExtension().lastPathComponent, c))
      } catch {
        throw ValidationError("\(path): not a valid self-distillation configuration (\(error))")
      }
    }
    return list
  }

  /// One run's outcome.
  struct Run: Codable {
    var labels: String
    var seed: UInt64
    var variant: String
    var testAccuracy: Double
    var testMacroF1: Double
    var validationAccuracy: Double
    var calibrationError: Double
    /// Epochs trained, summed over generations (early stopping can end a generation early).
    var epochs: Int
    /// With `--early-exit` and a layer-wise variant: test accuracy when each node is answered by
    /// its exit, the mean MACs per test node spent that way, and the final layer's MACs per node
    /// without the heads.
    var earlyExitTestAccuracy: Double? = nil
    var earlyExitMACsPerNode: Double? = nil
    var macsPerNode: Double? = nil
    /// Training time; a guarded variant's leaves out the plain candidate it took from the plain
    /// variant's run of the same split and seed.
    var seconds: Double
  }

  func run() throws {
    let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: file))
    let variantList = try parsedVariants()
    var settings: [(String, Split, UInt64)] = []
    if includePublic {
      guard let p = graph.splits[GraphSchema.publicSplit] else {
        throw ValidationError("\(file): has no public split; drop --include-public.")
      }
      for s in 0..<UInt64(seeds) { settings.append(("public", p, s)) }
    }
    if let prefix = splits {
      let names = graph.splits.keys.filter { $0.hasPrefix(prefix) }.sorted {
        $0.count == $1.count ? $0 < $1 : $0.count < $1.count  // geom_gcn_2 before geom_gcn_10
      }
      guard !names.isEmpty else {
        throw ValidationError(
          "\(file): no stored split starts with '\(prefix)' (the file has: "
            + (graph.splits.isEmpty ? "none" : graph.splits.keys.sorted().joined(separator: ", ")) + ").")
      }
      for (i, name) in names.enumerated() { settings.append(("\(prefix)*", graph.splits[name]!, UInt64(i))) }
    }
    let sweep = labelsPerClass?.values ?? (splits == nil ? [1, 2, 3, 5, 10, 20] : [])
    for k in sweep {
      for s in 0..<UInt64(seeds) {
        let name = GraphSchema.labelScarceSplitName(labelsPerClass: k, seed: s)
        let split =
          try graph.splits[name]
          ?? LabelsPerClassSplitter(labelsPerClass: k, validationSize: validationSize).split(graph, seed: s)
        settings.append(("K=\(k)", split, s))
      }
    }
    // One task per split and seed runs every variant in turn, so a guarded variant takes the plain
    // run of the same split and seed as its plain candidate instead of training it again.
    let tasks = settings
    let results = Mutex<[Int: Run]>([:])
    let failure = Mutex<(any Error)?>(nil)
    let m = {
      var m = ModelConfiguration.standard(model)
      if let steps { m.propagationSteps = steps }
      return m
    }()
    let t = {
      var t = TrainingConfiguration.standard(model)
      if let epochs { t.epochs = epochs }
      return t
    }()
    let shared = (graph, tasks, variantList)
    let workers = max(1, jobs ?? Parallelism.threadCount)
    let epochOverride = epochs
    let exitTolerance = earlyExitTolerance
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      let (graph, tasks, variantList) = shared
      while true {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard i < tasks.count, failure.withLock({ $0 == nil }) else { return }
        let (label, split, seed) = tasks[i]
        do {
          var g = graph
          try g.setSplit(split, named: "sweep")
          let data = try NodeClassificationData(graph: g, splitName: "sweep")
          var plain: PlainBackbone? = nil
          for (v, variant) in variantList.enumerated() {
            var sd = variant.configuration
            if let epochs = epochOverride { sd.epochs = epochs }
            if sd.layerWise != nil { sd.layerWise?.earlyExitTolerance = exitTolerance }
            let r = try SelfDistillationTrainer(model: m, training: t, selfDistillation: sd)
              .train(on: data, seed: seed, reusing: plain)
            plain = plain ?? r.plainBackbone
            var run = Run(
              labels: label, seed: seed, variant: variant.name, testAccuracy: r.testAccuracy,
              testMacroF1: r.testMacroF1, validationAccuracy: r.validationAccuracy,
              calibrationError: r.calibrationError, epochs: r.epochsTrained, seconds: r.seconds)
            if let exits = r.exits, let accuracy = r.earlyExitTestAccuracy {
              let cost = try ModelCost(
                model: r.trainedTeacher(data: data).model, features: data.features, graph: data.graph)
              run.earlyExitTestAccuracy = accuracy
              run.earlyExitMACsPerNode =
                cost.meanExitCost(exits: exits, rows: data.testNodes)
              run.macsPerNode = cost.multiplyAccumulatesWithoutHeads
            }
            results.withLock { $0[i * variantList.count + v] = run }
          }
        } catch {
          failure.withLock { $0 = error }
        }
      }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    let runs = results.withLock { dict in (0..<(tasks.count * variantList.count)).compactMap { dict[$0] } }
    let report = EvaluateReport(
      file: file, model: m, training: t, variants: variantList.map(\.name),
      configurations: Dictionary(variantList.map { ($0.name, $0.configuration) }) { first, _ in first },
      seeds: seeds, runs: runs, metadata: RunMetadata())
    print(report.table)
    if let out { try writeJSON(report, to: out) }
  }
}

/// The JSON results of `graphkd evaluate`, and their table.
struct EvaluateReport: Codable {
  var file: String
  var model: ModelConfiguration
  var training: TrainingConfiguration
  var variants: [String]
  var configurations: [String: SelfDistillationConfiguration]
  var seeds: Int
  var runs: [Evaluate.Run]
  var metadata: RunMetadata

  /// Accuracy (mean ± std over seeds) per label setting and variant, then macro-F1 and ECE.
  var table: String {
    var labels: [String] = []
    for r in runs where !labels.contains(r.labels) { labels.append(r.labels) }
    var accuracy = TextTable(
      headers: ["labels"] + variants.map { "\($0) acc %" } + variants.map { "\($0) F1 %" } + [
        "ECE (\(variants.last ?? ""))"
      ])
    for l in labels {
      var row = [l]
      for metric in [\Evaluate.Run.testAccuracy, \Evaluate.Run.testMacroF1] {
        for v in variants {
          let xs = runs.filter { $0.labels == l && $0.variant == v }.map { 100 * $0[keyPath: metric] }
          let (mean, std) = meanAndStandardDeviation(xs)
          row.append("\(fixed(mean, 1)) ± \(fixed(std, 1))")
        }
      }
      let ece = meanAndStandardDeviation(
        runs.filter { $0.labels == l && $0.variant == variants.last }.map(\.calibrationError))
      row.append(fixed(ece.mean, 3))
      accuracy.append(row)
    }
    var text = accuracy.rendered
    let exiting = runs.filter { $0.earlyExitTestAccuracy != nil }
    if !exiting.isEmpty {
      var exitTable = TextTable(
        headers: ["labels", "variant", "final layer acc %", "early exit acc %", "MACs per node", "early exit MACs"])
      for l in labels {
        for v in variants {
          let rs = exiting.filter { $0.labels == l && $0.variant == v }
          guard !rs.isEmpty else { continue }
          let full = meanAndStandardDeviation(rs.map { 100 * $0.testAccuracy })
          let early = meanAndStandardDeviation(rs.map { 100 * ($0.earlyExitTestAccuracy ?? 0) })
          let macs = meanAndStandardDeviation(rs.map { $0.macsPerNode ?? 0 }).mean
          let spent = meanAndStandardDeviation(rs.map { $0.earlyExitMACsPerNode ?? 0 }).mean
          exitTable.append([
            l, v, "\(fixed(full.mean, 1)) ± \(fixed(full.std, 1))", "\(fixed(early.mean, 1)) ± \(fixed(early.std, 1))",
            NumberFormat.grouped(Int(macs.rounded())),
            "\(NumberFormat.grouped(Int(spent.rounded()))) (\(fixed(100 * spent / max(macs, 1), 1)) %)",
          ])
        }
      }
      text += "\n" + exitTable.rendered
    }
    return text
  }
}
