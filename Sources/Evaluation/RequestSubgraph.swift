import GNN
import Tensors

/// What a GNN needs to answer a request for a few nodes: their receptive field (every node
/// within the model's number of message-passing hops), the graph induced on it with the full
/// graph's normalisations restricted to it, and those nodes' features.
///
/// Running the model on ``graph`` and ``features`` and taking rows ``targetRows`` gives the same
/// logits as the full-graph forward pass for the requested nodes (up to floating-point summation
/// order), because every node closer than the receptive-field radius keeps all of its neighbours
/// and every normalisation carries the full graph's degrees.
public struct RequestSubgraph {
  /// The subgraph's nodes as ids of the full graph, ascending.
  public var nodes: [Int]
  /// For each requested node, in request order, its row in the subgraph.
  public var targetRows: [Int]
  /// The induced subgraph (with restricted full-graph normalisations).
  public var graph: GraphStructure
  /// The features of ``nodes``, in that order.
  public var features: LayerInput

  /// Creates a subgraph from its parts.
  public init(nodes: [Int], targetRows: [Int], graph: GraphStructure, features: LayerInput) {
    self.nodes = nodes
    self.targetRows = targetRows
    self.graph = graph
    self.features = features
  }
}
