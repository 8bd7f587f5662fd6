import Tensors

/// What to build: the architecture and its sizes, as data (Codable, so experiments can be
/// JSON files).
///
/// ``standard(_:)`` gives each paper's published Cora hyperparameters.
public struct ModelConfiguration: Codable, Sendable, Equatable {
  /// The model family.
  public enum Architecture: String, Codable, Sendable, CaseIterable {
    /// Graph convolutional network (Kipf & Welling, 2017).
    case gcn
    /// Graph attention network (Veličković et al., 2018).
    case gat
    /// GraphSAGE with mean aggregation (Hamilton et al., 2017).
    case sage
    /// MLP predictions propagated by personalised PageRank (Klicpera et al., 2019).
    case appnp
    /// A multi-layer perceptron that ignores the graph.
    case mlp
    /// An MLP on the node's features and its neighbourhood's features propagated 1 … K hops
    /// (SIGN, Frasca et al., 2020): no message passing between hidden layers, so a new node
    /// needs only its K-hop neighbourhood's features.
    case sign
    /// A deep GCN with initial residual and identity mapping (GCNII, Chen et al., 2020): a linear
    /// input layer, L ``GCNIIConv`` layers (L = ``propagationSteps``), a linear output layer.
    case gcnii
  }

  /// The model family.
  public var architecture: Architecture
  /// Width of each hidden layer (per head for GAT).
  public var hiddenDimensions: [Int]
  /// Dropout before every layer but the first.
  public var dropout: Float
  /// Dropout on the input features (before the first layer).
  public var inputDropout: Float
  /// The nonlinearity after each hidden layer.
  public var activation: Activation
  /// GAT: attention heads in hidden layers.
  public var heads: Int
  /// GAT: attention heads in the output layer (averaged).
  public var outputHeads: Int
  /// GAT: dropout on attention coefficients.
  public var attentionDropout: Float
  /// APPNP: propagation steps K; SIGN: the farthest hop K whose propagated features are read;
  /// GCNII: its number of GCNII layers L.
  public var propagationSteps: Int
  /// APPNP: teleport probability α; GCNII: the initial residual's share α.
  public var teleport: Float
  /// GCNII: the identity mapping's strength λ (layer ℓ mixes in its weight by ln(λ/ℓ + 1)).
  public var identityStrength: Float
  /// Attach a linear classifier to every hidden layer (for layer-wise self-distillation).
  public var auxiliaryHeads: Bool

  /// Creates a configuration; unspecified settings take the GCN paper's values.
  public init(
    architecture: Architecture, hiddenDimensions: [Int] = [16], dropout: Float = 0.5, inputDropout: Float? = nil,
    activation: Activation = .relu, heads: Int = 8, outputHeads: Int = 1, attentionDropout: Float = 0.6,
    propagationSteps: Int = 10, teleport: Float = 0.1, identityStrength: Float = 0.5, auxiliaryHeads: Bool = false
  ) {
    self.architecture = architecture
    self.hiddenDimensions = hiddenDimensions
    self.dropout = dropout
    self.inputDropout = inputDropout ?? dropout
    self.activation = activation
    self.heads = heads
    self.outputHeads = outputHeads
    self.attentionDropout = attentionDropout
    self.propagationSteps = propagationSteps
    self.teleport = teleport
    self.identityStrength = identityStrength
    self.auxiliaryHeads = auxiliaryHeads
  }

  enum CodingKeys: String, CodingKey {
    case architecture, hiddenDimensions, dropout, inputDropout, activation, heads, outputHeads, attentionDropout
    case propagationSteps, teleport, identityStrength, auxiliaryHeads
  }

