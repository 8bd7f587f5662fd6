import GNN
import Tensors

/// Answers requests for the predictions of a few nodes the way a serving system would: for a
/// message-passing model it gathers the request's L-hop neighbourhood from the CSR adjacency,
/// builds the induced subgraph and runs the model on it; an MLP needs only the requested rows'
/// features.
///
/// The receptive-field radius L (``hops(for:)``) is the number of layers of a GCN, GraphSAGE or
/// GAT model and the number of propagation steps K of APPNP and SIGN (their MLPs are node-wise). The
/// subgraph's GCN normalisation is the full graph's Â = D̃^{-1/2}(A + I)D̃^{-1/2} restricted to
/// the subgraph's rows and columns (likewise GraphSAGE's D⁻¹A and GAT's self-loop pattern), so
/// the answer equals the full-graph answer for the requested nodes. The full graph's
/// normalisation is computed once, when the predictor is made — as a server would hold it.
///
/// A predictor keeps a scratch index over the full graph's nodes between requests, so it is not
/// thread-safe: use one per thread.
///
/// ```swift
/// let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
/// let logits = try predictor.logits(for: [17, 2_301])   // [2, C], as in the full forward pass
/// ```
public final class RequestPredictor {
  /// The model answering the requests.
  public let model: NodeClassifier
  /// The receptive-field radius in hops (0 for an MLP).
  public let hops: Int
  /// The full graph's node features.
  public let features: LayerInput
  /// The full graph.
  public let graph: GraphStructure

  /// The full-graph normalisation the model propagates with, restricted per request.
  private enum Propagation {
    case none
    case gcn(CSRMatrix)
    case mean(CSRMatrix)
    case selfLoops(CSRMatrix)
  }

  private let propagation: Propagation
  /// Subgraph position + 1 of each full-graph node while a request is being built, else 0.
  private var position: [Int32]

  /// Prepares a predictor over the full graph (computing its normalisation if not yet cached).
  /// - Throws: ``EvaluationError`` when the features do not have one row per node or do not
  ///   match the model's input width; ``TensorError`` from the normalisation.
  public init(model: NodeClassifier, features: LayerInput, graph: GraphStructure) throws {
    guard features.nodeCount == graph.nodeCount else {
      throw EvaluationError(
        operation: "RequestPredictor", expected: "features for the graph's \(graph.nodeCount) nodes",
        actual: "\(features.nodeCount) rows")
    }
    let width = ModelCost.inputDimension(of: model)
    guard features.dimension == width else {
      throw EvaluationError(
        operation: "RequestPredictor", expected: "\(width) features per node (the model's input width)",
        actual: "\(features.dimension)")
    }
    self.model = model
    self.features = features
    self.graph = graph
    hops = Self.hops(for: model.configuration)
    switch model.configuration.architecture {
    case .gcn, .appnp, .sign, .gcnii: propagation = hops > 0 ? .gcn(try graph.gcnNormalized) : .none
    case .sage: propagation = .mean(try graph.meanAggregation)
    case .gat: propagation = .selfLoops(try graph.withSelfLoops)
    case .mlp: propagation = .none
    }
    position = [Int32](repeating: 0, count: graph.nodeCount)
  }

  /// The receptive-field radius of a model: its number of message-passing layers (GCN,
  /// GraphSAGE, GAT), its propagation steps K (APPNP, SIGN) or GCNII layers L, or 0 (MLP).
  public static func hops(for configuration: ModelConfiguration) -> Int {
    switch configuration.architecture {
    case .gcn, .sage, .gat: return configuration.hiddenDimensions.count + 1
    case .appnp, .sign, .gcnii: return configuration.propagationSteps
    case .mlp: return 0
    }
  }

