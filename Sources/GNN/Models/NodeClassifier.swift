import Foundation
import Tensors

/// What a forward pass of a ``NodeClassifier`` produces.
public struct ModelOutput {
  /// `[N, C]` class scores of the final layer.
  public var logits: Variable
  /// The representation after each hidden layer (after its activation), shallow to deep.
  public var hidden: [Variable]
  /// Class scores of the auxiliary head on each hidden layer, shallow to deep (empty unless
  /// the configuration asks for auxiliary heads).
  public var auxiliaryLogits: [Variable]

  /// Creates an output from its parts.
  public init(logits: Variable, hidden: [Variable], auxiliaryLogits: [Variable]) {
    self.logits = logits
    self.hidden = hidden
    self.auxiliaryLogits = auxiliaryLogits
  }
}

/// Where weight decay applies.
public enum WeightDecayScope: String, Codable, Sendable {
  /// Only the first layer's parameters (Kipf & Welling's GCN, APPNP).
  case firstLayer
  /// Every parameter (GAT).
  case all
  /// The propagation layers (GCNII's) at the configured decay, every other parameter at
  /// ``WeightDecayScope/denseDecay`` (the GCNII paper's split: 0.01 and 5e-4).
  case propagationLayers

  /// The decay of the input, output and head layers under ``propagationLayers``.
  public static let denseDecay: Float = 5e-4
}

/// A node classifier assembled from GNN layers according to a ``ModelConfiguration``:
/// dropout → layer → activation, repeated, then the output layer (and, for APPNP, the
/// propagation), with optional linear classifier heads on every hidden layer. SIGN's first
/// layer is its ``SIGNInception``, the rest are linear; GCNII's hidden layers after the first
/// are ``GCNIIConv`` layers reading the first one's output as H₀.
///
/// ```swift
/// let random = RandomSource(seed: 0)
/// let model = try NodeClassifier(configuration: .standard(.gcn), inputDimension: 1433, classCount: 7, random: random)
/// let output = try model.forward(.sparse(features), graph: graph)
/// ```
public final class NodeClassifier: Module {
  /// What was built.
  public let configuration: ModelConfiguration
  /// The layers, input to output.
  public let layers: [any Module]
  /// Linear heads on the hidden layers (shallow to deep), if configured.
  public let auxiliaryHeads: [Linear]
  /// APPNP's propagation after the MLP.
  public let propagation: APPNPPropagation?
  /// Number of classes.
  public let classCount: Int
  /// Width of the input features.
  public let inputDimension: Int
  private let random: RandomSource

  /// `true` while training: dropout is active.
  public var isTraining = true {
    didSet { for layer in layers { layer.isTraining = isTraining } }
  }

  /// Builds the model, drawing initial weights from `random` (which later also drives dropout).
  /// - Throws: ``ConfigurationError`` for an invalid configuration or sizes.
  public init(configuration: ModelConfiguration, inputDimension: Int, classCount: Int, random: RandomSource) throws {
    try configuration.validate()
    guard inputDimension > 0 else {
      throw ConfigurationError(
        setting: "inputDimension", expected: "at least one input feature", actual: "\(inputDimension)")
    }
    guard classCount > 1 else {
      throw ConfigurationError(setting: "classCount", expected: "at least two classes", actual: "\(classCount)")
    }
    self.configuration = configuration
    self.classCount = classCount
    self.inputDimension = inputDimension
    self.random = random
    let c = configuration
    var layers: [any Module] = []
    var width = inputDimension
    var hiddenWidths: [Int] = []
    // GCNII: a linear input layer, then L GCNII layers of the same width (the output layer follows).
    let gcniiLayers = c.architecture == .gcnii ? c.propagationSteps : 0
    for l in 0..<(c.architecture == .gcnii ? 1 + gcniiLayers : 0) {
      let d = c.hiddenDimensions[0]
      layers.append(
        l == 0
          ? Linear(inputDimension: width, outputDimension: d, random: random, name: "layer1")
          : GCNIIConv(
            dimension: d, alpha: c.teleport, lambda: c.identityStrength, layer: l, random: random,
            name: "layer\(l + 1)"))
      width = d
      hiddenWidths.append(d)
    }
    for (i, d) in c.hiddenDimensions.enumerated() where c.architecture != .gcnii {
      let name = "layer\(i + 1)"
      switch c.architecture {
      case .gcn:
        layers.append(GCNConv(inputDimension: width, outputDimension: d, random: random, name: name))
        width = d
      case .sage:
        layers.append(SAGEConv(inputDimension: width, outputDimension: d, random: random, name: name))
        width = d
      case .gat:
        layers.append(
          GATConv(
            inputDimension: width, outputDimension: d, heads: c.heads, concatenate: true,
            attentionDropout: c.attentionDropout, random: random, name: name))
        width = d * c.heads
      case .sign where i == 0:
        layers.append(
          SIGNInception(
            inputDimension: width, outputDimension: d, steps: c.propagationSteps, random: random, name: name))
        width = d * (c.propagationSteps + 1)
      case .mlp, .appnp, .sign, .gcnii:
        layers.append(Linear(inputDimension: width, outputDimension: d, random: random, name: name))
        width = d
      }
      hiddenWidths.append(width)
    }
    let last = "layer\(hiddenWidths.count + 1)"
    switch c.architecture {
    case .gcn: layers.append(GCNConv(inputDimension: width, outputDimension: classCount, random: random, name: last))
    case .sage: layers.append(SAGEConv(inputDimension: width, outputDimension: classCount, random: random, name: last))
    case .gat:
      layers.append(
        GATConv(
          inputDimension: width, outputDimension: classCount, heads: c.outputHeads, concatenate: false,
          attentionDropout: c.attentionDropout, random: random, name: last))
    case .mlp, .appnp, .sign, .gcnii:
      layers.append(Linear(inputDimension: width, outputDimension: classCount, random: random, name: last))
    }
    self.layers = layers
    self.propagation =
      c.architecture == .appnp ? APPNPPropagation(steps: c.propagationSteps, alpha: c.teleport) : nil
    self.auxiliaryHeads =
      c.auxiliaryHeads
      ? hiddenWidths.enumerated().map { i, w in
        Linear(inputDimension: w, outputDimension: classCount, random: random, name: "head\(i + 1)")
      } : []
  }

