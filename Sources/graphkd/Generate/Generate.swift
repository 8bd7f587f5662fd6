import ArgumentParser
import Foundation
import GraphData

/// `graphkd generate csbm`: write a synthetic labelled graph, for benchmarks whose graphs span
/// what real graphs vary in (homophily, feature signal, class balance).
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate a synthetic labelled graph into GraphKD HDF5.",
    subcommands: [GenerateCSBM.self])
}

/// `graphkd generate csbm --homophily 0.3 -o csbm-h03.h5`.
struct GenerateCSBM: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "csbm",
    abstract: "A contextual stochastic block model: edges prefer a class, features are Gaussian around class means.",
    discussion: """
      Node i has class i mod C (or, with --imbalance r, classes in blocks whose sizes fall \
      geometrically so that the largest is r times the smallest). A share --homophily of the edges \
      join nodes of the same class; each feature is ±signal/√F around the class mean plus standard \
      normal noise. The file gets a random 10/10/80 % split named random. The same seed writes the \
      same graph.

      Example: graphkd generate csbm --nodes 2000 --homophily 0.3 --signal 2 -o csbm-h0.3.h5
      """)

  @Option(help: "Nodes.")
  var nodes = 2000

  @Option(help: "Mean neighbours per node.")
  var degree = 10.0

  @Option(help: "Classes.")
  var classes = 5

  @Option(help: "Feature dimension.")
  var features = 100

  @Option(help: "Share of edges that join nodes of the same class, in [0, 1].")
  var homophily = 0.8

  @Option(help: "Distance scale of the class means (larger: more informative features).")
  var signal: Float = 1

  @Option(help: "Size of the largest class ÷ the smallest (1: balanced).")
  var imbalance = 1.0

  @Option(help: "Seed of the graph.")
  var seed: UInt64 = 0

  @OptionGroup var output: ConvertOutputOptions

  var model: ContextualStochasticBlockModel {
    ContextualStochasticBlockModel(
      nodes: nodes, averageDegree: degree, classes: classes, featureDimension: features, homophily: homophily,
      signal: signal, imbalance: imbalance)
  }

  /// The default file name, e.g. `csbm-h0.3-s1.0`.
  var stem: String { "csbm-h\(homophily)-s\(signal)" + (imbalance == 1 ? "" : "-r\(imbalance)") }

  func validate() throws {
    // Sizes are checked before anything is allocated: N nodes × F features, N × degree edges.
    guard (2...50_000_000).contains(nodes), (2...10_000).contains(classes), (1...100_000).contains(features),
      degree >= 0, degree <= 10_000, Double(nodes) * Double(features) <= 4e9, Double(nodes) * degree <= 4e9
    else {
      throw ValidationError(
        "sizes out of range: 2 ≤ --nodes ≤ 50,000,000, 2 ≤ --classes ≤ 10,000, 1 ≤ --features ≤ 100,000, "
          + "0 ≤ --degree ≤ 10,000, nodes × features and nodes × degree at most 4e9 (got \(nodes), \(classes), "
          + "\(features), \(degree)).")
    }
    try output.validate(defaultStem: stem)
  }

  func run() throws {
    try output.convert(Generated(model: model, seed: seed), defaultStem: stem)
  }

  /// A generated graph as an importer, so it is written like every converted one.
  struct Generated: GraphImporter {
    var model: ContextualStochasticBlockModel
    var seed: UInt64
    func importGraph(note: (String) -> Void) throws -> Graph { try model.generate(seed: seed) }
  }
}
