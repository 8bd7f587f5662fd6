import Synchronization
import Tensors

/// The graph a GNN layer propagates over: the adjacency and the normalised forms layers need,
/// each computed once on first use and cached (GCN's Â, the mean-aggregation matrix, the
/// attention pattern with self loops).
///
/// Build one per graph and reuse it across epochs; it is immutable and thread-safe.
///
/// ```swift
/// let graph = try GraphStructure(adjacency: a)
/// let aHat = try graph.gcnNormalized        // D̃^{-1/2}(A + I)D̃^{-1/2}
/// ```
public final class GraphStructure: Sendable {
  /// The `[N, N]` adjacency (row i lists the nodes i receives messages from).
  public let adjacency: CSRMatrix

  private let gcn: Mutex<CSRMatrix?>
  private let mean: Mutex<CSRMatrix?>
  private let selfLoops: Mutex<CSRMatrix?>

  /// Wraps a square adjacency.
  /// - Throws: ``TensorError`` if the matrix is not square.
  public convenience init(adjacency: CSRMatrix) throws {
    try self.init(adjacency: adjacency, gcnNormalized: nil, meanAggregation: nil, withSelfLoops: nil)
  }

  /// Wraps a square adjacency together with normalisations computed elsewhere, which are used
  /// as given instead of being derived from `adjacency` (those left `nil` are derived on first
  /// use as usual).
  ///
  /// This is how a subgraph keeps the normalisation of the graph it was cut from: the rows and
  /// columns of the full graph's Â restricted to the subgraph's nodes carry the *full* degrees,
  /// so a GCN on the subgraph gives the full-graph answer for nodes whose neighbourhood it holds.
  /// - Throws: ``TensorError`` if a matrix is not `N × N` for the adjacency's `N`.
  public init(
    adjacency: CSRMatrix, gcnNormalized: CSRMatrix?, meanAggregation: CSRMatrix?, withSelfLoops: CSRMatrix?
  ) throws {
    let n = adjacency.rowCount
    for (name, m) in [
      ("adjacency", adjacency), ("gcnNormalized", gcnNormalized), ("meanAggregation", meanAggregation),
      ("withSelfLoops", withSelfLoops),
    ] {
      guard let m else { continue }
      guard m.rowCount == n, m.columnCount == n else {
        throw TensorError.shape(
          "GraphStructure", expected: "a square \(name) matrix of \(n) × \(n)",
          actual: "\(m.rowCount) × \(m.columnCount)")
      }
    }
    self.adjacency = adjacency
    gcn = Mutex(gcnNormalized)
    mean = Mutex(meanAggregation)
    selfLoops = Mutex(withSelfLoops)
  }

  /// Number of nodes.
  public var nodeCount: Int { adjacency.rowCount }

  /// Kipf & Welling's Â = D̃^{-1/2}(A + I)D̃^{-1/2} (cached).
  public var gcnNormalized: CSRMatrix {
    get throws {
      try cached(gcn) {
        let aHat = try adjacency.symmetricNormalizedWithSelfLoops()
        return adjacency.isSymmetric ? aHat.declaringSymmetric() : aHat
      }
    }
  }

  /// D⁻¹A, the mean over neighbours used by GraphSAGE (cached). Nodes without neighbours
  /// aggregate to zero.
  public var meanAggregation: CSRMatrix {
    get throws { try cached(mean) { adjacency.rowNormalized() } }
  }

  /// The adjacency with a self loop on every node, weights 1 (the attention pattern of GAT).
  public var withSelfLoops: CSRMatrix {
    get throws {
      try cached(selfLoops) {
        let a = try adjacency.addingSelfLoops(value: 1)
        return try a.withValues([Float](repeating: 1, count: a.nonzeroCount))
      }
    }
  }

  private func cached(_ slot: borrowing Mutex<CSRMatrix?>, _ make: () throws -> CSRMatrix) throws -> CSRMatrix {
    if let m = slot.withLock({ $0 }) { return m }
    let m = try make()
    slot.withLock { $0 = m }
    return m
  }
}
