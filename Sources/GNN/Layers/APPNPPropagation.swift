import Tensors

/// The personalised-PageRank propagation of APPNP (Klicpera, Bojchevski & Günnemann,
/// "Predict then Propagate", ICLR 2019):
///
///     Z⁰ = H,   Z^{k+1} = (1 − α) Â Z^k + α H,   output Z^K
///
/// with Â the GCN normalisation (cached in ``GraphStructure``). It has no parameters; the
/// predictions H come from an MLP.
///
/// Shapes: `[N, C]` → `[N, C]`.
public final class APPNPPropagation: Module {
  /// Number of power-iteration steps K.
  public let steps: Int
  /// Teleport probability α.
  public let alpha: Float
  /// Unused (no noise).
  public var isTraining = true

  /// Creates the propagation (the paper uses K = 10, α = 0.1).
  public init(steps: Int = 10, alpha: Float = 0.1) {
    self.steps = steps
    self.alpha = alpha
  }

  /// No parameters.
  public var parameters: [Variable] { [] }

  /// K steps of `(1 − α) Â Z + α H`.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    let h = x.densified()
    let aHat = try graph.gcnNormalized
    let teleport = scale(h, by: alpha)
    var z = h
    for _ in 0..<steps {
      z = try scale(spmm(aHat, z), by: 1 - alpha) + teleport
    }
    return z
  }
}
