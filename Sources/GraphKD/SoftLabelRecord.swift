import Distillation
import Foundation
import GNN
import GraphData

/// What a soft-label run records about how it was made, stored as its configuration JSON
/// (`/soft_labels/<run>` attribute `config`): the backbone, training and self-distillation
/// settings, the split and seed, headline numbers and the metadata.
public struct SoftLabelRecord: Codable, Sendable {
  /// The teacher's backbone.
  public var model: ModelConfiguration
  /// The teacher's optimiser and early stopping.
  public var training: TrainingConfiguration
  /// The self-distillation terms.
  public var selfDistillation: SelfDistillationConfiguration
  /// The split trained on.
  public var split: String
  /// The seed.
  public var seed: UInt64
  /// Validation accuracy of the soft labels' argmax.
  public var validationAccuracy: Double
  /// Test accuracy of the soft labels' argmax.
  public var testAccuracy: Double
  /// Expected calibration error of the soft labels on the test nodes.
  public var calibrationError: Double
  /// Versions, commit, machine.
  public var metadata: RunMetadata
  /// What a validation guard weighed and kept, with the evidence (nil without a guard).
  public var selection: [SelfDistillationResult.Candidate]?
  /// The backbones weighed when the teacher's was chosen by validation, with their evidence
  /// (nil when the backbone was named).
  public var backboneSelection: [BackboneSelection.Candidate]?

  /// Creates a record.
  public init(
    model: ModelConfiguration, training: TrainingConfiguration, selfDistillation: SelfDistillationConfiguration,
    split: String, seed: UInt64, validationAccuracy: Double, testAccuracy: Double, calibrationError: Double,
    metadata: RunMetadata
  ) {
    self.model = model
    self.training = training
    self.selfDistillation = selfDistillation
    self.split = split
    self.seed = seed
    self.validationAccuracy = validationAccuracy
    self.testAccuracy = testAccuracy
    self.calibrationError = calibrationError
    self.metadata = metadata
  }

  /// The soft-label run of a self-distillation result: its probabilities, hidden representation
  /// and temperature, this record as configuration JSON, and the result's metrics as attributes.
  public func softLabelRun(result: SelfDistillationResult) throws -> SoftLabelRun {
    var record = self
    if !result.selection.isEmpty { record.selection = result.selection }
    return SoftLabelRun(
      probabilities: result.probabilities,
      method: "self-distillation:\(selfDistillation.summary):\(model.architecture.rawValue)",
      temperature: Double(result.temperature), seed: seed,
      configJSON: try StoredModel.json(record),
      created: metadata.created, hidden: result.hidden,
      metrics: [
        "validation_accuracy": result.validationAccuracy, "test_accuracy": result.testAccuracy,
        "test_macro_f1": result.testMacroF1, "calibration_error": result.calibrationError,
        "calibration_error_uncalibrated": result.calibrationErrorBefore,
      ])
  }
}
