import GNN
import Tensors

/// The static cost of a ``NodeClassifier`` on a graph: its parameters and the
/// multiply-accumulates (MACs) a full-graph forward pass spends per node.
///
/// MACs count the products of matrix multiplications, sparse × dense products and dot
/// products; bias additions, activations, dropout, softmax and APPNP's teleport term are not
/// counted. With N nodes, nnz(X) stored feature entries, and the average row lengths
/// ā = nnz(A)/N (GraphSAGE's neighbours), â = nnz(Â)/N (GCN/APPNP, self loops included) and
/// ã = nnz(A + I)/N (GAT's attention pattern), a layer with input width d_in, output width
/// d_out costs per node, with c = nnz(X)/N for the sparse first layer and c = d_in otherwise:
///
/// | layer | MACs per node |
/// | --- | --- |
/// | `Linear` (MLP, APPNP's MLP, auxiliary heads) | c · d_out |
/// | `GCNConv` | c · d_out + â · w, w = d_in when the layer propagates first (dense input narrower than its output), else d_out |
/// | `SAGEConv` | c · d_out (neighbour projection) + c · d_out (root projection) + ā · d_out |
/// | `GATConv`, H heads of width d_out | c · H · d_out + 2 · H · d_out (attention projections) + ã · H · d_out |
/// | `APPNPPropagation`, K steps, C classes | K · â · C |
/// | `GCNIIConv`, width d | â · d + d · d |
/// | `SIGNInception`, K hops of width d_out | (K + 1) · c · d_out + (1 + 2 + … + K) · â · d_out (hop k propagates its projection k times) |
///
/// The sum is the amortised cost of full-graph inference. A request for a single node through a
/// message-passing model costs more: it runs the layers on the node's whole receptive field (see
/// ``RequestPredictor``).
///
/// Example: a 2-layer GCN 1433 → 16 → 7 on Cora (18.17 stored features and 3.90 neighbours per
/// node, â = 4.90) costs 18.17 · 16 + 4.90 · 16 + 16 · 7 + 4.90 · 7 ≈ 515 MACs per node.
public struct ModelCost: Codable, Sendable, Equatable {
  /// The cost of one layer.
  public struct Layer: Codable, Sendable, Equatable {
    /// The layer's place in the model: `layer1`, …, `head1`, …, `propagation`.
    public var name: String
    /// The layer type, e.g. `GCNConv`.
    public var kind: String
    /// Scalar parameters.
    public var parameterCount: Int
    /// Multiply-accumulates per node in a full-graph forward pass.
    public var multiplyAccumulatesPerNode: Double

    /// Creates a layer's cost.
    public init(name: String, kind: String, parameterCount: Int, multiplyAccumulatesPerNode: Double) {
      self.name = name
      self.kind = kind
      self.parameterCount = parameterCount
      self.multiplyAccumulatesPerNode = multiplyAccumulatesPerNode
    }
  }

  /// Scalar parameters of the whole model (auxiliary heads included).
  public var parameterCount: Int
  /// Bytes of the parameters (Float32).
  public var parameterBytes: Int
  /// Multiply-accumulates per node of a full-graph forward pass (sum over ``layers``).
  public var multiplyAccumulatesPerNode: Double
  /// The cost of each layer, input to output, then auxiliary heads and APPNP's propagation.
  public var layers: [Layer]