  /// Every trainable parameter: layers in order, then auxiliary heads.
  public var parameters: [Variable] { layers.flatMap(\.parameters) + auxiliaryHeads.flatMap(\.parameters) }

  /// The parameters split for weight decay: with ``WeightDecayScope/firstLayer`` the first
  /// layer gets `weightDecay` and the rest none; with ``WeightDecayScope/all`` everything does;
  /// with ``WeightDecayScope/propagationLayers`` GCNII's layers do and the rest get the smaller
  /// of it and ``WeightDecayScope/denseDecay``.
  public func parameterGroups(weightDecay: Float, scope: WeightDecayScope) -> [ParameterGroup] {
    switch scope {
    case .all: return [ParameterGroup(parameters: parameters, weightDecay: weightDecay)]
    case .propagationLayers:
      let propagation = layers.filter { $0 is GCNIIConv }
      let dense = layers.filter { !($0 is GCNIIConv) }
      return [
        ParameterGroup(parameters: propagation.flatMap(\.parameters), weightDecay: weightDecay),
        ParameterGroup(
          parameters: dense.flatMap(\.parameters) + auxiliaryHeads.flatMap(\.parameters),
          weightDecay: min(weightDecay, WeightDecayScope.denseDecay)),
      ]
    case .firstLayer:
      let rest = layers.dropFirst().flatMap(\.parameters) + auxiliaryHeads.flatMap(\.parameters)
      return [
        ParameterGroup(parameters: layers[0].parameters, weightDecay: weightDecay),
        ParameterGroup(parameters: rest, weightDecay: 0),
      ]
    }
  }

  /// The full forward pass with every hidden representation and auxiliary head.
  public func forward(_ x: LayerInput, graph: GraphStructure) throws -> ModelOutput {
    guard x.nodeCount == graph.nodeCount else {
      throw TensorError.shape(
        "NodeClassifier.forward", expected: "features for \(graph.nodeCount) nodes", actual: "\(x.nodeCount) rows")
    }
    var h = x
    var hidden: [Variable] = []
    var logits: Variable? = nil
    for (i, layer) in layers.enumerated() {
      if isTraining {
        h = try h.dropout(i == 0 ? configuration.inputDropout : configuration.dropout, random: random)
      }
      if i < layers.count - 1 {
        let a =
          if let conv = layer as? GCNIIConv {
            try configuration.activation(conv(h, initial: hidden[0], graph: graph))
          } else {
            try layer(h, graph: graph, activation: configuration.activation)
          }
        hidden.append(a)
        h = .dense(a)
      } else {
        logits = try layer(h, graph: graph)
      }
    }
    var out = logits!
    if let propagation { out = try propagation(.dense(out), graph: graph) }
    let aux = try zip(auxiliaryHeads, hidden).map { head, rep in try head.apply(.dense(rep)) }
    return ModelOutput(logits: out, hidden: hidden, auxiliaryLogits: aux)
  }

  /// The final logits.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    try forward(x, graph: graph).logits
  }

  /// The head ensemble of a forward pass as logits: `log` of the mean of the softmaxes of the
  /// final layer and every auxiliary head (clamped at 1e-12), so that a softmax of them is that
  /// mean. Without auxiliary heads, the final logits.
  public static func headEnsembleLogits(_ output: ModelOutput) throws -> Tensor {
    guard !output.auxiliaryLogits.isEmpty else { return output.logits.value }
    var mean = rowSoftmax(output.logits.value)
    for head in output.auxiliaryLogits {
      mean = try (Variable(mean) + Variable(rowSoftmax(head.value))).value
    }
    let k = Float(output.auxiliaryLogits.count + 1)
    return mean.map { logf(max($0 / k, 1e-12)) }
  }
}
