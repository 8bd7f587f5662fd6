import Tensors

/// The graph convolution of Kipf & Welling, "Semi-Supervised Classification with Graph
/// Convolutional Networks" (ICLR 2017):
///
///     H' = Â H W + b,   Â = D̃^{-1/2} (A + I) D̃^{-1/2}
///
/// Â is computed once per graph and cached in ``GraphStructure``. The product is ordered for
/// speed: `Â (H W)` when the output is no wider than the input (and always for sparse input),
/// `(Â H) W` otherwise — the same value either way.
///
/// Initialisation: W Glorot-uniform, b zero. Shapes: `[N, F_in]` → `[N, F_out]`.
public final class GCNConv: Module {
  /// The linear part, `H W + b` (the bias is added after propagation).
  public let linear: Linear
  /// Unused (no noise inside the layer); dropout is applied by the model between layers.
  public var isTraining = true

  /// Creates a layer.
  public init(inputDimension: Int, outputDimension: Int, random: RandomSource, name: String = "gcn") {
    linear = Linear(inputDimension: inputDimension, outputDimension: outputDimension, random: random, name: name)
  }

  /// The trainable parameters: weight, bias.
  public var parameters: [Variable] { linear.parameters }

  /// `Â H W + b`.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    try forward(x, graph: graph, rectify: false)
  }

  /// The layer and its activation; a ReLU after a propagate-last layer is applied inside the
  /// sparse product as it stores each row (no separate pass over the `[N, out]` output).
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure, activation: Activation) throws -> Variable {
    activation == .relu ? try forward(x, graph: graph, rectify: true) : activation(try forward(x, graph: graph))
  }

  /// `Â H W + b`, propagating first when the output is wider than a dense input, otherwise
  /// transforming first with the bias (and, with `rectify`, a ReLU) inside the sparse product.
  func forward(_ x: LayerInput, graph: GraphStructure, rectify: Bool = false) throws -> Variable {
    let aHat = try graph.gcnNormalized
    switch x {
    case .dense(let h) where linear.weight.value.shape[1] > h.value.columnCount:
      var propagated = try Tensors.matmul(Tensors.spmm(aHat, h), linear.weight)
      if let bias = linear.bias { propagated = try propagated + bias }
      return rectify ? relu(propagated) : propagated
    default:
      return try Tensors.spmm(aHat, x.matmul(linear.weight), bias: linear.bias, rectify: rectify)
    }
  }
}
