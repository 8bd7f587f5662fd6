import GNN
import Tensors
import Testing

@Suite struct ModelSelectionTests {
  @Test func tracksTheBestEpochByAccuracyWithLossAsTieBreak() {
    var s = ModelSelection(monitor: .validationAccuracy)
    let improvements = [
      s.record(epoch: 1, validationAccuracy: 0.5, validationLoss: 1.0),
      s.record(epoch: 2, validationAccuracy: 0.4, validationLoss: 0.1),
      s.record(epoch: 3, validationAccuracy: 0.5, validationLoss: 0.9),
      s.record(epoch: 4, validationAccuracy: 0.5, validationLoss: 0.95),
    ]
    #expect(improvements == [true, false, true, false])
    #expect(s.bestEpoch == 3 && s.epochsSinceBest == 1)
    #expect(!s.shouldStop(patience: 2) && s.shouldStop(patience: 1) && !s.shouldStop(patience: nil))
  }

  @Test func tracksTheBestEpochByLossAndKeepsWeights() {
    var s = ModelSelection(monitor: .validationLoss)
    _ = s.record(epoch: 1, validationAccuracy: 0.9, validationLoss: 1.0)
    let second = s.record(epoch: 2, validationAccuracy: 0.1, validationLoss: 0.5)
    s.keep(weights: [Tensor([1, 2])])
    let third = s.record(epoch: 3, validationAccuracy: 0.99, validationLoss: 0.6)
    #expect(second && !third)
    #expect(s.bestEpoch == 2 && s.bestAccuracy == 0.1 && s.bestWeights == [Tensor([1, 2])])
  }
}
