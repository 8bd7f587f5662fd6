import ArgumentParser
import Foundation
import GraphKD

/// `graphkd predict`: a saved node classifier's predictions on a graph file.
struct Predict: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Predict node classes with a saved model (from `graphkd run`, `train`, `distill`, … --save-model).",
    discussion: """
      Prepares the graph as the model's training graph was (feature normalisation, symmetrised \
      edges), runs the model on every node and reports the selected ones: with labels present, \
      their accuracy and macro-F1 (on the test nodes, exactly what the training command reported). \
      An MLP needs only the features, so the graph file may have no edges; a GNN predicts for \
      nodes whose edges are in the file, new nodes included.

      --nodes: all | test (the test nodes of the model's own split) | SPLIT/PART (e.g. \
      k5_seed0/val) | FILE (one node per line: an index, or a name from /node_names).
      --out: FILE.h5 (nodes, predicted, probabilities), FILE.npy (probabilities) or FILE.csv.

      Examples:
        graphkd predict runs/cora-public-seed0/models/mlp.h5 data/cora.h5 --nodes test
        graphkd predict model.h5 new-nodes.h5 --out predictions.csv
      """)

  @Argument(help: "The model file (HDF5, GraphKD model schema).")
  var model: String

  @Argument(help: "The graph file (HDF5, GraphKD schema) holding the nodes' features (and edges, for a GNN).")
  var graph: String

  @Option(help: "Which nodes: all, test, SPLIT/PART or a file of node ids (default: all).")
  var nodes = "all"

  @Option(help: "Write the predictions to FILE.h5, FILE.npy or FILE.csv.")
  var out: String?

  @Flag(help: "Replace an existing --out file.")
  var force = false

  @Flag(help: "Print the summary as JSON on standard output.")
  var json = false

  func validate() throws {
    for path in [model, graph] where !FileManager.default.fileExists(atPath: path) {
      throw ValidationError("\(path): no such file.")
    }
    if let out, !NodePredictionTable.extensions.contains(URL(fileURLWithPath: out).pathExtension.lowercased()) {
      throw ValidationError("--out \(out): expected a file ending in .h5, .npy or .csv.")
    }
  }

  func run() throws {
    let trained = try TrainedNodeClassifier(contentsOf: URL(fileURLWithPath: model))
    let g = try HDF5GraphStore.read(from: URL(fileURLWithPath: graph))
    let rows = try selectedNodes(in: g, split: trained.provenance.split)
    let prediction = try trained.predict(on: g, file: graph)
    let labelled = rows.filter { g.labels[$0] >= 0 }
    var summary = PredictSummary(
      model: model, graph: graph, nodes: nodes, count: rows.count, labelled: labelled.count, correct: nil,
      accuracy: nil, macroF1: nil)
    if !labelled.isEmpty {
      let accuracy = ClassificationMetrics.accuracy(predictions: prediction.classes, labels: g.labels, rows: labelled)
      summary.accuracy = accuracy
      summary.correct = labelled.reduce(0) { $0 + (prediction.classes[$1] == g.labels[$1] ? 1 : 0) }
      summary.macroF1 = ClassificationMetrics.macroF1(
        predictions: prediction.classes, labels: g.labels, rows: labelled, classCount: trained.model.classCount)
    }
    if let out {
      let c = prediction.probabilities.columnCount
      var probabilities = [Float](repeating: 0, count: rows.count * c)
      prediction.probabilities.withUnsafeBufferPointer { p in
        for (r, node) in rows.enumerated() {
          for j in 0..<c { probabilities[r * c + j] = p[node * c + j] }
        }
      }
      let table = NodePredictionTable(
        nodes: rows, probabilities: try Tensor(shape: [rows.count, c], scalars: probabilities),
        predicted: rows.map { prediction.classes[$0] }, classNames: trained.classNames ?? g.classNames,
        nodeNames: g.nodeNames.map { names in rows.map { names[$0] } })
      try table.write(to: URL(fileURLWithPath: out), overwrite: force)
      summary.out = out
    }
    if json {
      try printJSON(summary)
    } else {
      print(summary.text)
    }
  }

  /// The rows `--nodes` names.
  func selectedNodes(in g: Graph, split modelSplit: String?) throws -> [Int] {
    switch nodes {
    case "all": return Array(0..<g.nodeCount)
    case "test":
      let name = modelSplit ?? GraphSchema.publicSplit
      return try part(of: g, split: name, part: "test", option: "test (the model's split '\(name)')")
    default:
      if !FileManager.default.fileExists(atPath: nodes), nodes.contains("/") {
        let pieces = nodes.split(separator: "/", maxSplits: 1).map(String.init)
        return try part(of: g, split: pieces[0], part: pieces.count > 1 ? pieces[1] : "", option: nodes)
      }
      return try nodeList(in: g)
    }
  }

  private func part(of g: Graph, split: String, part: String, option: String) throws -> [Int] {
    guard let s = g.splits[split] else {
      let available = g.splits.keys.sorted()
      throw ValidationError(
        "--nodes \(option): \(graph) has no split '\(split)'"
          + (available.isEmpty ? " (it has none)." : "; its splits: \(available.joined(separator: ", ")).")
          + " Use --nodes all, SPLIT/PART or a file of node ids.")
    }
    guard let nodes = s.parts.first(where: { $0.name == part })?.nodes else {
      throw ValidationError("--nodes \(option): expected a part train, val or test, but got '\(part)'.")
    }
    return nodes
  }

  /// Node ids read from the file `--nodes`: an index per line, or a name from `/node_names`.
  private func nodeList(in g: Graph) throws -> [Int] {
    guard FileManager.default.fileExists(atPath: nodes) else {
      throw ValidationError("--nodes \(nodes): expected all, test, SPLIT/PART or an existing file of node ids.")
    }
    let text = try String(contentsOfFile: nodes, encoding: .utf8)
    let byName = g.nodeNames.map { Dictionary($0.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
    var rows: [Int] = []
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty { continue }
      if let index = Int(line), index >= 0, index < g.nodeCount, byName?[line] == nil {
        rows.append(index)
      } else if let index = byName?[line] {
        rows.append(index)
      } else {
        throw ValidationError(
          "\(nodes): line \(i + 1): expected a node index in 0..<\(g.nodeCount)"
            + (g.nodeNames == nil ? "" : " or a name in /node_names") + ", but got '\(line.prefix(80))'.")
      }
    }
    return rows
  }
}

/// What `graphkd predict` reports (printed, or as JSON with --json).
struct PredictSummary: Codable {
  var model: String
  var graph: String
  var nodes: String
  var count: Int
  var labelled: Int
  var correct: Int?
  var accuracy: Double?
  var macroF1: Double?
  var out: String?

  var text: String {
    var s = "\(model) on \(graph): \(count) nodes (--nodes \(nodes))"
    if let accuracy, let macroF1, let correct {
      s +=
        ", accuracy \(fixed(100 * accuracy, 1)) % (\(correct) of \(labelled) labelled), "
        + "macro-F1 \(fixed(100 * macroF1, 1)) %"
    } else {
      s += ", none labelled"
    }
    if let out { s += "; predictions → \(out)" }
    return s
  }
}
