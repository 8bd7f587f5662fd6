import Tensors

/// A graph with everything GraphKD learns from: the adjacency, node features, labels, named
/// splits, stored soft labels and, for recommendation data, user → item interactions.
///
/// - `adjacency`: an `N × N` ``CSRMatrix`` of out-edges, column indices sorted and unique within
///   each row; values are edge weights (1 when the source had none). For an undirected graph it
///   is symmetric and every edge is stored in both directions.
/// - `features`: ``NodeFeatures``, dense `[N, F]` or sparse `N × F`, or `nil`.
/// - `labels`: `N` class ids, `-1` where the class is unknown.
/// - `splits`, `softLabels`: named ``Split``s and ``SoftLabelRun``s.
/// - `interactions`: ``Interactions`` for recommendation datasets; then the adjacency is the
///   bipartite user–item graph of the observed interactions (users `0..<U`, items `U..<U+I`).
///
/// A `Graph` is validated when it is made: every count, range and ordering rule of the schema
/// holds (see `docs/hdf5-schema.md`), and the initialiser throws a ``GraphDataError`` naming the
/// first field that breaks one. ``HDF5GraphStore`` reads and writes it.
///
/// ```swift
/// var graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: "data/cora.h5"))
/// graph.nodeCount                      // 2708
/// graph.splits["public"]?.train.count  // 140
/// ```
public struct Graph: Sendable, Equatable {
  /// A short name, e.g. `cora`.
  public var name: String
  /// Whether edges are directed; when `false`, ``adjacency`` is symmetric.
  public let isDirected: Bool
  /// The `N × N` adjacency (out-edges).
  public let adjacency: CSRMatrix
  /// Node features, if any.
  public let features: NodeFeatures?
  /// One class id per node, `-1` when unknown.
  public let labels: [Int]
  /// Class names indexed by class id, if known.
  public let classNames: [String]?
  /// Node names (e.g. paper ids) indexed by node, if known.
  public let nodeNames: [String]?
  /// Named node splits.
  public private(set) var splits: [String: Split]
  /// Stored teacher soft labels by run name.
  public private(set) var softLabels: [String: SoftLabelRun]
  /// User → item interactions of a recommendation dataset.
  public let interactions: Interactions?

  /// Creates a graph, validating every field against the others.
  ///
  /// - Parameters:
  ///   - labels: one class id per node (`-1` = unknown), or `nil` when no node is labelled.
  ///   - classNames: names for class ids `0..<C`; when given, labels must be `< C`.
  /// - Throws: ``GraphDataError`` naming the first inconsistent field (a non-square adjacency,
  ///   an asymmetric adjacency for an undirected graph, a feature or label count ≠ `N`, a label
  ///   outside `-1..<C`, a split index out of range or in two parts, soft labels that are not
  ///   probabilities).
  public init(
    name: String, isDirected: Bool, adjacency: CSRMatrix, features: NodeFeatures? = nil, labels: [Int]? = nil,
    classNames: [String]? = nil, nodeNames: [String]? = nil, splits: [String: Split] = [:],
    softLabels: [String: SoftLabelRun] = [:], interactions: Interactions? = nil
  ) throws {
    self.init(
      unchecked: name, isDirected: isDirected, adjacency: adjacency, features: features,
      labels: labels ?? [Int](repeating: -1, count: adjacency.rowCount), classNames: classNames,
      nodeNames: nodeNames, splits: splits, softLabels: softLabels, interactions: interactions)
    try validate(checkSymmetry: true)
  }

  /// Creates a graph whose fields the caller has already validated (the HDF5 reader).
  init(
    unchecked name: String, isDirected: Bool, adjacency: CSRMatrix, features: NodeFeatures?, labels: [Int],
    classNames: [String]?, nodeNames: [String]?, splits: [String: Split], softLabels: [String: SoftLabelRun],
    interactions: Interactions?
  ) {
    self.name = name
    self.isDirected = isDirected
    self.adjacency = adjacency
    self.features = features
    self.labels = labels
    self.classNames = classNames
    self.nodeNames = nodeNames
    self.splits = splits
    self.softLabels = softLabels
    self.interactions = interactions
  }

  /// The number of nodes N.
  public var nodeCount: Int { adjacency.rowCount }

  /// The number of stored adjacency entries (each undirected edge counts twice, a self loop
  /// once).
  public var storedEdgeCount: Int { adjacency.nonzeroCount }

  /// The number of classes: the count of class names when known, otherwise the largest label
  /// plus one.
  public var classCount: Int { classNames?.count ?? ((labels.max() ?? -1) + 1) }

  /// Whether any edge weight differs from 1 (then `/graph/weights` is written).
  public var hasEdgeWeights: Bool {
    adjacency.values.withUnsafeBufferPointer { p in
      for v in p where v != 1 { return true }
      return false
    }
  }

  /// Adds or replaces split `name`.
  /// - Throws: ``GraphDataError`` when the name is not a valid HDF5 link name, an index is out
  ///   of range, or a node appears twice.
  public mutating func setSplit(_ split: Split, named name: String) throws {
    try GraphSchema.checkName(name, field: "split")
    try Graph.checkSplit(split, named: name, nodeCount: nodeCount, file: "", fieldPrefix: "splits/\(name)")
    splits[name] = split
  }

  /// Adds or replaces soft-label run `name`.
  /// - Throws: ``GraphDataError`` when the name is not a valid HDF5 link name or the run's
  ///   shapes or values are wrong.
  public mutating func setSoftLabels(_ run: SoftLabelRun, named name: String) throws {
    try GraphSchema.checkName(name, field: "soft-label run")
    try Graph.checkSoftLabels(run, named: name, nodeCount: nodeCount, file: "")
    softLabels[name] = run
  }

  /// The bytes the graph's arrays occupy in memory (adjacency, features, labels; splits, names
  /// and soft labels excluded).
  public var byteCount: Int {
    adjacency.byteCount + (features?.byteCount ?? 0) + labels.count * MemoryLayout<Int>.stride
  }
}
