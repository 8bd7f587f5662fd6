import Foundation
import GNN
import Tensors
import Testing

/// The early-exit rule on hand-made outputs: which head answers, what it answers, and which
/// threshold validation accuracy allows.
@Suite struct EarlyExitTests {
  /// Four nodes, two classes, two heads and a final layer (logits; softmax of [a, 0] is
  /// [σ(a), 1 − σ(a)]).
  static func output() -> ModelOutput {
    func logits(_ rows: [[Float]]) -> Variable { Variable(try! Tensor(rows: rows)) }
    // Head 1 is sure of node 0 (class 0, p ≈ 0.98) and unsure of the rest; head 2 is sure of
    // nodes 0 and 1 (class 1 for node 1, p ≈ 0.95, wrongly for node 1); the final layer is right
    // about every node.
    let head1 = logits([[4, 0], [0.1, 0], [0, 0.2], [0.3, 0]])
    let head2 = logits([[3, 0], [0, 3], [0, 0.5], [0, 0.1]])
    let final = logits([[2, 0], [2, 0], [0, 2], [0, 2]])
    return ModelOutput(logits: final, hidden: [], auxiliaryLogits: [head1, head2])
  }

  static let labels = [0, 0, 1, 1]

  @Test func theFirstConfidentHeadAnswersAndTheFinalLayerTheRest() {
    let answer = EarlyExit(threshold: 0.9).apply(Self.output())
    #expect(answer.exits == [0, 1, 2, 2])
    #expect(answer.classes == [0, 1, 1, 1])
    let sure = 1 / (1 + Foundation.exp(Float(-4)))
    #expect(abs(answer.probabilities[0, 0] - sure) < 1e-6)
    // The final layer's probabilities at its temperature.
    let calibrated = EarlyExit(threshold: 0.9).apply(Self.output(), finalTemperature: 2)
    #expect(abs(calibrated.probabilities[3, 1] - 1 / (1 + Foundation.exp(Float(-1)))) < 1e-6)
    #expect(EarlyExit.never.apply(Self.output()).exits == [2, 2, 2, 2])
  }

  @Test func fittingTakesTheLowestThresholdWithinTheTolerance() throws {
    let output = Self.output()
    // No loss allowed: node 1 must not exit at head 2 (p ≈ 0.953), so the threshold is above it;
    // node 0 still exits at head 1 (p ≈ 0.982).
    let strict = try EarlyExit.fit(output, labels: Self.labels, rows: [0, 1, 2, 3], tolerance: 0)
    let answer = strict.apply(output)
    #expect(strict.threshold > 0.9526 && strict.threshold <= 0.9821)
    #expect(answer.classes == [0, 0, 1, 1] && answer.exits == [0, 2, 2, 2])
    // Losing a quarter is allowed: a lower threshold that exits node 1 wrongly is taken.
    let loose = try EarlyExit.fit(output, labels: Self.labels, rows: [0, 1, 2, 3], tolerance: 0.25)
    #expect(loose.threshold < strict.threshold)
    #expect(
      ClassificationMetrics.accuracy(predictions: loose.apply(output).classes, labels: Self.labels, rows: [0, 1, 2, 3])
        >= 0.75)
  }

  @Test func aModelWithoutHeadsCannotExitEarly() {
    let output = ModelOutput(logits: Self.output().logits, hidden: [], auxiliaryLogits: [])
    #expect(throws: TensorError.self) { try EarlyExit.fit(output, labels: Self.labels, rows: [0], tolerance: 0) }
  }
}
