import Tensors

/// Everything a node-classification run trains and evaluates on: features, labels, the graph
/// and one train/validation/test split.
public struct NodeClassificationData {
  /// `[N, F]` input features.
  public var features: LayerInput
  /// `[N]` class ids, -1 where unknown.
  public var labels: [Int]
  /// The graph.
  public var graph: GraphStructure
  /// Number of classes C.
  public var classCount: Int
  /// Training node ids (their labels are the supervision).
  public var trainNodes: [Int]
  /// Validation node ids (model selection).
  public var validationNodes: [Int]
  /// Test node ids (reported once).
  public var testNodes: [Int]
  /// How the features and structure were prepared from a stored graph, with
  /// `rowNormalizeFeatures` telling whether normalisation was actually applied (what a saved
  /// model records); nothing is applied to data built from tensors directly.
  public var appliedPreparation = Preparation(rowNormalizeFeatures: false, symmetrize: false)

  /// Bundles the pieces and checks that they fit together.
  /// - Throws: ``ConfigurationError`` when counts differ, an index is out of range, the
  ///   training split is empty or contains nodes without a label.
  public init(
    features: LayerInput, labels: [Int], graph: GraphStructure, classCount: Int, trainNodes: [Int],
    validationNodes: [Int], testNodes: [Int]
  ) throws {
    self.features = features
    self.labels = labels
    self.graph = graph
    self.classCount = classCount
    self.trainNodes = trainNodes
    self.validationNodes = validationNodes
    self.testNodes = testNodes
    try validate()
  }

  /// Checks counts, ranges and that every training node has a label.
  public func validate() throws {
    let n = graph.nodeCount
    guard features.nodeCount == n else {
      throw ConfigurationError(
        setting: "features", expected: "\(n) rows (one per node)", actual: "\(features.nodeCount)")
    }
    guard labels.count == n else {
      throw ConfigurationError(setting: "labels", expected: "\(n) labels (one per node)", actual: "\(labels.count)")
    }
    for (name, rows) in [("train", trainNodes), ("val", validationNodes), ("test", testNodes)] {
      if let bad = rows.first(where: { $0 < 0 || $0 >= n }) {
        throw ConfigurationError(setting: "split.\(name)", expected: "node ids in 0..<\(n)", actual: "\(bad)")
      }
    }
    guard !trainNodes.isEmpty else {
      throw ConfigurationError(setting: "split.train", expected: "at least one training node", actual: "none")
    }
    let unknown = trainNodes.filter { labels[$0] < 0 || labels[$0] >= classCount }
    if unknown.count == trainNodes.count {
      throw ConfigurationError(
        setting: "split.train", expected: "labelled training nodes (labels in 0..<\(classCount))",
        actual:
          "all \(trainNodes.count) training nodes have label -1 (unknown); make a split with labelled nodes, e.g. graphkd split"
      )
    }
    if let first = unknown.first {
      throw ConfigurationError(
        setting: "split.train", expected: "labels in 0..<\(classCount) on every training node",
        actual:
          "\(unknown.count) of \(trainNodes.count) without a valid label (first: node \(first), label \(labels[first]))"
      )
    }
  }
}
