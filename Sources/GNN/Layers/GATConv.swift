import Tensors

/// Multi-head graph attention of Veličković et al., "Graph Attention Networks" (ICLR 2018):
///
///     e_ij = LeakyReLU_0.2(a_dstᵀ W h_i + a_srcᵀ W h_j),   α_ij = softmax_{j ∈ N(i) ∪ {i}}(e_ij)
///     h'_i = ∥_k Σ_j α^k_ij W^k h_j   (heads concatenated)   or   mean_k(...)   (averaged)
///
/// Scores are computed per edge (the edge-add form of SDDMM), normalised by the per-row edge
/// softmax, dropped out with `attentionDropout` during training, and used as the values of a
/// sparse × dense product. Every node attends to itself (self loops are added).
///
/// Initialisation: W, a_src, a_dst Glorot-uniform; bias zero.
/// Shapes: `[N, F_in]` → `[N, heads · F_out]` (concat) or `[N, F_out]` (mean).
public final class GATConv: Module {
  /// W for all heads side by side, `[F_in, heads · F_out]`.
  public let weight: Variable
  /// Per-head attention vectors for the source (neighbour) side, `[F_out, 1]` each.
  public let attentionSource: [Variable]
  /// Per-head attention vectors for the target (receiving node) side, `[F_out, 1]` each.
  public let attentionTarget: [Variable]
  /// `[heads · F_out]` (concat) or `[F_out]` (mean).
  public let bias: Variable
  /// Number of heads.
  public let heads: Int
  /// Output width per head.
  public let outputDimension: Int
  /// Concatenate heads (hidden layers) or average them (output layer).
  public let concatenate: Bool
  /// Dropout probability on the attention coefficients during training.
  public let attentionDropout: Float
  /// The LeakyReLU slope for negative scores (0.2 in the paper).
  public let negativeSlope: Float
  /// `true` while training (attention dropout on).
  public var isTraining = true
  private let random: RandomSource

  /// Creates a layer.
  public init(
    inputDimension: Int, outputDimension: Int, heads: Int, concatenate: Bool = true, attentionDropout: Float = 0.6,
    negativeSlope: Float = 0.2, random: RandomSource, name: String = "gat"
  ) {
    self.negativeSlope = negativeSlope
    self.heads = heads
    self.outputDimension = outputDimension
    self.concatenate = concatenate
    self.attentionDropout = attentionDropout
    self.random = random
    weight = Variable(
      Tensor.glorotUniform(fanIn: inputDimension, fanOut: heads * outputDimension, generator: &random.generator),
      requiresGradient: true, name: "\(name).weight")
    attentionSource = (0..<heads).map { k in
      Variable(
        Tensor.glorotUniform(fanIn: outputDimension, fanOut: 1, generator: &random.generator), requiresGradient: true,
        name: "\(name).att_src\(k)")
    }
    attentionTarget = (0..<heads).map { k in
      Variable(
        Tensor.glorotUniform(fanIn: outputDimension, fanOut: 1, generator: &random.generator), requiresGradient: true,
        name: "\(name).att_dst\(k)")
    }
    bias = Variable(
      Tensor(zeros: [concatenate ? heads * outputDimension : outputDimension]), requiresGradient: true,
      name: "\(name).bias")
  }

  /// The trainable parameters: weight, source and target attention vectors, bias.
  public var parameters: [Variable] { [weight] + attentionSource + attentionTarget + [bias] }

  /// The attention coefficients α of each head on `graph.withSelfLoops` (for inspection).
  public func attention(_ x: LayerInput, graph: GraphStructure) throws -> [Tensor] {
    let pattern = try graph.withSelfLoops
    let h = try x.matmul(weight)
    return try (0..<heads).map { k in try coefficients(head: k, projected: h, pattern: pattern).value }
  }

  private func coefficients(head k: Int, projected h: Variable, pattern: CSRMatrix) throws -> Variable {
    let hk = heads == 1 ? h : try sliceColumns(h, (k * outputDimension)..<((k + 1) * outputDimension))
    let target = try matmul(hk, attentionTarget[k])
    let source = try matmul(hk, attentionSource[k])
    let scores = leakyRelu(try edgeAdd(pattern: pattern, source: target, target: source), negativeSlope: negativeSlope)
    return try edgeSoftmax(pattern: pattern, scores: scores)
  }

  /// Attention-weighted aggregation over each node's neighbours and itself.
  public func callAsFunction(_ x: LayerInput, graph: GraphStructure) throws -> Variable {
    let pattern = try graph.withSelfLoops
    let h = try x.matmul(weight)
    var outputs: [Variable] = []
    for k in 0..<heads {
      var alpha = try coefficients(head: k, projected: h, pattern: pattern)
      if isTraining && attentionDropout > 0 {
        alpha = try dropout(alpha, probability: attentionDropout, generator: &random.generator)
      }
      let hk = heads == 1 ? h : try sliceColumns(h, (k * outputDimension)..<((k + 1) * outputDimension))
      outputs.append(try spmm(pattern: pattern, values: alpha, hk))
    }
    let combined: Variable
    if heads == 1 {
      combined = outputs[0]
    } else if concatenate {
      combined = try Tensors.concatenate(outputs, alongAxis: 1)
    } else {
      var sum = outputs[0]
      for o in outputs.dropFirst() { sum = try sum + o }
      combined = scale(sum, by: 1 / Float(heads))
    }
    return try combined + bias
  }
}
