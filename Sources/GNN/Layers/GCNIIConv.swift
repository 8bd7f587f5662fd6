import Foundation
import Tensors

/// The layer of GCNII (Chen, Wei, Huang, Ding & Li, "Simple and Deep Graph Convolutional
/// Networks", ICML 2020), which keeps deep GCNs from over-smoothing with an initial residual and
/// an identity mapping:
///
///     H' = ((1 − α) Â H + α H₀) ((1 − β_ℓ) I + β_ℓ W),   β_ℓ = ln(λ / ℓ + 1)
///
/// with Â = D̃^{-1/2}(A + I)D̃^{-1/2} (cached in ``GraphStructure``), H₀ the model's first hidden
/// representation, ℓ the layer's depth (1 for the first GCNII layer) and λ the identity
/// mapping's strength: deeper layers stay closer to the identity. W is square; there is no bias
/// (the paper's and PyG's `GCN2Conv` with shared weights).
///
/// Initialisation: W Glorot-uniform. Shapes: `[N, d]` (and H₀ `[N, d]`) → `[N, d]`.
public final class GCNIIConv: Module {
  /// The `[d, d]` weight.
  public let weight: Variable
  /// The initial residual's share α.
  public let alpha: Float
  /// The identity mapping's mix β_ℓ = ln(λ / ℓ + 1).
  public let beta: Float
  /// Unused (no noise inside the layer); dropout is applied by the model between layers.
  public var isTraining = true

  /// Creates the layer at depth `layer` (1-based) of width `dimension`, with initial-residual
  /// share `alpha` and identity strength `lambda`.
  public init(dimension: Int, alpha: Float, lambda: Float, layer: Int, random: RandomSource, name: String = "gcnii") {
    weight = Variable(
      Tensor.glorotUniform(fanIn: dimension, fanOut: dimension, generator: &random.generator), requiresGradient: true,
      name: "\(name).weight")
    self.alpha = alpha
    beta = Float(log(Double(lambda) / Double(max(layer, 1)) + 1))
  }

  /// The trainable parameter: the weight.
  public var parameters: [Variable] { [weight] }

  /// The layer with its own input as the initial representation (H₀ = H); a model passes the
  /// real H₀ through ``callAsFunction(_:initial:graph:)``.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    try self(x, initial: x.densified(), graph: graph)
  }

  /// `((1 − α) Â H + α H₀) ((1 − β) I + β W)`.
  public func callAsFunction(_ x: LayerInput, initial: Variable, graph: GraphStructure) throws -> Variable {
    let h = x.densified()
    guard initial.shape == h.shape, h.shape.count == 2, h.shape[1] == weight.shape[0] else {
      throw TensorError.shape(
        "GCNIIConv", expected: "H and H₀ of shape [N, \(weight.shape[0])]",
        actual: "H \(h.shape), H₀ \(initial.shape)")
    }
    let support = try scale(Tensors.spmm(graph.gcnNormalized, h), by: 1 - alpha) + scale(initial, by: alpha)
    return try scale(support, by: 1 - beta) + scale(Tensors.matmul(support, weight), by: beta)
  }
}
