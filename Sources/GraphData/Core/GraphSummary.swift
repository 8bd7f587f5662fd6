/// Statistics of a ``Graph`` for `graphkd inspect` and for reports: size, edges, degrees,
/// features, classes, splits, soft-label runs and interactions. `Codable`, so `inspect --json`
/// is this value encoded.
///
/// - `edges` counts undirected edges once (self loops once) for an undirected graph, and
///   stored entries for a directed one.
/// - `isolatedNodes` are nodes with no edge to another node (self loops ignored, in- and
///   out-edges both count).
/// - Degrees are out-degrees (the row lengths of the adjacency); for a directed graph
///   `inDegree` holds the in-degrees.
///
/// ```swift
/// let s = GraphSummary(graph)
/// print(s.nodes, s.edges, s.features?.dimension ?? 0)   // 2708 5278 1433
/// ```
public struct GraphSummary: Codable, Sendable, Equatable {
  /// Minimum, median, mean and maximum of a degree sequence.
  public struct DegreeStatistics: Codable, Sendable, Equatable {
    /// The smallest degree.
    public var min: Int
    /// The median (the mean of the two middle values for an even count).
    public var median: Double
    /// The mean.
    public var mean: Double
    /// The largest degree.
    public var max: Int

    init(_ degrees: [Int]) {
      let sorted = degrees.sorted()
      let n = sorted.count
      min = sorted.first ?? 0
      max = sorted.last ?? 0
      median = n == 0 ? 0 : (n % 2 == 1 ? Double(sorted[n / 2]) : Double(sorted[n / 2 - 1] + sorted[n / 2]) / 2)
      mean = n == 0 ? 0 : Double(sorted.reduce(0, +)) / Double(n)
    }
  }

  /// Feature matrix facts.
  public struct FeatureStatistics: Codable, Sendable, Equatable {
    /// F.
    public var dimension: Int
    /// `dense` or `sparse`.
    public var layout: String
    /// Non-zero entries.
    public var nonzeros: Int
    /// `nonzeros / (N · F)`.
    public var density: Double
  }

  /// One class and how many nodes carry it.
  public struct ClassCount: Codable, Sendable, Equatable {
    /// The class id.
    public var id: Int
    /// The class name, when known.
    public var name: String?
    /// Nodes labelled with it.
    public var count: Int
  }

  /// One split's sizes and per-class balance.
  public struct SplitStatistics: Codable, Sendable, Equatable {
    /// The split's name.
    public var name: String
    /// Training, validation and test sizes.
    public var train: Int, validation: Int, test: Int
    /// Training nodes per class id (unknown labels not counted).
    public var trainPerClass: [Int]
    /// Validation nodes per class id.
    public var validationPerClass: [Int]
    /// Test nodes per class id.
    public var testPerClass: [Int]
    /// Training nodes whose label is unknown.
    public var unlabelledTrain: Int
    /// For generated splits: k.
    public var labelsPerClass: Int?
    /// For generated splits: the seed.
    public var seed: UInt64?
  }

  /// One stored soft-label run.
  public struct SoftLabelStatistics: Codable, Sendable, Equatable {
    /// The run's name.
    public var name: String
    /// The producing method.
    public var method: String
    /// When it was made.
    public var created: String
    /// The temperature.
    public var temperature: Double
    /// The seed.
    public var seed: UInt64
    /// C, the columns of `probs`.
    public var classes: Int
    /// Columns of `hidden`, when stored.
    public var hiddenDimension: Int?
  }

  /// Recommendation data facts.
  public struct InteractionStatistics: Codable, Sendable, Equatable {
    /// Users.
    public var users: Int
    /// Items.
    public var items: Int
    /// Observed interactions.
    public var observed: Int
    /// Interactions per held-out set.
    public var heldOut: [String: Int]
  }

