/// Named self-distillation configurations: plain training, each part alone, and all together.
public enum SelfDistillationVariant: String, CaseIterable, Codable, Sendable {
  /// Plain supervised training (no self-distillation).
  case plain
  /// Mean teacher alone.
  case meanTeacher = "mean-teacher"
  /// Progressive past-prediction targets alone.
  case progressive
  /// Born-again generations alone.
  case generations
  /// Layer-wise (deep → shallow) distillation alone.
  case layerWise = "layer-wise"
  /// Every part at once, unguarded.
  case all
  /// GraphKD's default teacher: mean teacher with two generations and DropNode/DropEdge, under a
  /// validation guard (the plain backbone is a candidate too, and a generation is kept only when
  /// it improves the calibrated validation loss).
  case standard
  /// The standard teacher's parts without the validation guard (for the ablation).
  case unguarded

  /// The configuration of the variant. Each single-part variant keeps the standard teacher's
  /// settings of that part and its schedule (epochs, patience, learning rate), and switches
  /// everything else off, so the ablation isolates the part.
  public var configuration: SelfDistillationConfiguration {
    let all = SelfDistillationConfiguration.all
    func only(_ change: (inout SelfDistillationConfiguration) -> Void) -> SelfDistillationConfiguration {
      var c = SelfDistillationConfiguration(
        epochs: all.epochs, epochScale: all.epochScale, patience: all.patience, monitor: all.monitor,
        learningRate: all.learningRate)
      change(&c)
      return c
    }
    switch self {
    case .plain: return .plain
    case .meanTeacher:
      return only {
        $0.meanTeacher = all.meanTeacher
        $0.augmentation = all.augmentation
      }
    case .progressive: return only { $0.progressiveTargets = all.progressiveTargets }
    case .generations: return only { $0.generations = all.generations }
    case .layerWise: return only { $0.layerWise = all.layerWise }
    case .all: return all
    case .standard: return .standard
    case .unguarded: return .unguarded
    }
  }
}
