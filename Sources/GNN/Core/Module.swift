import Tensors

/// A trainable piece of a graph neural network: a layer or a whole model.
///
/// A module owns its parameters (leaf ``Variable``s with `requiresGradient`), knows whether it
/// is training (dropout on) or evaluating (dropout off), and maps node features to a dense
/// `[N, out]` representation given the graph. Layers are classes so that optimisers and
/// exponential-moving-average teachers can update their parameters in place.
public protocol Module: AnyObject {
  /// The trainable parameters, in a fixed order.
  var parameters: [Variable] { get }
  /// `true` while training: dropout and other noise are active.
  var isTraining: Bool { get set }
  /// The forward pass: `[N, F_in]` features → `[N, F_out]`.
  func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable
  /// The forward pass followed by `activation`, `activation(self(x, graph:))`. A layer may fuse
  /// the two (GCN applies a ReLU as its sparse product stores the output); the result is the
  /// same either way.
  func callAsFunction(_ x: LayerInput, graph: GraphStructure, activation: Activation) throws -> Variable
}

extension Module {
  /// The unfused default: the forward pass, then the activation.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure, activation: Activation) throws -> Variable {
    activation(try self(x, graph: graph))
  }

  /// The number of scalar parameters.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

  /// A copy of every parameter value, in ``parameters`` order.
  public func parameterValues() -> [Tensor] { parameters.map(\.value) }

  /// Restores values saved by ``parameterValues()``.
  /// - Throws: ``TensorError`` when the count or a shape differs.
  public func loadParameterValues(_ values: [Tensor]) throws {
    let ps = parameters
    guard values.count == ps.count else {
      throw TensorError.shape("loadParameterValues", expected: "\(ps.count) tensors", actual: "\(values.count)")
    }
    for (p, v) in zip(ps, values) {
      guard p.value.shape == v.shape else {
        throw TensorError.shape(
          "loadParameterValues", expected: "shape \(p.value.shape) for \(p.name ?? "a parameter")",
          actual: "\(v.shape)")
      }
      p.value = v
    }
  }
}
