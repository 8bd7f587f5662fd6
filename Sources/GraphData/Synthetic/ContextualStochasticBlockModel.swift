import Foundation
import Tensors

/// A contextual stochastic block model: a random graph whose edges prefer nodes of the same
/// class and whose features are Gaussian around a class mean (Deshpande et al., "Contextual
/// Stochastic Block Models", NeurIPS 2018) — labelled graphs of any size for benchmarks and
/// tests.
///
/// Generation, all from one seed:
/// - node i gets class `i mod C` (balanced classes), or with ``imbalance`` r > 1 the classes get
///   sizes proportional to r^(−c/(C−1)), in consecutive blocks of ids (class 0 the largest, r times
///   the smallest);
/// - each of the `nodes · averageDegree / 2` undirected edges picks a uniform endpoint u, then
///   with probability `homophily` a uniform other node of u's class, otherwise a uniform node of
///   another class; self loops are redrawn and duplicate edges merged, so the realised count can
///   be slightly lower;
/// - class c has a mean μ_c with entries ±`signal`/√F (random signs), and a node's features are
///   μ_c plus standard normal noise.
///
/// ```swift
/// let graph = try ContextualStochasticBlockModel(nodes: 100_000, averageDegree: 20, classes: 10,
///                                                featureDimension: 128, homophily: 0.8).generate(seed: 0)
/// ```
public struct ContextualStochasticBlockModel: Codable, Sendable, Equatable {
  /// Number of nodes N.
  public var nodes: Int
  /// Mean number of neighbours per node (2E / N).
  public var averageDegree: Double
  /// Number of classes C.
  public var classes: Int
  /// Feature dimension F.
  public var featureDimension: Int
  /// Fraction of edges that join nodes of the same class.
  public var homophily: Double
  /// Distance scale between class means (larger = features more informative).
  public var signal: Float
  /// Ratio of the largest class's size to the smallest's (1: balanced).
  public var imbalance: Double

  /// Creates a model description.
  public init(
    nodes: Int, averageDegree: Double, classes: Int, featureDimension: Int, homophily: Double, signal: Float = 1,
    imbalance: Double = 1
  ) {
    self.imbalance = imbalance
    self.nodes = nodes
    self.averageDegree = averageDegree
    self.classes = classes
    self.featureDimension = featureDimension
    self.homophily = homophily
    self.signal = signal
  }

  /// Draws a graph, with a random 10 / 10 / 80 % train / validation / test split named
  /// `random`.
  /// - Throws: ``GraphDataError`` for sizes that cannot work (fewer than 2 nodes per class,
  ///   homophily outside [0, 1]).
  public func generate(seed: UInt64) throws -> Graph {
    guard classes >= 2, nodes >= 2 * classes, featureDimension >= 1, averageDegree >= 0 else {
      throw GraphDataError(
        .value, file: "", location: .field("ContextualStochasticBlockModel"),
        expected: "classes ≥ 2, nodes ≥ 2 · classes, featureDimension ≥ 1, averageDegree ≥ 0",
        actual:
          "classes \(classes), nodes \(nodes), featureDimension \(featureDimension), averageDegree \(averageDegree)")
    }
    guard (0...1).contains(homophily) else {
      throw GraphDataError(
        .value, file: "", location: .field("homophily"), expected: "a fraction in [0, 1]", actual: "\(homophily)")
    }
    guard imbalance >= 1, imbalance.isFinite else {
      throw GraphDataError(
        .value, file: "", location: .field("imbalance"), expected: "a ratio ≥ 1 (1: balanced)", actual: "\(imbalance)")
    }
    var rng = Xoshiro256StarStar(seed: seed)
    let labels = try Self.labels(nodes: nodes, classes: classes, imbalance: imbalance)
    var members = [[Int]](repeating: [], count: classes)  // the nodes of each class, ascending
    for (i, c) in labels.enumerated() { members[c].append(i) }
    let edgeCount = Int((Double(nodes) * averageDegree / 2).rounded())
    var rows = [Int32](repeating: 0, count: 2 * edgeCount)
    var cols = [Int32](repeating: 0, count: 2 * edgeCount)
    var k = 0
    while k < edgeCount {
      let u = rng.nextInt(below: nodes)
      let cu = labels[u]
      let v: Int
      if rng.nextDouble() < homophily {
        v = members[cu][rng.nextInt(below: members[cu].count)]
      } else {
        var c = rng.nextInt(below: classes - 1)
        if c >= cu { c += 1 }
        v = members[c][rng.nextInt(below: members[c].count)]
      }
      guard u != v else { continue }
      rows[2 * k] = Int32(u)
      cols[2 * k] = Int32(v)
      rows[2 * k + 1] = Int32(v)
      cols[2 * k + 1] = Int32(u)
      k += 1
    }
    let adjacency = try CSRMatrix(
      rowCount: nodes, columnCount: nodes, rows: rows, columns: cols, values: nil, duplicates: .max)
    let scale = signal / Float(featureDimension).squareRoot()
    var means = [Float](repeating: 0, count: classes * featureDimension)
    for i in 0..<means.count { means[i] = rng.nextFloat() < 0.5 ? -scale : scale }
    var features = Tensor(zeros: [nodes, featureDimension])
    features.withUnsafeMutableBufferPointer { p in
      for i in 0..<nodes {
        let c = labels[i]
        for j in 0..<featureDimension {
          p[i * featureDimension + j] = means[c * featureDimension + j] + rng.nextNormal()
        }
      }
    }
    var order = Array(0..<nodes)
    rng.shuffle(&order)
    let (nTrain, nVal) = (nodes / 10, nodes / 10)
    let split = Split(
      train: Array(order[0..<nTrain]).sorted(), validation: Array(order[nTrain..<(nTrain + nVal)]).sorted(),
      test: Array(order[(nTrain + nVal)...]).sorted())
    return try Graph(
      name: "csbm-n\(nodes)-d\(averageDegree)-c\(classes)-f\(featureDimension)-h\(homophily)-s\(signal)"
        + (imbalance == 1 ? "" : "-r\(imbalance)") + "-seed\(seed)",
      isDirected: false, adjacency: adjacency, features: .dense(features), labels: labels,
      classNames: (0..<classes).map { "class\($0)" }, splits: ["random": split])
  }

  /// Node i's class: `i mod C` when balanced, else consecutive blocks whose sizes fall
  /// geometrically from class 0 to class C − 1 by the ratio `imbalance` (the smallest must get
  /// at least 2 nodes).
  static func labels(nodes: Int, classes: Int, imbalance: Double) throws -> [Int] {
    guard imbalance > 1 else { return (0..<nodes).map { $0 % classes } }
    let weights = (0..<classes).map { Foundation.pow(imbalance, -Double($0) / Double(classes - 1)) }
    let total = weights.reduce(0, +)
    var sizes = weights.map { Int((Double(nodes) * $0 / total).rounded(.down)) }
    sizes[0] += nodes - sizes.reduce(0, +)  // the remainder goes to the largest class
    guard sizes[classes - 1] >= 2 else {
      throw GraphDataError(
        .value, file: "", location: .field("imbalance"),
        expected: "class sizes of at least 2 nodes (fewer classes, more nodes or a smaller ratio)",
        actual: "\(imbalance) with \(nodes) nodes in \(classes) classes")
    }
    return sizes.enumerated().flatMap { c, size in [Int](repeating: c, count: size) }
  }
}
