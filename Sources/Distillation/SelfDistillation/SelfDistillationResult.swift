import Foundation
import GNN
import GraphData
import Tensors

/// The outcome of training a self-distilled teacher: its accuracy and its soft labels.
public struct SelfDistillationResult: Sendable {
  /// One generation's numbers.
  public struct Generation: Codable, Sendable {
    /// 1-based generation.
    public var generation: Int
    /// Validation accuracy of the selected epoch.
    public var validationAccuracy: Double
    /// Test accuracy of the generation's soft labels' argmax.
    public var testAccuracy: Double
    /// The selected epoch.
    public var bestEpoch: Int
    /// Epochs run.
    public var epochs: Int
  }

  /// `[N, C]` soft labels of the last generation (calibrated when configured), rows sum to 1.
  public var probabilities: Tensor
  /// `[N, H]` the teacher's deepest hidden representation (evaluation mode), for intermediate
  /// distillation of students.
  public var hidden: Tensor?
  /// Test accuracy of the soft labels' argmax.
  public var testAccuracy: Double
  /// Test macro-F1 of the soft labels' argmax.
  public var testMacroF1: Double
  /// Validation accuracy of the soft labels' argmax.
  public var validationAccuracy: Double
  /// The fitted temperature (1 when not calibrating).
  public var temperature: Float
  /// Expected calibration error on the test nodes before calibration.
  public var calibrationErrorBefore: Double
  /// Expected calibration error on the test nodes of the returned probabilities.
  public var calibrationError: Double
  /// Per-generation numbers.
  public var generations: [Generation]
  /// Epochs trained, summed over generations (early stopping can end a generation early).
  public var epochsTrained: Int { generations.reduce(0) { $0 + $1.epochs } }
  /// Wall-clock seconds of all training.
  public var seconds: Double
  /// Parameters of the teacher model.
  public var parameterCount: Int
  /// The selected teacher's architecture (with auxiliary heads when layer-wise terms trained them).
  public var teacherConfiguration: ModelConfiguration
  /// The selected teacher's weights (best epoch of the last generation), in
  /// ``NodeClassifier/parameters`` order.
  public var teacherWeights: [Tensor]
  /// One model a ``SelfDistillationConfiguration/ValidationGuard`` weighed: a generation or the
  /// plain backbone, its criterion and whether it is the one kept.
  public struct Candidate: Codable, Sendable, Equatable {
    /// `generation 1`, `generation 2`, …, or `plain`.
    public var candidate: String
    /// The validation nodes' negative log-likelihood after temperature scaling (lower is better).
    public var validationLoss: Double
    /// Validation accuracy of its selected epoch.
    public var validationAccuracy: Double
    /// Whether this candidate's model gives the soft labels.
    public var kept: Bool
  }

  /// What the validation guard weighed and kept (empty without a guard).
  public var selection: [Candidate] = []

  /// The kept candidate and the evidence, e.g. `kept plain (validation loss 0.712; generation 1
  /// 0.745)`; empty without a guard.
  public var selectionSummary: String {
    guard let kept = selection.first(where: \.kept) else { return "" }
    let others = selection.filter { !$0.kept }.map { "\($0.candidate) \(String(format: "%.3f", $0.validationLoss))" }
    return "kept \(kept.candidate) (validation loss \(String(format: "%.3f", kept.validationLoss))"
      + (others.isEmpty ? ")" : "; " + others.joined(separator: ", ") + ")")
  }
  /// The early-exit rule fitted on the validation nodes
  /// (``SelfDistillationConfiguration/LayerWise/earlyExitTolerance``), when the kept model has
  /// auxiliary heads.
  public var earlyExit: EarlyExit? = nil
  /// Test accuracy when every node is answered by its early exit.
  public var earlyExitTestAccuracy: Double? = nil
  /// Test macro-F1 when every node is answered by its early exit.
  public var earlyExitTestMacroF1: Double? = nil
  /// The exit of every node under ``earlyExit`` (`0 ..< heads` the heads, `heads` the final layer).
  public var exits: [Int]? = nil

  /// The trained model as a validation guard's plain candidate, when this was a plain run
  /// (``SelfDistillationConfiguration/plain``): pass it to
  /// ``SelfDistillationTrainer/train(on:seed:reusing:onEpoch:)`` of a guarded configuration with
  /// the same model, training and seed, and the plain backbone is not trained twice.
  public var plainBackbone: PlainBackbone? = nil
  /// Whether the soft labels are the ensemble of the final layer and the auxiliary heads
  /// (``SelfDistillationConfiguration/SoftLabelSource/ensemble``) rather than the final layer's.
  public var headEnsemble = false

  /// Rebuilds the selected teacher for serving: its layers with their trained weights, without
  /// the auxiliary heads layer-wise training attached (they only shape training).
  /// - Parameters:
  ///   - inputDimension: the feature dimension it was trained on.
  ///   - classCount: the number of classes it was trained on.
  public func teacher(inputDimension: Int, classCount: Int) throws -> NodeClassifier {
    var configuration = teacherConfiguration
    configuration.auxiliaryHeads = false
    let model = try NodeClassifier(
      configuration: configuration, inputDimension: inputDimension, classCount: classCount,
      random: RandomSource(seed: 0))
    // Parameters are ordered layers first, then heads: the layers' weights are a prefix.
    try model.loadParameterValues(Array(teacherWeights.prefix(model.parameters.count)))
    model.isTraining = false
    return model
  }

  /// The selected teacher as a model to save and serve: it gives exactly the soft labels
  /// (``probabilities``) and their argmax on the graph it was trained on (with an
  /// ``earlyExit`` rule: the answering head's). It keeps the auxiliary heads only when its soft
  /// labels are their ensemble or it exits early, and applies the fitted temperature.
  public func trainedTeacher(
    data: NodeClassificationData, classNames: [String]? = nil, provenance: ModelProvenance = .init()
  ) throws -> TrainedNodeClassifier {
    var configuration = teacherConfiguration
    if !headEnsemble && earlyExit == nil { configuration.auxiliaryHeads = false }
    let model = try NodeClassifier(
      configuration: configuration, inputDimension: data.features.dimension, classCount: data.classCount,
      random: RandomSource(seed: 0))
    try model.loadParameterValues(Array(teacherWeights.prefix(model.parameters.count)))
    return TrainedNodeClassifier(
      model: model, preparation: data.appliedPreparation,
      inference: .init(temperature: temperature, headEnsemble: headEnsemble, earlyExit: earlyExit),
      classNames: classNames,
      provenance: provenance)
  }
}
