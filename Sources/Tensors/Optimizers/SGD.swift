/// Stochastic gradient descent with momentum and L2 weight decay, PyTorch's convention:
/// `d = g + λp`, `v ← μv + d`, `p ← p − η·v` (or `p ← p − η(d + μv)` with Nesterov momentum).
public final class SGD: Optimizer {
  /// The base learning rate η.
  public var learningRate: Float
  /// The parameter groups being optimised.
  public let parameterGroups: [ParameterGroup]
  /// The momentum coefficient μ (0 for plain SGD).
  public let momentum: Float
  /// Whether to use Nesterov momentum (Sutskever et al., ICML 2013).
  public let nesterov: Bool
  private var velocity: [ObjectIdentifier: Tensor] = [:]

  /// Creates an optimiser over `parameterGroups`.
  public init(parameterGroups: [ParameterGroup], learningRate: Float, momentum: Float = 0, nesterov: Bool = false) {
    self.parameterGroups = parameterGroups
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
  }

  /// Creates an optimiser over one group.
  public convenience init(parameters: [Variable], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
    self.init(
      parameterGroups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)], learningRate: learningRate,
      momentum: momentum)
  }

  /// Applies one update to every parameter that has a gradient (see the type's formula).
  public func step() throws {
    try checkGradientsFinite(operation: "SGD.step")
    for group in parameterGroups {
      let lr = learningRate * group.learningRateScale
      let wd = group.weightDecay
      for p in group.parameters {
        guard let g = p.gradient else { continue }
        let d = wd == 0 ? g : g.zipMap(p.value) { g, w in g + wd * w }
        var update = d
        if momentum != 0 {
          let key = ObjectIdentifier(p)
          let v = velocity[key].map { $0.zipMap(d) { v, d in momentum * v + d } } ?? d
          velocity[key] = v
          update = nesterov ? d.zipMap(v) { d, v in d + momentum * v } : v
        }
        p.value = p.value.zipMap(update) { w, u in w - lr * u }
      }
    }
  }
}
