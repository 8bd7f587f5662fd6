import Tensors

/// Model selection and early stopping: remembers the best epoch by the monitored validation
/// number, the weights to restore, and how many epochs have passed without improvement.
///
/// ```swift
/// var selection = ModelSelection(monitor: .validationLoss)
/// if selection.record(epoch: e, validationAccuracy: acc, validationLoss: loss) {
///   selection.keep(weights: model.parameterValues())
/// }
/// if selection.shouldStop(patience: 100) { break }
/// ```
public struct ModelSelection: Sendable {
  /// The criterion.
  public let monitor: TrainingConfiguration.Monitor
  /// The best epoch so far (1-based), or 0 before any.
  public private(set) var bestEpoch = 0
  /// Validation accuracy at the best epoch.
  public private(set) var bestAccuracy: Double = 0
  /// Validation loss at the best epoch.
  public private(set) var bestLoss: Float = .infinity
  /// The weights kept at the best epoch (empty until ``keep(weights:)``).
  public private(set) var bestWeights: [Tensor] = []
  /// Epochs recorded since the best one.
  public private(set) var epochsSinceBest = 0

  /// Creates a tracker for `monitor`.
  public init(monitor: TrainingConfiguration.Monitor) { self.monitor = monitor }

  /// Records an epoch's validation numbers; returns whether it is the new best (higher accuracy,
  /// ties broken by lower loss, or lower loss, by the monitor).
  public mutating func record(epoch: Int, validationAccuracy: Double, validationLoss: Float) -> Bool {
    let improved: Bool
    if bestEpoch == 0 {
      improved = true
    } else {
      switch monitor {
      case .validationAccuracy:
        improved =
          validationAccuracy > bestAccuracy || (validationAccuracy == bestAccuracy && validationLoss < bestLoss)
      case .validationLoss: improved = validationLoss < bestLoss
      }
    }
    if improved {
      (bestEpoch, bestAccuracy, bestLoss, epochsSinceBest) = (epoch, validationAccuracy, validationLoss, 0)
    } else {
      epochsSinceBest += 1
    }
    return improved
  }

  /// Keeps `weights` as the best epoch's (call when ``record(epoch:validationAccuracy:validationLoss:)``
  /// returns `true`).
  public mutating func keep(weights: [Tensor]) { bestWeights = weights }

  /// Whether `patience` epochs have passed without improvement (`nil`: never).
  public func shouldStop(patience: Int?) -> Bool {
    guard let patience else { return false }
    return epochsSinceBest >= patience
  }
}
