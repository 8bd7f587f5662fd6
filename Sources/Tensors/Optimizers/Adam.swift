/// Adam (Kingma & Ba, ICLR 2015) with L2 weight decay added to the gradient (PyTorch's
/// `Adam(weight_decay=λ)`, which the GCN and GAT papers use):
/// `d = g + λp`, `m ← β₁m + (1−β₁)d`, `v ← β₂v + (1−β₂)d²`,
/// `p ← p − η · m̂ / (√v̂ + ε)` with bias-corrected `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`.
public final class Adam: Optimizer {
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

  /// Creates an optimiser over one group.
  public convenience init(parameters: [Variable], learningRate: Float = 1e-3, weightDecay: Float = 0) {
    self.init(
      parameterGroups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)], learningRate: learningRate)
  }

  /// Applies one update to every parameter that has a gradient (see the type's formula).
  public func step() throws {
    try checkGradientsFinite(operation: "Adam.step")
    state.update(learningRate: learningRate, decoupledWeightDecay: false)
  }
}

/// The moment estimates and update rule shared by ``Adam`` and ``AdamW``.
struct AdamState {
  let parameterGroups: [ParameterGroup]
  let beta1: Float
  let beta2: Float
  let epsilon: Float
  var stepCount = 0
  var moments: [ObjectIdentifier: (m: Tensor, v: Tensor)] = [:]

  init(parameterGroups: [ParameterGroup], beta1: Float, beta2: Float, epsilon: Float) {
    self.parameterGroups = parameterGroups
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  mutating func update(learningRate: Float, decoupledWeightDecay: Bool) {
    stepCount += 1
    let c1 = 1 - Float(Double(beta1).power(stepCount))
    let c2 = 1 - Float(Double(beta2).power(stepCount))
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    for group in parameterGroups {
      let lr = learningRate * group.learningRateScale
      let wd = group.weightDecay
      for p in group.parameters {
        guard let g = p.gradient else { continue }
        let key = ObjectIdentifier(p)
        var (m, v) = moments[key] ?? (Tensor(zeros: p.shape), Tensor(zeros: p.shape))
        var w = p.value
        if decoupledWeightDecay && wd != 0 {
          let k = 1 - lr * wd
          w = w.map { $0 * k }
        }
        let coupled = !decoupledWeightDecay && wd != 0
        let stepSize = lr / c1
        let invC2 = 1 / c2
        let pv = p.value
        w.withUnsafeMutableBufferPointer { pw in
          m.withUnsafeMutableBufferPointer { pm in
            v.withUnsafeMutableBufferPointer { pvv in
              g.withUnsafeBufferPointer { pg in
                pv.withUnsafeBufferPointer { p0 in
                  for i in 0..<pw.count {
                    let d = coupled ? pg[i] + wd * p0[i] : pg[i]
                    pm[i] = b1 * pm[i] + (1 - b1) * d
                    pvv[i] = b2 * pvv[i] + (1 - b2) * d * d
                    pw[i] -= stepSize * pm[i] / ((pvv[i] * invC2).squareRoot() + eps)
                  }
                }
              }
            }
          }
        }
        moments[key] = (m, v)
        p.value = w
      }
    }
  }
}

extension Double {
  /// `self` raised to a non-negative integer power.
  func power(_ n: Int) -> Double {
    var (result, base, e) = (1.0, self, n)
    while e > 0 {
      if e & 1 == 1 { result *= base }
      base *= base
      e >>= 1
    }
    return result
  }
}
