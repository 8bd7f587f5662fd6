/// AdamW (Loshchilov & Hutter, ICLR 2019): Adam with *decoupled* weight decay, applied to the
/// weights directly rather than through the gradient:
/// `p ← p(1 − ηλ)`, then the Adam step of ``Adam`` on the raw gradient.
public final class AdamW: Optimizer {
  /// The base learning rate η.
  public var learningRate: Float
  /// The parameter groups being optimised.
  public var parameterGroups: [ParameterGroup] { state.parameterGroups }
  var state: AdamState

  /// Creates an optimiser over `parameterGroups`.
  public init(
    parameterGroups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8
  ) {
    self.learningRate = learningRate
    self.state = AdamState(parameterGroups: parameterGroups, beta1: beta1, beta2: beta2, epsilon: epsilon)
  }

  /// Creates an optimiser over one group (PyTorch's default decay is 0.01).
  public convenience init(parameters: [Variable], learningRate: Float = 1e-3, weightDecay: Float = 0.01) {
    self.init(
      parameterGroups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)], learningRate: learningRate)
  }

  /// Applies one update to every parameter that has a gradient (see the type's formula).
  public func step() throws {
    try checkGradientsFinite(operation: "AdamW.step")
    state.update(learningRate: learningRate, decoupledWeightDecay: true)
  }
}
