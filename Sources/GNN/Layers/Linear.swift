import Tensors

/// A fully connected layer, `y = xW + b`.
///
/// Initialisation: W Glorot-uniform, b zero. Sparse input features are multiplied by W with the
/// sparse × dense kernel.
///
/// Shapes: `[N, inputDimension]` → `[N, outputDimension]`.
///
/// ```swift
/// let layer = Linear(inputDimension: 16, outputDimension: 7, random: random)
/// let logits = try layer(.dense(hidden), graph: graph)
/// ```
public final class Linear: Module {
  /// `[inputDimension, outputDimension]`.
  public let weight: Variable
  /// `[outputDimension]`, or `nil` without bias.
  public let bias: Variable?
  /// Unused (a linear layer has no noise); kept for the protocol.
  public var isTraining = true

  /// Creates a layer with Glorot-uniform weights drawn from `random`.
  public init(
    inputDimension: Int, outputDimension: Int, bias: Bool = true, random: RandomSource, name: String = "linear"
  ) {
    weight = Variable(
      Tensor.glorotUniform(fanIn: inputDimension, fanOut: outputDimension, generator: &random.generator),
      requiresGradient: true, name: "\(name).weight")
    self.bias = bias ? Variable(Tensor(zeros: [outputDimension]), requiresGradient: true, name: "\(name).bias") : nil
  }

  /// The trainable parameters: weight, then bias.
  public var parameters: [Variable] { [weight] + (bias.map { [$0] } ?? []) }

  /// `xW + b`; the graph is not used.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    try apply(x)
  }

  /// `xW + b` without a graph.
  public func apply(_ x: LayerInput) throws -> Variable {
    let y = try x.matmul(weight)
    guard let bias else { return y }
    return try y + bias
  }
}
