import Tensors

/// GraphSAGE with mean aggregation and a root weight (Hamilton, Ying & Leskovec, "Inductive
/// Representation Learning on Large Graphs", NeurIPS 2017; PyG's `SAGEConv` defaults):
///
///     h'_i = W_l · mean_{j ∈ N(i)} h_j + b + W_r · h_i
///
/// Mean aggregation is D⁻¹A, cached in ``GraphStructure``; it is applied after the projection
/// (`D⁻¹A (H W_l)`), which is the same value and cheaper when the output is narrower.
///
/// Shapes: `[N, F_in]` → `[N, F_out]`.
public final class SAGEConv: Module {
  /// The neighbour projection W_l with the bias.
  public let neighbor: Linear
  /// The root projection W_r (no bias), or `nil` without a root weight.
  public let root: Linear?
  /// Unused (no noise inside the layer).
  public var isTraining = true

  /// Creates a layer.
  public init(
    inputDimension: Int, outputDimension: Int, rootWeight: Bool = true, random: RandomSource, name: String = "sage"
  ) {
    neighbor = Linear(
      inputDimension: inputDimension, outputDimension: outputDimension, random: random, name: "\(name).neighbor")
    root =
      rootWeight
      ? Linear(
        inputDimension: inputDimension, outputDimension: outputDimension, bias: false, random: random,
        name: "\(name).root")
      : nil
  }

  /// The trainable parameters: neighbour weight and bias, then the root weight.
  public var parameters: [Variable] { neighbor.parameters + (root?.parameters ?? []) }

  /// `mean_N(i)(h) W_l + b + h W_r`.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    var out = try Tensors.spmm(graph.meanAggregation, x.matmul(neighbor.weight))
    if let bias = neighbor.bias { out = try out + bias }
    if let root { out = try out + root.apply(x) }
    return out
  }
}
