import ArgumentParser
import Foundation
import GraphKD

/// `graphkd run`: the whole job — self-distilled teacher, soft labels into the file, students,
/// accuracy and cost — in one command.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train a self-distilled teacher, store its soft labels, distil students and compare them.",
    discussion: """
      Loads the graph, makes the label-scarce split if asked and missing, trains the teacher \
      with self-knowledge distillation, writes its soft labels into the file \
      (/soft_labels/<variant>-<model>-<split>-seed<S>, replacing an earlier run of the same name), \
      distils each student from them and prints one table: accuracy, macro-F1, parameters, \
      per-request latency, peak memory and the teacher → student retention. A JSON report \
      (configuration, seeds, git commit, versions, timings, metrics) goes to --out.

      Ctrl-C stops after the current epoch; soft labels of teachers that finished are kept.

      Examples:
        graphkd run
        graphkd run data/cora.h5 --labels-per-class 5 --seed 3 --student mlp:hidden=256
        graphkd run --config configs/cora-k5.json
      """)

  @Argument(help: "The graph file (HDF5, GraphKD schema; default: the config's dataset, else data/cora.h5).")
  var file: String?

  @Option(help: "An experiment configuration (JSON, see configs/); command-line options override it.")
  var config: String?

  @Option(help: "Name of a split stored in the file (default: public).")
  var split: String?

  @Option(help: "Train on a seeded split with K labelled nodes per class (made if the file lacks it).")
  var labelsPerClass: Int?

  @Option(help: "Seed of the split, teacher and students (default: the config's seeds, else 0).")
  var seed: UInt64?

  @Option(
    help: ArgumentHelp(
      "Teacher backbone: auto (chosen per graph by validation among all of them; the default), "
        + "\(ModelConfiguration.Architecture.allCases.map(\.rawValue).joined(separator: ", ")).",
      valueName: "backbone"))
  var teacher: String?

  @Option(
    help: "Self-distillation variant: \(SelfDistillationVariant.allCases.map(\.rawValue).joined(separator: ", ")).")
  var variant: SelfDistillationVariant?

  @Option(
    parsing: .singleValue,
    help: "A student, e.g. mlp:hidden=256,T=2,alpha=0.1 or gcn:hidden=8,name=gcn-small (repeatable).")
  var student: [String] = []

  @Option(
    help: ArgumentHelp(
      "Hold out this fraction of the test nodes and every edge touching them from all training, then score them "
        + "on the full graph: transductive, inductive and production accuracy (GLNN's setting).",
      valueName: "fraction"))
  var inductive: Double?

  @Option(help: "Directory for report.json (default: runs/<file>-<split>-seed<S>).")
  var out: String?

  @Flag(help: "Do not write soft labels or splits into the file (the bundled data/cora.h5 is never written).")
  var dryRun = false

  @Flag(help: "Skip latency and memory measurements.")
  var noCost = false

  @Flag(help: "Print only the final table.")
  var quiet = false

  @Flag(help: "Print a progress line every 10 epochs instead of a bar.")
  var verbose = false

  func validate() throws {
    if let labelsPerClass, labelsPerClass < 1 {
      throw ValidationError("--labels-per-class must be at least 1 (e.g. 5).")
    }
    if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other.") }
  }

  /// The configuration: the config file's, overridden by the command line.
  func pipelineConfiguration() throws -> PipelineConfiguration {
    var c = PipelineConfiguration()
    if let config {
      do {
        c = try StrictJSON.decode(PipelineConfiguration.self, from: Data(contentsOf: URL(fileURLWithPath: config)))
      } catch {
        throw ValidationError("\(config): not a valid pipeline configuration (\(error))")
      }
    }
    if let file { c.dataset = file }
    if c.dataset == nil { c.dataset = Self.bundledGraph }
    if let split { c.split.name = split }
    if let labelsPerClass { c.split.labelsPerClass = labelsPerClass }
    if let seed { c.seeds = [seed] }
    if let teacher {
      if teacher == TeacherSettings.chooseByValidation {
        c.teacher.architecture = nil
        c.teacher.model = nil
      } else if let a = ModelConfiguration.Architecture(rawValue: teacher) {
        c.teacher.architecture = a
      } else {
        throw ValidationError(
          "--teacher: '\(teacher)' is not a backbone; choose auto, "
            + ModelConfiguration.Architecture.allCases.map(\.rawValue).joined(separator: ", ") + ".")
      }
    }
    if let variant { c.teacher.variant = variant }
    if !student.isEmpty {
      c.students = try student.map { spec in
        do { return try StudentSettings(specification: spec) } catch { throw ValidationError("--student: \(error)") }
      }
    }
    if noCost { c.cost.skip = true }
    if let inductive { c.inductive = inductive }
    do { try c.validate() } catch { throw ValidationError("\(config ?? "configuration"): \(error)") }
    return c
  }

  /// The graph `graphkd run` uses when none is given.
  static let bundledGraph = "data/cora.h5"

  func run() throws {
    let c = try pipelineConfiguration()
    let path = c.dataset ?? Self.bundledGraph
    guard FileManager.default.fileExists(atPath: path) else {
      throw ValidationError(
        "\(path): no such file. Run from the repository root for the bundled data/cora.h5, or pass a graph file "
          + "(make one with `graphkd convert`).")
    }
    let url = URL(fileURLWithPath: path)
    let graph = try HDF5GraphStore.read(from: url)
    let display = ProgressDisplay(level: quiet ? .quiet : verbose ? .verbose : .normal)
    InterruptFlag.shared.install()
    let report: PipelineReport
    do {
      report = try GraphDataError.attributing(to: path) {
        try LabelScarcePipeline(configuration: c).run(on: graph, observer: display.handle)
      }
    } catch let interrupted as PipelineInterrupted {
      display.clearBar()
      let kept = try store(interrupted.completed, in: url)
      FileHandle.standardError.write(
        Data("\(interrupted); seeds completed: \(interrupted.completed.runs.count). \(kept)\n".utf8))
      throw ExitCode(130)
    } catch let error as ConfigurationError {
      display.clearBar()
      throw ValidationError("\(path): \(error)")
    }
    display.clearBar()
    let kept = try store(report, in: url)
    print(Self.table(report))
    for run in report.runs {
      for w in run.teacher.warnings ?? [] {
        FileHandle.standardError.write(Data("warning: seed \(run.seed): \(w)\n".utf8))
      }
    }
    if !quiet {
      for run in report.runs {
        guard let candidates = run.teacher.backboneSelection else { continue }
        let outcome = candidates.map { "\($0.architecture.rawValue) \(fixed($0.validationLoss, 3))" }
        print(
          "teacher backbone (seed \(run.seed)): \(run.teacher.architecture.rawValue), the cheapest within one standard "
            + "error of the lowest calibrated validation loss: \(outcome.joined(separator: ", "))")
      }
      print(kept)
    }
    let directory =
      out ?? "runs/\(url.deletingPathExtension().lastPathComponent)-\(report.runs[0].split)"
      + (c.seeds.count == 1 ? "-seed\(c.seeds[0])" : "")
    let models = try writeModels(report, to: directory)
    try writeJSON(report, to: "\(directory)/report.json")
    if !quiet {
      print("models: \(models.joined(separator: ", "))")
      print("report: \(directory)/report.json (\(fixed(report.seconds, 1)) s in all)")
    }
  }

  /// Saves every trained model as `<directory>/models/<name>.h5` (`<name>-seed<S>.h5` when the
  /// run has several seeds), replacing earlier ones; returns the paths.
  func writeModels(_ report: PipelineReport, to directory: String) throws -> [String] {
    let folder = URL(fileURLWithPath: directory).appendingPathComponent("models")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var paths: [String] = []
    for run in report.runs {
      for name in [run.teacher.name] + run.students.map(\.name) {
        guard let model = report.models[run.seed]?[name] else { continue }
        let file = report.runs.count == 1 ? "\(name).h5" : "\(name)-seed\(run.seed).h5"
        try HDF5ModelStore.write(model, to: folder.appendingPathComponent(file), overwrite: true)
        paths.append("\(directory)/models/\(file)")
      }
    }
    return paths
  }

  /// Writes the report's splits and soft labels into the file (atomically); says what it did.
  func store(_ report: PipelineReport, in url: URL) throws -> String {
    guard !dryRun else { return "--dry-run: \(url.path) unchanged." }
    // The bundled graph is part of the checkout: the quick start must leave it as it was.
    guard file != nil || url.path != URL(fileURLWithPath: Self.bundledGraph).path else {
      return "\(Self.bundledGraph) is the bundled graph and stays unchanged (name it, or a copy, as FILE to store "
        + "soft labels in it)."
    }
    guard !report.softLabels.isEmpty || !report.madeSplits.isEmpty else { return "\(url.path) unchanged." }
    if !report.madeSplits.isEmpty { try HDF5GraphStore.writeSplits(report.madeSplits, to: url, replacing: false) }
    if !report.softLabels.isEmpty { try HDF5GraphStore.appendSoftLabels(report.softLabels, to: url, replacing: true) }
    let names = report.softLabels.keys.sorted().map { "/soft_labels/\($0)" }
    return "wrote " + (names + report.madeSplits.keys.sorted().map { "/splits/\($0)" }).joined(separator: ", ")
      + " to \(url.path)."
  }

  /// The printed comparison: one row per model, accuracy as mean ± std over seeds, cost from the
  /// first seed (median latencies).
  static func table(_ report: PipelineReport) -> String {
    let seeds = report.runs.count
    let sizes = report.configuration.cost.skip ? [] : report.configuration.cost.requestBatchSizes
    let inductive = report.summary.allSatisfy { $0.inductive != nil }
    var headers = ["model", "architecture", "accuracy %", "macro-F1 %", "retention %", "parameters"]
    if inductive {
      headers[2] = "transductive %"
      headers.insert(contentsOf: ["inductive %", "production %"], at: 3)
    }
    if !sizes.isEmpty {
      headers +=
        ["MACs/node"] + sizes.map { "request ×\($0) ms" } + ["speed-up ×\(sizes[0])", "full graph ms", "peak MB"]
    }
    var t = TextTable(headers: headers)
    let first = report.runs[0]
    for s in report.summary {
      let r = ([first.teacher] + first.students).first { $0.name == s.name }!
      let pm = { (m: Double, sd: Double) in
        seeds > 1 ? "\(fixed(100 * m, 1)) ± \(fixed(100 * sd, 1))" : fixed(100 * m, 1)
      }
      var row = [
        s.name, "\(r.architecture.rawValue) \(r.hiddenDimensions.map(String.init).joined(separator: "x"))",
        pm(s.testAccuracy, s.testAccuracyStd), pm(s.testMacroF1, s.testMacroF1Std),
        s.retention.map { fixed(100 * $0, 1) } ?? "—", "\(s.parameters)",
      ]
      if let i = s.inductive, inductive {
        row.insert(contentsOf: [pm(i.inductive, i.inductiveStd), pm(i.production, i.productionStd)], at: 3)
      }
      if !sizes.isEmpty, let cost = s.cost {
        row.append(fixed(cost.multiplyAccumulatesPerNode, 0))
        for size in sizes {
          row.append(cost.requestLatency(batchSize: size).map { fixed(1000 * $0.latency.medianSeconds, 3) } ?? "—")
        }
        let teacherRequest = report.summary.first?.cost?.requestLatency(batchSize: sizes[0])?.latency.medianSeconds
        let request = cost.requestLatency(batchSize: sizes[0])?.latency.medianSeconds
        if let teacherRequest, let request, request > 0 {
          row.append(fixed(teacherRequest / request, 1) + "×")
        } else {
          row.append("—")
        }
        row.append(fixed(1000 * cost.fullGraphLatency.medianSeconds, 2))
        row.append(fixed(Double(cost.peakMemoryBytes) / 1e6, 0))
      }
      t.append(row)
    }
    return t.rendered
  }
}