  /// Decodes a configuration; `identityStrength`, added with GCNII, may be absent (model files
  /// written before it have none) and is then 0.5.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    architecture = try c.decode(Architecture.self, forKey: .architecture)
    hiddenDimensions = try c.decode([Int].self, forKey: .hiddenDimensions)
    dropout = try c.decode(Float.self, forKey: .dropout)
    inputDropout = try c.decode(Float.self, forKey: .inputDropout)
    activation = try c.decode(Activation.self, forKey: .activation)
    heads = try c.decode(Int.self, forKey: .heads)
    outputHeads = try c.decode(Int.self, forKey: .outputHeads)
    attentionDropout = try c.decode(Float.self, forKey: .attentionDropout)
    propagationSteps = try c.decode(Int.self, forKey: .propagationSteps)
    teleport = try c.decode(Float.self, forKey: .teleport)
    identityStrength = try c.decodeIfPresent(Float.self, forKey: .identityStrength) ?? 0.5
    auxiliaryHeads = try c.decode(Bool.self, forKey: .auxiliaryHeads)
  }

  /// The published Cora settings of each architecture's paper (or PyG's example where the
  /// paper gives none): GCN 16 hidden, dropout 0.5; GAT 8 heads × 8 hidden, ELU, dropout 0.6 on
  /// features and attention, 1 output head; GraphSAGE 16 hidden; APPNP a 64-unit MLP, dropout
  /// 0.5, K = 10, α = 0.1; MLP 64 hidden; SIGN 64 hidden per hop, K = 2, dropout 0.5; GCNII 64
  /// layers of 64 units, dropout 0.6, α = 0.1, λ = 0.5.
  public static func standard(_ architecture: Architecture) -> ModelConfiguration {
    switch architecture {
    case .gcn: return ModelConfiguration(architecture: .gcn)
    case .gat:
      return ModelConfiguration(
        architecture: .gat, hiddenDimensions: [8], dropout: 0.6, activation: .elu, heads: 8, outputHeads: 1,
        attentionDropout: 0.6)
    case .sage: return ModelConfiguration(architecture: .sage, hiddenDimensions: [16], dropout: 0.5)
    case .appnp:
      return ModelConfiguration(
        architecture: .appnp, hiddenDimensions: [64], dropout: 0.5, propagationSteps: 10, teleport: 0.1)
    case .mlp: return ModelConfiguration(architecture: .mlp, hiddenDimensions: [64], dropout: 0.5)
    case .sign:
      return ModelConfiguration(architecture: .sign, hiddenDimensions: [64], dropout: 0.5, propagationSteps: 2)
    case .gcnii:
      return ModelConfiguration(
        architecture: .gcnii, hiddenDimensions: [64], dropout: 0.6, propagationSteps: 64, teleport: 0.1,
        identityStrength: 0.5)
    }
  }

  /// The width of each hidden representation, input to output (heads × width for GAT's
  /// concatenated heads, (K + 1) × width for SIGN's first layer, one block per hop; GCNII's input
  /// layer and each of its L layers, all of one width).
  public var layerWidths: [Int] {
    if architecture == .gcnii { return [Int](repeating: hiddenDimensions.first ?? 0, count: propagationSteps + 1) }
    return hiddenDimensions.enumerated().map { i, d in
      switch architecture {
      case .gat: return d * heads
      case .sign where i == 0: return d * (propagationSteps + 1)
      default: return d
      }
    }
  }

  /// The most hops a SIGN model reads: each hop has its own first-layer weight, so K sizes the
  /// model, and beyond a few hops GCN's propagation makes features indistinguishable.
  public static let maximumSIGNSteps = 16

  /// The most layers a GCNII model has (its paper goes to 64; each layer holds a d × d weight).
  public static let maximumGCNIILayers = 256

  /// Checks every setting and says what to change.
  /// - Throws: ``ConfigurationError`` naming the setting.
  public func validate() throws {
    guard !hiddenDimensions.isEmpty || architecture == .mlp || architecture == .appnp else {
      // SIGN's first hidden layer is its inception layer, so it needs one too.
      throw ConfigurationError(
        setting: "hiddenDimensions", expected: "at least one hidden layer for \(architecture.rawValue)", actual: "[]")
    }
    for (i, d) in hiddenDimensions.enumerated() where d <= 0 {
      throw ConfigurationError(setting: "hiddenDimensions[\(i)]", expected: "a positive hidden size", actual: "\(d)")
    }
    for (name, p) in [("dropout", dropout), ("inputDropout", inputDropout), ("attentionDropout", attentionDropout)]
    where !(p >= 0 && p < 1) {
      throw ConfigurationError(setting: name, expected: "a probability in [0, 1)", actual: "\(p)")
    }
    if architecture == .gat {
      guard heads > 0, outputHeads > 0 else {
        throw ConfigurationError(
          setting: "heads", expected: "at least one attention head", actual: "\(heads)/\(outputHeads)")
      }
    }
    if architecture == .appnp {
      guard propagationSteps >= 0, teleport > 0, teleport <= 1 else {
        throw ConfigurationError(
          setting: "propagationSteps/teleport", expected: "K ≥ 0 and α in (0, 1]",
          actual: "K = \(propagationSteps), α = \(teleport)")
      }
    }
    if architecture == .gcnii {
      guard hiddenDimensions.count == 1 else {
        throw ConfigurationError(
          setting: "hiddenDimensions", expected: "one width for GCNII (all its layers share it)",
          actual: "\(hiddenDimensions)")
      }
      guard (1...Self.maximumGCNIILayers).contains(propagationSteps), teleport >= 0, teleport <= 1,
        identityStrength > 0, identityStrength.isFinite
      else {
        throw ConfigurationError(
          setting: "propagationSteps/teleport/identityStrength",
          expected: "L in 1...\(Self.maximumGCNIILayers) layers, α in [0, 1] and λ > 0 for GCNII",
          actual: "L = \(propagationSteps), α = \(teleport), λ = \(identityStrength)")
      }
    }
    if architecture == .sign {
      guard (0...Self.maximumSIGNSteps).contains(propagationSteps) else {
        throw ConfigurationError(
          setting: "propagationSteps", expected: "K in 0...\(Self.maximumSIGNSteps) for SIGN (one weight per hop)",
          actual: "\(propagationSteps)")
      }
    }
  }
}

/// A setting that cannot work, found before any training starts.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The setting's name, e.g. `"hiddenDimensions[0]"`.
  public var setting: String
  /// What it must be.
  public var expected: String
  /// What it was.
  public var actual: String

  /// Creates an error.
  public init(setting: String, expected: String, actual: String) {
    self.setting = setting
    self.expected = expected
    self.actual = actual
  }

  /// A readable message naming the setting.
  public var description: String { "configuration '\(setting)': expected \(expected), but got \(actual)" }
}
