import Tensors

/// A point-wise nonlinearity between layers.
public enum Activation: String, Codable, Sendable, CaseIterable {
  /// max(0, x).
  case relu
  /// x for x > 0, eˣ − 1 otherwise (used by GAT).
  case elu
  /// The hyperbolic tangent.
  case tanh
  /// LeakyReLU with slope 0.2.
  case leakyRelu
  /// No nonlinearity.
  case identity

  /// Applies the activation.
  public func callAsFunction(_ x: Variable) -> Variable {
    switch self {
    case .relu: return Tensors.relu(x)
    case .elu: return Tensors.elu(x)
    case .tanh: return Tensors.tanh(x)
    case .leakyRelu: return Tensors.leakyRelu(x, negativeSlope: 0.2)
    case .identity: return x
    }
  }
}
