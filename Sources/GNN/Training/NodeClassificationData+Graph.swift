import GraphData
import Tensors

extension NodeClassificationData {
  /// How a stored graph becomes training input.
  public struct Preparation: Codable, Sendable, Equatable {
    /// Divide each node's features by their sum (Kipf & Welling's preprocessing for
    /// bag-of-words features). Applied only to non-negative features: a row of real-valued
    /// features (e.g. Gaussian) can sum to nearly zero, and dividing by it would blow it up.
    public var rowNormalizeFeatures: Bool
    /// Add the reverse of every edge of a directed graph, so messages flow both ways (what
    /// GCN papers do with citation graphs).
    public var symmetrize: Bool

    /// Creates the settings (defaults: normalise features, symmetrise directed graphs).
    public init(rowNormalizeFeatures: Bool = true, symmetrize: Bool = true) {
      self.rowNormalizeFeatures = rowNormalizeFeatures
      self.symmetrize = symmetrize
    }
  }

  /// Training input from a stored ``Graph`` and one of its named splits.
  ///
  /// Sparse features stay sparse (the first layer multiplies them directly); a graph without
  /// features gets one-hot identity features.
  /// - Throws: ``ConfigurationError`` when the split does not exist (naming the ones that do),
  ///   when the graph has no labels, or when the split's training nodes are unlabelled.
  public init(graph: Graph, splitName: String, preparation: Preparation = .init()) throws {
    guard let split = graph.splits[splitName] else {
      let available = graph.splits.keys.sorted()
      throw ConfigurationError(
        setting: "split",
        expected: available.isEmpty
          ? "a split in the graph (it has none; make one with `graphkd split FILE --labels-per-class K`)"
          : "one of the graph's splits: \(available.joined(separator: ", "))",
        actual: "'\(splitName)'")
    }
    let classCount = graph.classCount
    guard classCount > 1 else {
      throw ConfigurationError(
        setting: "labels", expected: "labels of at least two classes",
        actual: "\(classCount) class(es) in \(graph.name)")
    }
    let input = try Self.modelInput(graph, preparation: preparation)
    try self.init(
      features: input.features, labels: graph.labels, graph: input.structure, classCount: classCount,
      trainNodes: split.train, validationNodes: split.validation, testNodes: split.test)
    appliedPreparation = Preparation(rowNormalizeFeatures: input.rowNormalized, symmetrize: preparation.symmetrize)
  }

  /// What a model reads of `graph`, prepared as for training: the features (row-normalised
  /// when asked and non-negative; one-hot identity features when the graph has none) and the
  /// structure (symmetrised when asked and directed). `rowNormalized` says whether the features
  /// were normalised, which a saved model records so that new inputs get the same treatment.
  public static func modelInput(_ graph: Graph, preparation: Preparation) throws -> (
    features: LayerInput, structure: GraphStructure, rowNormalized: Bool
  ) {
    let features: LayerInput
    var normalized = false
    switch graph.features {
    case .sparse(let m)?:
      normalized = preparation.rowNormalizeFeatures && m.values.allSatisfy { $0 >= 0 }
      features = .sparse(normalized ? m.rowNormalized() : m)
    case .dense(let t)?:
      normalized = preparation.rowNormalizeFeatures && t.scalars.allSatisfy { $0 >= 0 }
      features = .dense(Variable(normalized ? Self.rowNormalized(t) : t))
    case nil:
      features = .sparse(CSRMatrix.identity(graph.nodeCount))
    }
    var adjacency = graph.adjacency
    if graph.isDirected && preparation.symmetrize { adjacency = try Self.symmetrized(adjacency) }
    return (features, try GraphStructure(adjacency: adjacency), normalized)
  }

  /// Each row divided by its sum (rows summing to zero unchanged).
  static func rowNormalized(_ t: Tensor) -> Tensor {
    var out = t
    let (n, f) = (t.rowCount, t.columnCount)
    out.withUnsafeMutableBufferPointer { p in
      for i in 0..<n {
        var s: Float = 0
        for j in 0..<f { s += p[i * f + j] }
        guard s != 0 else { continue }
        for j in 0..<f { p[i * f + j] /= s }
      }
    }
    return out
  }

  /// A ∪ Aᵀ with unit weights where either direction exists (the larger weight is kept).
  static func symmetrized(_ a: CSRMatrix) throws -> CSRMatrix {
    let rows = a.rowIndices
    return try CSRMatrix(
      rowCount: a.rowCount, columnCount: a.columnCount, rows: rows + a.columnIndices, columns: a.columnIndices + rows,
      values: a.values + a.values, duplicates: .max)
  }
}
