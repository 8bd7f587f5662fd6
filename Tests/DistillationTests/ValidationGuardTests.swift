import Foundation
import GNN
import Tensors
import Testing

@testable import Distillation

/// The validation guard keeps, among the generations and the plain backbone, exactly the model
/// with the lowest calibrated validation loss, records the evidence, and is deterministic.
@Suite struct ValidationGuardTests {
  static func guarded() -> SelfDistillationTrainer {
    var sd = SelfDistillationVariant.standard.configuration
    #expect(sd.validationGuard != nil && sd.summary.hasSuffix("+guarded"))
    sd.epochs = 40
    sd.patience = nil
    var t = TrainingConfiguration.standard(.gcn)
    t.epochs = 40
    return SelfDistillationTrainer(model: .standard(.gcn), training: t, selfDistillation: sd)
  }

  @Test func keepsTheCandidateWithTheLowestCalibratedValidationLoss() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 3)
    var plainEpochs = 0
    let result = try Self.guarded().train(on: data, seed: 5) { e in
      if e.generation == 0 { plainEpochs += 1 }
      return true
    }
    let names = result.selection.map(\.candidate)
    #expect(names.first == "generation 1" && names.last == "plain", "\(names)")
    #expect(plainEpochs == 40)
    #expect(result.selection.filter(\.kept).count == 1)
    let kept = try #require(result.selection.first { $0.kept })
    let lowest = result.selection.map(\.validationLoss).min()!
    #expect(kept.validationLoss == lowest || (kept.candidate == "plain" && kept.validationLoss <= lowest))
    // The kept model is the one that gives the soft labels: its calibrated loss is the recorded one.
    let teacher = try result.trainedTeacher(data: data)
    teacher.model.isTraining = false
    let output = try withoutGradients { try teacher.model.forward(data.features, graph: data.graph) }
    let logits = result.headEnsemble ? try NodeClassifier.headEnsembleLogits(output) : output.logits.value
    #expect(abs(SelfDistillationTrainer.calibratedValidationLoss(logits, data: data) - kept.validationLoss) < 1e-9)
    #expect(result.selectionSummary.hasPrefix("kept \(kept.candidate) (validation loss"))
    // The same seed makes the same choice with the same numbers.
    let again = try Self.guarded().train(on: data, seed: 5)
    #expect(again.selection == result.selection && again.probabilities == result.probabilities)
  }

  @Test func theCriterionIsTheCalibratedNegativeLogLikelihood() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 3)
    // Perfectly separating logits have a small loss whatever their scale; uninformative ones log C.
    var perfect = Tensor(zeros: [data.labels.count, 3])
    for (i, y) in data.labels.enumerated() { perfect[i, y] = 1 }
    let flat = Tensor(zeros: [data.labels.count, 3])
    #expect(SelfDistillationTrainer.calibratedValidationLoss(perfect, data: data) < 0.05)
    var scaled = perfect
    for i in 0..<data.labels.count { for j in 0..<3 { scaled[i, j] *= 50 } }
    #expect(
      abs(
        SelfDistillationTrainer.calibratedValidationLoss(scaled, data: data)
          - SelfDistillationTrainer.calibratedValidationLoss(perfect, data: data)) < 0.05)
    #expect(abs(SelfDistillationTrainer.calibratedValidationLoss(flat, data: data) - Foundation.log(3.0)) < 1e-6)
  }

  @Test func withoutAGuardNothingIsWeighed() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 3)
    let result = try SelfDistillationTrainerTests.trainer(.unguarded, epochs: 20).train(on: data, seed: 1)
    #expect(result.selection.isEmpty && result.selectionSummary.isEmpty)
  }
}
