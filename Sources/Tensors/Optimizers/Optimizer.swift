/// A set of parameters that share optimisation settings (e.g. weight decay on the first layer
/// only, as in Kipf & Welling's GCN).
public struct ParameterGroup {
  /// The parameters (leaves with `requiresGradient`).
  public var parameters: [Variable]
  /// The weight-decay coefficient of this group (L2 for SGD and Adam, decoupled for AdamW).
  public var weightDecay: Float
  /// Multiplies the optimiser's learning rate for this group.
  public var learningRateScale: Float

  /// Creates a group.
  public init(parameters: [Variable], weightDecay: Float = 0, learningRateScale: Float = 1) {
    self.parameters = parameters
    self.weightDecay = weightDecay
    self.learningRateScale = learningRateScale
  }
}

/// Updates parameters from their accumulated gradients.
///
/// Call ``step()`` after `backward()`, then ``zeroGradients()`` before the next forward pass.
/// `step()` refuses non-finite gradients (a ``TensorError`` naming the parameter) before
/// changing any parameter, so a diverging run stops with its last good weights intact.
public protocol Optimizer: AnyObject {
  /// The base learning rate (schedulers may change it between steps).
  var learningRate: Float { get set }
  /// The parameter groups being optimised.
  var parameterGroups: [ParameterGroup] { get }
  /// Applies one update to every parameter that has a gradient.
  func step() throws
}

extension Optimizer {
  /// Clears every parameter's gradient.
  public func zeroGradients() {
    for group in parameterGroups {
      for p in group.parameters { p.zeroGradient() }
    }
  }

  /// Every parameter, in group order.
  public var parameters: [Variable] { parameterGroups.flatMap(\.parameters) }

  /// Throws if any gradient holds a NaN or infinity.
  func checkGradientsFinite(operation: String) throws {
    for (index, p) in parameters.enumerated() {
      guard let g = p.gradient else { continue }
      guard g.shape == p.value.shape else {
        throw TensorError.shape(
          operation, expected: "gradient of shape \(describe(p.shape)) for parameter \(p.name ?? "#\(index)")",
          actual: describe(g.shape))
      }
      try g.checkFinite(operation: operation, name: "the gradient of parameter \(p.name ?? "#\(index)")")
    }
  }
}

/// Scales all gradients so that their joint L2 norm is at most `maxNorm` (Pascanu et al.,
/// 2013); returns the norm before clipping.
/// - Throws: ``TensorError`` when `maxNorm` is not positive or the norm is not finite.
@discardableResult
public func clipGradientNorm(_ parameters: [Variable], maxNorm: Float) throws -> Float {
  guard maxNorm > 0 else {
    throw TensorError.value("clipGradientNorm", expected: "a positive maxNorm", actual: "\(maxNorm)")
  }
  var total: Double = 0
  for p in parameters {
    guard let g = p.gradient else { continue }
    for v in g.scalars { total += Double(v) * Double(v) }
  }
  let norm = Float(total.squareRoot())
  guard norm.isFinite else {
    throw TensorError.nonFinite("clipGradientNorm", expected: "a finite gradient norm", actual: "\(norm)")
  }
  if norm > maxNorm {
    let k = maxNorm / (norm + 1e-6)
    for p in parameters { p.gradient = p.gradient?.map { $0 * k } }
  }
  return norm
}

/// Clamps every gradient element into `[-limit, limit]`.
public func clipGradientValues(_ parameters: [Variable], limit: Float) {
  for p in parameters { p.gradient = p.gradient?.map { min(max($0, -limit), limit) } }
}