  /// The graph's name.
  public var name: String
  /// N.
  public var nodes: Int
  /// Whether edges are directed.
  public var directed: Bool
  /// Whether the adjacency is symmetric (it must be when undirected).
  public var symmetric: Bool
  /// Stored adjacency entries.
  public var storedEntries: Int
  /// Edges (undirected edges once).
  public var edges: Int
  /// Entries (i, i).
  public var selfLoops: Int
  /// Nodes without an edge to another node.
  public var isolatedNodes: Int
  /// Out-degree statistics.
  public var degree: DegreeStatistics
  /// In-degree statistics (directed graphs).
  public var inDegree: DegreeStatistics?
  /// Whether any edge weight differs from 1.
  public var weighted: Bool
  /// Feature facts, when the graph has features.
  public var features: FeatureStatistics?
  /// Labelled nodes.
  public var labelledNodes: Int
  /// Nodes whose label is unknown.
  public var unlabelledNodes: Int
  /// Classes with their node counts.
  public var classes: [ClassCount]
  /// Edge homophily: the share of edges between two labelled nodes (self loops excluded) that
  /// join nodes of the same class — near 1 where neighbours share a class (Cora: 0.81), low
  /// where they usually differ (the WebKB graphs); `nil` without such edges.
  public var edgeHomophily: Double?
  /// Splits, by name.
  public var splits: [SplitStatistics]
  /// Soft-label runs, by name.
  public var softLabels: [SoftLabelStatistics]
  /// Interaction facts, for recommendation datasets.
  public var interactions: InteractionStatistics?

  /// Computes the statistics of `graph`.
  public init(_ graph: Graph) {
    let a = graph.adjacency
    let n = graph.nodeCount
    name = graph.name
    nodes = n
    directed = graph.isDirected
    symmetric = Graph.firstAsymmetry(a) == nil
    storedEntries = a.nonzeroCount
    var loops = 0
    var outDegree = [Int](repeating: 0, count: n)
    var inDegree = [Int](repeating: 0, count: n)
    var touched = [Bool](repeating: false, count: n)
    var (sameClass, labelledEdges) = (0, 0)
    let labels = graph.labels
    for i in 0..<n {
      outDegree[i] = a.rowPointers[i + 1] - a.rowPointers[i]
      for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
        let j = Int(a.columnIndices[k])
        inDegree[j] += 1
        if j == i {
          loops += 1
        } else {
          touched[i] = true
          touched[j] = true
          if labels[i] >= 0 && labels[j] >= 0 {
            labelledEdges += 1
            if labels[i] == labels[j] { sameClass += 1 }
          }
        }
      }
    }
    selfLoops = loops
    edgeHomophily = labelledEdges > 0 ? Double(sameClass) / Double(labelledEdges) : nil
    edges = graph.isDirected ? a.nonzeroCount : loops + (a.nonzeroCount - loops) / 2
    isolatedNodes = touched.lazy.filter { !$0 }.count
    degree = DegreeStatistics(outDegree)
    self.inDegree = graph.isDirected ? DegreeStatistics(inDegree) : nil
    weighted = graph.hasEdgeWeights
    features = graph.features.map {
      FeatureStatistics(
        dimension: $0.dimension, layout: $0.isSparse ? "sparse" : "dense", nonzeros: $0.nonzeroCount,
        density: $0.density)
    }
    let c = graph.classCount
    var counts = [Int](repeating: 0, count: c)
    var unknown = 0
    for y in graph.labels {
      if y >= 0 { counts[y] += 1 } else { unknown += 1 }
    }
    labelledNodes = n - unknown
    unlabelledNodes = unknown
    classes = (0..<c).map { ClassCount(id: $0, name: graph.classNames?[$0], count: counts[$0]) }
    func perClass(_ nodes: [Int]) -> [Int] {
      var out = [Int](repeating: 0, count: c)
      for i in nodes where graph.labels[i] >= 0 { out[graph.labels[i]] += 1 }
      return out
    }
    splits = graph.splits.sorted { $0.key < $1.key }.map { name, s in
      SplitStatistics(
        name: name, train: s.train.count, validation: s.validation.count, test: s.test.count,
        trainPerClass: perClass(s.train), validationPerClass: perClass(s.validation), testPerClass: perClass(s.test),
        unlabelledTrain: s.train.filter { graph.labels[$0] < 0 }.count, labelsPerClass: s.labelsPerClass, seed: s.seed)
    }
    softLabels = graph.softLabels.sorted { $0.key < $1.key }.map { name, run in
      SoftLabelStatistics(
        name: name, method: run.method, created: run.created, temperature: run.temperature, seed: run.seed,
        classes: run.probabilities.shape.last ?? 0, hiddenDimension: run.hidden?.shape.last)
    }
    interactions = graph.interactions.map { i in
      InteractionStatistics(
        users: i.userCount, items: i.itemCount, observed: i.observed.nonzeroCount,
        heldOut: i.heldOut.mapValues(\.nonzeroCount))
    }
  }
}