  /// Derives the cost of `model` on `graph` with `features` (only their sparsity and width are
  /// used), following the formula above.
  /// - Throws: ``EvaluationError`` when the graph is empty, the features do not fit the graph
  ///   or the model, or a layer is of a type the formula does not know; ``TensorError`` from a
  ///   normalisation.
  public init(model: NodeClassifier, features: LayerInput, graph: GraphStructure) throws {
    let n = graph.nodeCount
    guard n > 0 else {
      throw EvaluationError(operation: "ModelCost", expected: "a graph with at least one node", actual: "0 nodes")
    }
    guard features.nodeCount == n else {
      throw EvaluationError(
        operation: "ModelCost", expected: "features for the graph's \(n) nodes", actual: "\(features.nodeCount) rows")
    }
    let inputWidth = Self.inputDimension(of: model)
    guard features.dimension == inputWidth else {
      throw EvaluationError(
        operation: "ModelCost", expected: "\(inputWidth) features per node (the model's input width)",
        actual: "\(features.dimension)")
    }
    let perNode = { (count: Int) in Double(count) / Double(n) }
    let firstCost: Double
    let firstIsSparse: Bool
    switch features {
    case .sparse(let m):
      firstCost = perNode(m.nonzeroCount)
      firstIsSparse = true
    case .dense(let x):
      firstCost = Double(x.value.columnCount)
      firstIsSparse = false
    }
    var layers: [Layer] = []
    for (i, module) in model.layers.enumerated() {
      let c = i == 0 ? firstCost : nil
      let denseInput = !(i == 0 && firstIsSparse)
      let macs: Double
      let kind: String
      switch module {
      case let layer as Linear:
        let (dIn, dOut) = Self.shape(layer.weight)
        macs = (c ?? Double(dIn)) * Double(dOut)
        kind = "Linear"
      case let layer as GCNConv:
        let (dIn, dOut) = Self.shape(layer.linear.weight)
        let propagatedWidth = denseInput && dOut > dIn ? dIn : dOut
        macs =
          (c ?? Double(dIn)) * Double(dOut) + perNode(try graph.gcnNormalized.nonzeroCount) * Double(propagatedWidth)
        kind = "GCNConv"
      case let layer as SAGEConv:
        let (dIn, dOut) = Self.shape(layer.neighbor.weight)
        let projections = layer.root == nil ? 1.0 : 2.0
        macs = projections * (c ?? Double(dIn)) * Double(dOut) + perNode(graph.adjacency.nonzeroCount) * Double(dOut)
        kind = "SAGEConv"
      case let layer as GCNIIConv:
        let d = Double(layer.weight.value.shape[0])
        macs = perNode(try graph.gcnNormalized.nonzeroCount) * d + d * d
        kind = "GCNIIConv"
      case let layer as SIGNInception:
        let (dIn, dOut) = Self.shape(layer.hops[0].weight)
        let k = Double(layer.steps)
        let propagation = k > 0 ? k * (k + 1) / 2 * perNode(try graph.gcnNormalized.nonzeroCount) : 0
        macs = (k + 1) * (c ?? Double(dIn)) * Double(dOut) + propagation * Double(dOut)
        kind = "SIGNInception"
      case let layer as GATConv:
        let (dIn, allHeads) = Self.shape(layer.weight)
        let pattern = perNode(try graph.withSelfLoops.nonzeroCount)
        macs = (c ?? Double(dIn)) * Double(allHeads) + 2 * Double(allHeads) + pattern * Double(allHeads)
        kind = "GATConv"
      default:
        throw EvaluationError(
          operation: "ModelCost", expected: "Linear, GCNConv, SAGEConv, GATConv, GCNIIConv or SIGNInception layers",
          actual: "\(type(of: module)) as layer \(i + 1)")
      }
      layers.append(
        Layer(
          name: "layer\(i + 1)", kind: kind, parameterCount: module.parameterCount, multiplyAccumulatesPerNode: macs))
    }
    for (i, head) in model.auxiliaryHeads.enumerated() {
      let (dIn, dOut) = Self.shape(head.weight)
      layers.append(
        Layer(
          name: "head\(i + 1)", kind: "Linear", parameterCount: head.parameterCount,
          multiplyAccumulatesPerNode: Double(dIn) * Double(dOut)))
    }
    if let propagation = model.propagation {
      let steps = Double(propagation.steps)
      let macs = steps > 0 ? steps * perNode(try graph.gcnNormalized.nonzeroCount) * Double(model.classCount) : 0
      layers.append(
        Layer(name: "propagation", kind: "APPNPPropagation", parameterCount: 0, multiplyAccumulatesPerNode: macs))
    }
    self.layers = layers
    parameterCount = model.parameterCount
    parameterBytes = parameterCount * MemoryLayout<Float>.size
    multiplyAccumulatesPerNode = layers.reduce(0) { $0 + $1.multiplyAccumulatesPerNode }
  }

  /// Multiply-accumulates per node of a node answered by each exit of a model with auxiliary
  /// heads (``EarlyExit``): exit e (head e + 1, on hidden layer e + 1) costs layers 1 … e + 1 and
  /// heads 1 … e + 1 (every head below it was asked first); the last entry, the final layer,
  /// costs every layer, every head and any propagation after the output layer. Empty without
  /// auxiliary heads.
  public var exitCosts: [Double] {
    let heads = layers.filter { $0.name.hasPrefix("head") }.map(\.multiplyAccumulatesPerNode)
    guard !heads.isEmpty else { return [] }
    let body = layers.filter { $0.name.hasPrefix("layer") }.map(\.multiplyAccumulatesPerNode)
    var costs: [Double] = []
    var spent = 0.0
    for (e, head) in heads.enumerated() {
      spent += body[e] + head
      costs.append(spent)
    }
    return costs + [multiplyAccumulatesPerNode]
  }

  /// The mean of ``exitCosts`` over `rows`, each node paying for the exit that answered it
  /// (`exits[i]`, as ``EarlyExit`` gives them); 0 for no rows.
  public func meanExitCost(exits: [Int], rows: [Int]) -> Double {
    let costs = exitCosts
    guard !rows.isEmpty, !costs.isEmpty else { return 0 }
    return rows.reduce(0.0) { $0 + costs[min(exits[$1], costs.count - 1)] } / Double(rows.count)
  }

  /// Multiply-accumulates per node of the model without its auxiliary heads: what answering
  /// every node with the final layer costs when no head is asked.
  public var multiplyAccumulatesWithoutHeads: Double {
    layers.filter { !$0.name.hasPrefix("head") }.reduce(0) { $0 + $1.multiplyAccumulatesPerNode }
  }

  /// The input width of a model: the rows of its first layer's weight.
  public static func inputDimension(of model: NodeClassifier) -> Int {
    switch model.layers.first {
    case let layer as Linear: return layer.weight.value.shape[0]
    case let layer as GCNConv: return layer.linear.weight.value.shape[0]
    case let layer as SAGEConv: return layer.neighbor.weight.value.shape[0]
    case let layer as GATConv: return layer.weight.value.shape[0]
    case let layer as SIGNInception: return layer.hops[0].weight.value.shape[0]
    default: return model.layers.first?.parameters.first?.value.shape.first ?? 0
    }
  }

  private static func shape(_ weight: Variable) -> (Int, Int) {
    (weight.value.shape[0], weight.value.shape[1])
  }
}
