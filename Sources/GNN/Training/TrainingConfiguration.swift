/// How to train: optimiser, schedule, regularisation and model selection, as data.
public struct TrainingConfiguration: Codable, Sendable, Equatable {
  /// The optimiser.
  public enum OptimizerKind: String, Codable, Sendable {
    /// Adam with L2 weight decay through the gradient (what the GCN/GAT papers use).
    case adam
    /// AdamW with decoupled weight decay.
    case adamW
  }

  /// Which validation number selects the best epoch and drives early stopping.
  public enum Monitor: String, Codable, Sendable {
    /// Highest validation accuracy (ties: lower validation loss).
    case validationAccuracy
    /// Lowest validation loss.
    case validationLoss
  }

  /// Maximum epochs.
  public var epochs: Int
  /// Learning rate.
  public var learningRate: Float
  /// Weight-decay coefficient.
  public var weightDecay: Float
  /// Which parameters are decayed.
  public var weightDecayScope: WeightDecayScope
  /// The optimiser.
  public var optimizer: OptimizerKind
  /// Stop after this many epochs without improvement; `nil` runs all epochs.
  public var patience: Int?
  /// The model-selection criterion.
  public var monitor: Monitor
  /// Restore the weights of the best epoch at the end.
  public var restoreBestWeights: Bool

  /// Creates a configuration (defaults: Kipf & Welling's GCN on Cora).
  public init(
    epochs: Int = 200, learningRate: Float = 0.01, weightDecay: Float = 5e-4,
    weightDecayScope: WeightDecayScope = .firstLayer,
    optimizer: OptimizerKind = .adam, patience: Int? = nil, monitor: Monitor = .validationAccuracy,
    restoreBestWeights: Bool = true
  ) {
    self.epochs = epochs
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    self.weightDecayScope = weightDecayScope
    self.optimizer = optimizer
    self.patience = patience
    self.monitor = monitor
    self.restoreBestWeights = restoreBestWeights
  }

  /// Each paper's Cora training settings, with its model selection on validation loss: GCN
  /// 200 epochs, lr 0.01, decay 5e-4 on the first layer; GAT lr 0.005, decay 5e-4 on all,
  /// patience 100; APPNP lr 0.01, decay 5e-3 on the first layer, patience 100; GCNII 1,500
  /// epochs, lr 0.01, decay 0.01 on its GCNII layers and 5e-4 on the rest, patience 100. GraphSAGE and
  /// the MLPs, SIGN included (no published Cora protocol), train like GCN with decay on all layers and select
  /// on validation accuracy.
  public static func standard(_ architecture: ModelConfiguration.Architecture) -> TrainingConfiguration {
    switch architecture {
    case .gcn: return TrainingConfiguration(monitor: .validationLoss)
    case .gat:
      return TrainingConfiguration(
        epochs: 1000, learningRate: 0.005, weightDecay: 5e-4, weightDecayScope: .all, patience: 100,
        monitor: .validationLoss)
    case .sage: return TrainingConfiguration(epochs: 200, weightDecayScope: .all)
    case .appnp:
      return TrainingConfiguration(
        epochs: 1000, learningRate: 0.01, weightDecay: 5e-3, weightDecayScope: .firstLayer, patience: 100,
        monitor: .validationLoss)
    case .mlp, .sign: return TrainingConfiguration(epochs: 200, weightDecayScope: .all)
    case .gcnii:
      return TrainingConfiguration(
        epochs: 1500, learningRate: 0.01, weightDecay: 0.01, weightDecayScope: .propagationLayers, patience: 100,
        monitor: .validationLoss)
    }
  }

  /// Checks the settings.
  /// - Throws: ``ConfigurationError`` naming the bad setting.
  public func validate() throws {
    guard epochs > 0 else { throw ConfigurationError(setting: "epochs", expected: "at least 1", actual: "\(epochs)") }
    guard learningRate > 0, learningRate.isFinite else {
      throw ConfigurationError(setting: "learningRate", expected: "a positive number", actual: "\(learningRate)")
    }
    guard weightDecay >= 0 else {
      throw ConfigurationError(setting: "weightDecay", expected: "≥ 0", actual: "\(weightDecay)")
    }
    if let patience, patience <= 0 {
      throw ConfigurationError(setting: "patience", expected: "at least 1 (or none)", actual: "\(patience)")
    }
  }
}