  /// The subgraph that answers a request for `nodes` (repeats allowed): for an MLP just the
  /// nodes' features and an empty graph, otherwise the induced ``hops``-hop neighbourhood.
  /// - Throws: ``EvaluationError`` for an empty request or a node id outside `0..<N`.
  public func subgraph(for nodes: [Int]) throws -> RequestSubgraph {
    let n = graph.nodeCount
    guard !nodes.isEmpty else {
      throw EvaluationError(operation: "RequestPredictor.subgraph", expected: "at least one node id", actual: "none")
    }
    if let k = nodes.firstIndex(where: { $0 < 0 || $0 >= n }) {
      throw EvaluationError(
        operation: "RequestPredictor.subgraph", expected: "node ids in 0..<\(n)",
        actual: "\(nodes[k]) at position \(k)")
    }
    if case .none = propagation {
      return RequestSubgraph(
        nodes: nodes, targetRows: Array(nodes.indices), graph: try Self.emptyGraph(nodes.count),
        features: try Self.rows(of: features, nodes))
    }
    // Breadth-first search along row entries (row i lists the nodes i receives messages from).
    var ball: [Int] = []
    defer { for v in ball { position[v] = 0 } }
    for v in nodes where position[v] == 0 {
      position[v] = 1
      ball.append(v)
    }
    let adjacency = graph.adjacency
    var frontier = 0..<ball.count
    for _ in 0..<hops where !frontier.isEmpty {
      for i in frontier {
        let u = ball[i]
        for k in adjacency.rowPointers[u]..<adjacency.rowPointers[u + 1] {
          let v = Int(adjacency.columnIndices[k])
          if position[v] == 0 {
            position[v] = 1
            ball.append(v)
          }
        }
      }
      frontier = frontier.upperBound..<ball.count
    }
    // Ascending ids keep each row's column order, hence the full graph's summation order.
    ball.sort()
    for (local, v) in ball.enumerated() { position[v] = Int32(local + 1) }
    let restrictedAdjacency = restrict(adjacency, to: ball)
    let local: GraphStructure
    switch propagation {
    case .none:
      local = try GraphStructure(adjacency: restrictedAdjacency)
    case .gcn(let aHat):
      local = try GraphStructure(
        adjacency: restrictedAdjacency, gcnNormalized: restrict(aHat, to: ball), meanAggregation: nil,
        withSelfLoops: nil)
    case .mean(let mean):
      local = try GraphStructure(
        adjacency: restrictedAdjacency, gcnNormalized: nil, meanAggregation: restrict(mean, to: ball),
        withSelfLoops: nil)
    case .selfLoops(let pattern):
      local = try GraphStructure(
        adjacency: restrictedAdjacency, gcnNormalized: nil, meanAggregation: nil,
        withSelfLoops: restrict(pattern, to: ball))
    }
    let targetRows = nodes.map { Int(position[$0]) - 1 }
    return RequestSubgraph(
      nodes: ball, targetRows: targetRows, graph: local, features: try Self.rows(of: features, ball))
  }

  /// The model's logits for `nodes` (in request order, repeats allowed), computed on the
  /// request's subgraph in evaluation mode without recording gradients: `[nodes.count, C]`.
  /// - Throws: ``EvaluationError`` for an empty request or a node id outside `0..<N`.
  public func logits(for nodes: [Int]) throws -> Tensor {
    try answer(nodes).logits
  }

  /// The logits for `nodes` and the number of nodes the model ran on.
  func answer(_ nodes: [Int]) throws -> (logits: Tensor, subgraphNodeCount: Int) {
    let request = try subgraph(for: nodes)
    let wasTraining = model.isTraining
    if wasTraining { model.isTraining = false }
    defer { if wasTraining { model.isTraining = true } }
    let out = try withoutGradients { try model(request.features, graph: request.graph) }
    return (try Kernels.gatherRows(out.value, indices: request.targetRows), request.nodes.count)
  }

  /// `m` restricted to the rows and columns `nodes` (ascending), using the current positions.
  private func restrict(_ m: CSRMatrix, to nodes: [Int]) -> CSRMatrix {
    var pointers = [Int](repeating: 0, count: nodes.count + 1)
    var columns: [Int32] = []
    var values: [Float] = []
    for (r, v) in nodes.enumerated() {
      for k in m.rowPointers[v]..<m.rowPointers[v + 1] {
        let p = position[Int(m.columnIndices[k])]
        guard p > 0 else { continue }
        columns.append(p - 1)
        values.append(m.values[k])
      }
      pointers[r + 1] = columns.count
    }
    return CSRMatrix(
      unchecked: nodes.count, columnCount: nodes.count, rowPointers: pointers, columnIndices: columns, values: values)
  }

  /// An `n × n` graph without edges.
  private static func emptyGraph(_ n: Int) throws -> GraphStructure {
    try GraphStructure(
      adjacency: CSRMatrix(
        unchecked: n, columnCount: n, rowPointers: [Int](repeating: 0, count: n + 1), columnIndices: [], values: []))
  }

  /// The rows `nodes` of the features, in that order (sparse features stay sparse).
  private static func rows(of features: LayerInput, _ nodes: [Int]) throws -> LayerInput {
    switch features {
    case .dense(let x):
      return .dense(Variable(try Kernels.gatherRows(x.value, indices: nodes)))
    case .sparse(let m):
      var pointers = [Int](repeating: 0, count: nodes.count + 1)
      var total = 0
      for (r, v) in nodes.enumerated() {
        total += m.rowPointers[v + 1] - m.rowPointers[v]
        pointers[r + 1] = total
      }
      var columns: [Int32] = []
      var values: [Float] = []
      columns.reserveCapacity(total)
      values.reserveCapacity(total)
      for v in nodes {
        columns.append(contentsOf: m.columnIndices[m.rowPointers[v]..<m.rowPointers[v + 1]])
        values.append(contentsOf: m.values[m.rowPointers[v]..<m.rowPointers[v + 1]])
      }
      return .sparse(
        CSRMatrix(
          unchecked: nodes.count, columnCount: m.columnCount, rowPointers: pointers, columnIndices: columns,
          values: values))
    }
  }
}
