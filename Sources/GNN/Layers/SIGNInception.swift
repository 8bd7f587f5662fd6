import Tensors

/// The inception layer of SIGN (Frasca et al., "SIGN: Scalable Inception Graph Neural
/// Networks", ICML 2020 GRL+ workshop; PyG's `transforms.SIGN`): the node's own features and its
/// neighbourhood's features propagated 1 … K hops, each projected by its own weight, side by side:
///
///     H' = [ X W₀ + b₀ ‖ Â X W₁ + b₁ ‖ … ‖ Â^K X W_K + b_K ]
///
/// with Â = D̃^{-1/2}(A + I)D̃^{-1/2}, GCN's normalisation (cached in ``GraphStructure``). The
/// propagation has no parameters, so a SIGN model is an MLP on precomputed features; the product
/// is computed as `Â^k (X W_k)`, which is the same value and keeps sparse input sparse (the
/// propagated features `Â^k X` are never formed). Everything after this layer is node-wise, so a
/// node's prediction needs only its K-hop neighbourhood's features — a new node's edges are used
/// when it arrives, with no message passing between hidden layers.
///
/// Initialisation: each W_k Glorot-uniform, b_k zero. Shapes: `[N, F_in]` → `[N, (K+1)·F_out]`.
public final class SIGNInception: Module {
  /// One projection per hop, `hops[k]` for `Â^k X` (k = 0 is the node's own features).
  public let hops: [Linear]
  /// Unused (no noise inside the layer); dropout is applied by the model between layers.
  public var isTraining = true

  /// Creates a layer propagating `steps` hops (K), each projected to `outputDimension`.
  public init(inputDimension: Int, outputDimension: Int, steps: Int, random: RandomSource, name: String = "sign") {
    hops = (0...max(steps, 0)).map { k in
      Linear(inputDimension: inputDimension, outputDimension: outputDimension, random: random, name: "\(name).hop\(k)")
    }
  }

  /// The number of propagation steps K.
  public var steps: Int { hops.count - 1 }

  /// The trainable parameters: each hop's weight and bias, hop 0 first.
  public var parameters: [Variable] { hops.flatMap(\.parameters) }

  /// `[X W₀ + b₀ ‖ Â X W₁ + b₁ ‖ … ‖ Â^K X W_K + b_K]`.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    let blocks = try hops.enumerated().map { k, hop -> Variable in
      guard k > 0 else { return try hop.apply(x) }
      let aHat = try graph.gcnNormalized
      var z = try x.matmul(hop.weight)
      for step in 1...k {
        z = try Tensors.spmm(aHat, z, bias: step == k ? hop.bias : nil)
      }
      return z
    }
    return blocks.count == 1 ? blocks[0] : try concatenate(blocks, alongAxis: 1)
  }
}
