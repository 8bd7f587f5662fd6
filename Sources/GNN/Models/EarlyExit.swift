import Tensors

/// Early exit for a model with a classifier head on every hidden layer (layer-wise
/// self-distillation): a node is answered by the first head, shallow to deep, whose top class
/// probability reaches ``threshold``; a node no head is sure of is answered by the final layer.
/// Easy nodes then cost only the layers below their exit (see `ModelCost.exitCosts` in
/// Evaluation).
///
/// The threshold is fitted on the validation nodes (``fit(_:labels:rows:tolerance:)``):
/// the lowest one whose validation accuracy stays within a tolerance of the final layer's.
///
/// ```swift
/// let output = try model.forward(features, graph: graph)
/// let exit = EarlyExit.fit(output, labels: labels, rows: validationNodes, tolerance: 0.005)
/// let answer = exit.apply(output)      // answer.exits[i]: 0 … heads − 1, or heads for the final layer
/// ```
public struct EarlyExit: Codable, Sendable, Equatable {
  /// The top class probability a head needs to answer a node.
  public var threshold: Float

  /// Creates a rule.
  public init(threshold: Float) {
    self.threshold = threshold
  }

  /// What the rule answers for every node.
  public struct Answer: Sendable {
    /// The predicted class of each node.
    public var classes: [Int]
    /// The head that answered each node: `0 ..< heads` the auxiliary heads shallow to deep,
    /// `heads` the final layer.
    public var exits: [Int]
    /// `[N, C]` the answering head's class probabilities per node.
    public var probabilities: Tensor
  }

  /// Applies the rule to a forward pass with auxiliary heads. The final layer's probabilities
  /// are `softmax(logits / finalTemperature)` (a calibrated teacher's); the heads' are their
  /// softmax.
  public func apply(_ output: ModelOutput, finalTemperature: Float = 1) -> Answer {
    let heads = output.auxiliaryLogits.map { rowSoftmax($0.value) }
    let final = rowSoftmax(output.logits.value, temperature: finalTemperature)
    let n = final.rowCount
    let c = final.columnCount
    var probabilities = final
    var exits = [Int](repeating: heads.count, count: n)
    var classes = ClassificationMetrics.predictions(final)
    for i in 0..<n {
      for (h, p) in heads.enumerated() {
        var best = 0
        for j in 1..<c where p[i, j] > p[i, best] { best = j }
        guard p[i, best] >= threshold else { continue }
        exits[i] = h
        classes[i] = best
        for j in 0..<c { probabilities[i, j] = p[i, j] }
        break
      }
    }
    return Answer(classes: classes, exits: exits, probabilities: probabilities)
  }

  /// The threshold that never exits early: above any probability.
  public static let never = EarlyExit(threshold: Float(1).nextUp)

  /// The lowest threshold among the heads' top probabilities on `rows` whose accuracy on `rows`
  /// is at least the final layer's minus `tolerance` (a fraction: 0.005 is half a point);
  /// ``never`` when none is.
  /// - Throws: ``TensorError`` when the output has no auxiliary heads.
  public static func fit(
    _ output: ModelOutput, labels: [Int], rows: [Int], tolerance: Double
  ) throws -> EarlyExit {
    guard !output.auxiliaryLogits.isEmpty else {
      throw TensorError.value("EarlyExit.fit", expected: "a model with auxiliary heads", actual: "none")
    }
    guard !rows.isEmpty else { return .never }
    // Per head and row: the top probability and whether its class is right.
    let finalPredictions = ClassificationMetrics.predictions(output.logits.value)
    let finalCorrect = rows.map { finalPredictions[$0] == labels[$0] }
    let target = Double(finalCorrect.filter { $0 }.count) - tolerance * Double(rows.count) - 1e-9
    let heads = output.auxiliaryLogits.map { head -> [(top: Float, correct: Bool)] in
      let p = rowSoftmax(head.value)
      return rows.map { i in
        var best = 0
        for j in 1..<p.columnCount where p[i, j] > p[i, best] { best = j }
        return (p[i, best], best == labels[i])
      }
    }
    for threshold in Set(heads.flatMap { $0.map(\.top) }).sorted() {
      var correct = 0
      for r in rows.indices {
        let answer = heads.first { $0[r].top >= threshold }?[r].correct ?? finalCorrect[r]
        if answer { correct += 1 }
      }
      if Double(correct) >= target { return EarlyExit(threshold: threshold) }
    }
    return .never
  }
}
