import GNN
import Tensors

/// Which self-distillation terms train a teacher when labels are scarce, with their weights —
/// as data, so that an ablation ("which part helps") is a loop over configurations.
///
/// Every part is optional; with all of them `nil` (and one generation) training is plain
/// supervised training. ``standard`` is the configuration GraphKD ships as its default teacher.
public struct SelfDistillationConfiguration: Codable, Sendable, Equatable {
  /// Past-weight self-distillation with an exponential-moving-average teacher (Tarvainen &
  /// Valpola, "Mean teachers are better role models", NeurIPS 2017), applied to every node.
  public struct MeanTeacher: Codable, Sendable, Equatable {
    /// EMA decay d: θ_teacher ← d·θ_teacher + (1 − d)·θ_student after every step (ramped as
    /// min(d, 1 − 1/(step + 1)) early on, as in the paper).
    public var decay: Float
    /// Weight λ of the consistency loss at the end of the ramp-up.
    public var weight: Float
    /// Epochs over which λ ramps up as λ·exp(−5(1 − t/R)²).
    public var rampUpEpochs: Int
    /// Temperature applied to the teacher's logits; below 1 it sharpens the targets.
    public var teacherTemperature: Float
    /// Consistency between predictions: KL(teacher ‖ student) or squared error of probabilities.
    public var loss: ConsistencyLoss
    /// Whether the teacher's targets come from its own noisy view (dropout, DropNode, DropEdge:
    /// one extra forward pass per epoch) or from its clean evaluation pass of the previous
    /// epoch, which model selection computes anyway.
    public var noisyTeacher: Bool
    /// Only nodes whose teacher confidence (largest probability at T = 1) reaches this take
    /// part (FixMatch-style masking, Sohn et al., NeurIPS 2020); 0 uses every node.
    public var confidenceThreshold: Float
    /// Cap the nodes taken per predicted class at the count of the least represented class, so
    /// that confident majority classes do not crowd out the others.
    public var classBalanced: Bool

    /// Creates the settings.
    public init(
      decay: Float = 0.99, weight: Float = 1, rampUpEpochs: Int = 50, teacherTemperature: Float = 0.5,
      loss: ConsistencyLoss = .kl, noisyTeacher: Bool = false, confidenceThreshold: Float = 0,
      classBalanced: Bool = false
    ) {
      self.noisyTeacher = noisyTeacher
      self.confidenceThreshold = confidenceThreshold
      self.classBalanced = classBalanced
      self.decay = decay
      self.weight = weight
      self.rampUpEpochs = rampUpEpochs
      self.teacherTemperature = teacherTemperature
      self.loss = loss
    }
  }

  /// How teacher and student predictions are compared.
  public enum ConsistencyLoss: String, Codable, Sendable {
    /// KL(p_teacher ‖ p_student), the distillation form.
    case kl
    /// Mean squared difference of the probability vectors (the mean-teacher paper's choice).
    case mse
  }

  /// Progressively refined targets from the model's own past predictions (PS-KD, Kim et al.,
  /// "Self-Knowledge Distillation with Progressive Refinement of Targets", ICCV 2021):
  /// target_t = (1 − α_t)·y + α_t·p_{t−k} on labelled nodes with α_t = α_max·t/T, and p_{t−k}
  /// on unlabelled nodes whose past confidence exceeds a threshold.
  public struct ProgressiveTargets: Codable, Sendable, Equatable {
    /// α_max, the final weight of the past prediction in a labelled node's target.
    public var maximumAlpha: Float
    /// k: the past predictions are refreshed every k epochs (evaluation mode).
    public var lag: Int
    /// Unlabelled nodes join once their past prediction's largest probability reaches this.
    public var confidenceThreshold: Float
    /// Weight of the unlabelled nodes' term.
    public var unlabelledWeight: Float
    /// Epochs before the first snapshot (the model must first learn something).
    public var warmUpEpochs: Int

    /// Creates the settings.
    public init(
      maximumAlpha: Float = 0.8, lag: Int = 1, confidenceThreshold: Float = 0.7, unlabelledWeight: Float = 1,
      warmUpEpochs: Int = 20
    ) {
      self.maximumAlpha = maximumAlpha
      self.lag = lag
      self.confidenceThreshold = confidenceThreshold
      self.unlabelledWeight = unlabelledWeight
      self.warmUpEpochs = warmUpEpochs
    }
  }

  /// Layer-wise self-distillation, deep to shallow ("Be Your Own Teacher", Zhang et al., ICCV
  /// 2019): a classifier head on every hidden layer learns from the labels, from the deepest
  /// classifier's softened output (KL·T²), and from the deepest hidden representation through
  /// a small projector (feature hint, MSE).
  public struct LayerWise: Codable, Sendable, Equatable {
    /// Softening temperature T of the deepest classifier's output.
    public var temperature: Float
    /// Weight of the KL term per shallow head.
    public var distillationWeight: Float
    /// Weight of each shallow head's cross-entropy on labelled nodes.
    public var headCrossEntropyWeight: Float
    /// Weight of the feature hint per shallow layer (0 to switch it off).
    public var hintWeight: Float
    /// Fit an ``EarlyExit`` rule on the validation nodes after training, losing at most this
    /// much validation accuracy (a fraction: 0.005 is half a point) against the final layer;
    /// `nil`: no early exit.
    public var earlyExitTolerance: Double?

    /// Creates the settings.
    public init(
      temperature: Float = 2, distillationWeight: Float = 1, headCrossEntropyWeight: Float = 1, hintWeight: Float = 0.1,
      earlyExitTolerance: Double? = nil
    ) {
      self.temperature = temperature
      self.distillationWeight = distillationWeight
      self.headCrossEntropyWeight = headCrossEntropyWeight
      self.hintWeight = hintWeight
      self.earlyExitTolerance = earlyExitTolerance
    }
  }

  /// Noise on the student's view of the graph (and the teacher's, when it is noisy).
  public struct Augmentation: Codable, Sendable, Equatable {
    /// Probability of dropping a node's whole feature row (DropNode, as in GRAND), survivors
    /// scaled by 1/(1 − p).
    public var nodeDrop: Float
    /// Probability of dropping each undirected edge (DropEdge).
    public var edgeDrop: Float

    /// Creates the settings.
    public init(nodeDrop: Float = 0, edgeDrop: Float = 0) {
      self.nodeDrop = nodeDrop
      self.edgeDrop = edgeDrop
    }
  }

  /// Keeps a part only where the validation nodes say it helps: the plain backbone is always a
  /// candidate, and each born-again generation must beat the one before.
  ///
  /// The criterion is the validation nodes' negative log-likelihood after temperature scaling
  /// (fitted on those nodes for each candidate): continuous where accuracy on a few dozen
  /// validation nodes moves in steps of several points, and blind to the over-confidence that
  /// sharpened self-distillation targets give a model, which would otherwise count against it
  /// although its ranking of the classes is better. Lower is better; a tie keeps the simpler
  /// candidate.
  ///
  /// The simpler candidate (the plain backbone against self-distillation, a generation against
  /// the next) is kept unless the other's mean validation loss is lower — by more than
  /// ``standardErrors`` standard errors of the paired per-node differences when that margin is
  /// set (the one-standard-error rule that chooses the backbone, `BackboneSelection`). The
  /// default margin is 0: with one standard error `graphkd run`'s teacher fell from 84.4 ± 0.8 %
  /// (`scripts/reproduce/robustness.sh`) to 83.9 ± 0.7 % on Cora's public split (the same seeds
  /// 0–9, `graphkd run data/cora.h5 --config seeds.json --dry-run`), and a
  /// standard GCN against plain went from −0.8 to −0.5 points on Texas but from +0.6 to 0.0 on
  /// Wisconsin (`graphkd evaluate G --model gcn --splits geom_gcn_`).
  public struct ValidationGuard: Codable, Sendable, Equatable {
    /// Train the plain backbone too and keep it when it is better.
    public var plainCandidate: Bool
    /// The margin, in standard errors of the paired loss difference, by which a more complex
    /// candidate must win (0: any lower mean loss).
    public var standardErrors: Double

    /// Creates the settings.
    public init(plainCandidate: Bool = true, standardErrors: Double = 0) {
      self.plainCandidate = plainCandidate
      self.standardErrors = standardErrors
    }

    enum CodingKeys: String, CodingKey {
      case plainCandidate, standardErrors
    }

    /// Decodes the settings; an absent `standardErrors` takes the default, 0.
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      plainCandidate = try c.decode(Bool.self, forKey: .plainCandidate)
      standardErrors = try c.decodeIfPresent(Double.self, forKey: .standardErrors) ?? 0
    }

    /// Whether the candidate with per-validation-node losses `complex` is to be kept over the
    /// simpler one with `simple` (same nodes, same order): its mean loss is lower by more than
    /// ``standardErrors`` standard errors of the paired differences. Always, against no simpler
    /// candidate.
    public func prefersComplex(_ complex: [Double], over simple: [Double]) -> Bool {
      guard !simple.isEmpty else { return true }
      guard !complex.isEmpty else { return false }
      let gap = BackboneSelection.pairedGap(complex, simple)
      return gap.mean + standardErrors * gap.standardError < 0
    }
  }

  /// Born-again targets smoothed over the graph before the next generation learns them (the
  /// label propagation of CPF, Yang et al., WWW 2021, and Correct & Smooth, Huang et al., ICLR
  /// 2021): the previous generation's soft labels, with the labelled training nodes set to their
  /// one-hot labels, are propagated by personalised PageRank,
  ///
  ///     Z⁰ = P (labelled rows one-hot),   Z^{k+1} = (1 − α) Â Z^k + α Z⁰,
  ///
  /// K steps over GCN's Â, and each row renormalised to sum 1. Neighbours that share a class
  /// then correct each other's mistakes where labels are few; a validation guard keeps the next
  /// generation only where this helps (on heterophilous graphs it does not).
  public struct TargetPropagation: Codable, Sendable, Equatable {
    /// Propagation steps K.
    public var steps: Int
    /// Teleport probability α back to the targets.
    public var teleport: Float

    /// Creates the settings.
    public init(steps: Int = 10, teleport: Float = 0.1) {
      self.steps = steps
      self.teleport = teleport
    }

    /// `probabilities` with the labelled training rows one-hot, propagated over `data`'s graph
    /// and renormalised.
    /// - Throws: ``TensorError`` when `probabilities` does not have a row per node.
    public func propagate(_ probabilities: Tensor, over data: NodeClassificationData) throws -> Tensor {
      var start = probabilities
      let c = start.columnCount
      for i in data.trainNodes where data.labels[i] >= 0 && data.labels[i] < c {
        for j in 0..<c { start[i, j] = j == data.labels[i] ? 1 : 0 }
      }
      let aHat = try data.graph.gcnNormalized
      let alpha = teleport
      let anchor = scale(Variable(start), by: alpha)
      var z = Variable(start)
      try withoutGradients {
        for _ in 0..<steps { z = try scale(spmm(aHat, z), by: 1 - alpha) + anchor }
      }
      var out = z.value
      for i in 0..<out.rowCount {
        var total: Float = 0
        for j in 0..<c { total += max(out[i, j], 0) }
        for j in 0..<c { out[i, j] = total > 0 ? max(out[i, j], 0) / total : 1 / Float(c) }
      }
      return out
    }
  }

  /// What produces the final soft labels.
  public enum SoftLabelSource: String, Codable, Sendable {
    /// The EMA teacher when a mean teacher is trained, otherwise the model itself.
    case teacher
    /// The average of the final classifier's and every auxiliary head's probabilities.
    case ensemble
  }

  /// The mean teacher, or `nil`.
  public var meanTeacher: MeanTeacher?
  /// Progressive past-prediction targets, or `nil`.
  public var progressiveTargets: ProgressiveTargets?
  /// Layer-wise deep → shallow distillation, or `nil`.
  public var layerWise: LayerWise?
  /// Born-again generations: generation g + 1 learns from generation g's soft labels (1 = no
  /// re-training).
  public var generations: Int
  /// Weight of the previous generation's soft labels (KL on all nodes) from generation 2 on.
  public var generationWeight: Float
  /// Smooth each generation's soft labels over the graph before the next one learns them.
  public var targetPropagation: TargetPropagation?
  /// Noise applied to the student's (and, independently, the teacher's) input.
  public var augmentation: Augmentation
  /// The source of the soft labels.
  public var softLabelSource: SoftLabelSource
  /// Keep parts only where validation says they help, or `nil` to keep every part.
  public var validationGuard: ValidationGuard?
  /// Fit a temperature on the validation nodes so the soft labels are calibrated.
  public var calibrate: Bool
  /// Epochs per generation; `nil` derives them from the training configuration's (see
  /// ``epochScale``).
  public var epochs: Int?
  /// When ``epochs`` is `nil`: epochs per generation as a multiple of the training
  /// configuration's, rounded (so a backbone that trains longer, such as GAT with 1,000 epochs
  /// and patience, keeps a proportionally longer budget); `nil` means 1.
  public var epochScale: Double?
  /// Early-stopping patience per generation; `nil` keeps the training configuration's.
  public var patience: Int?
  /// Model selection and early stopping criterion; `nil` keeps the training configuration's.
  public var monitor: TrainingConfiguration.Monitor?
  /// Learning rate; `nil` keeps the training configuration's.
  public var learningRate: Float?

  /// Creates a configuration; by default every part is off.
  public init(
    meanTeacher: MeanTeacher? = nil, progressiveTargets: ProgressiveTargets? = nil, layerWise: LayerWise? = nil,
    generations: Int = 1, generationWeight: Float = 1, augmentation: Augmentation = .init(),
    softLabelSource: SoftLabelSource = .teacher, calibrate: Bool = true, epochs: Int? = nil, epochScale: Double? = nil,
    patience: Int? = nil, monitor: TrainingConfiguration.Monitor? = nil, learningRate: Float? = nil,
    validationGuard: ValidationGuard? = nil
  ) {
    self.validationGuard = validationGuard
    self.epochScale = epochScale
    self.monitor = monitor
    self.learningRate = learningRate
    self.epochs = epochs
    self.patience = patience
    self.meanTeacher = meanTeacher
    self.progressiveTargets = progressiveTargets
    self.layerWise = layerWise
    self.generations = generations
    self.generationWeight = generationWeight
    self.augmentation = augmentation
    self.softLabelSource = softLabelSource
    self.calibrate = calibrate
  }

  /// Plain supervised training (every self-distillation part off).
  public static let plain = SelfDistillationConfiguration()

  /// GraphKD's default teacher: ``unguarded`` under a ``ValidationGuard``. The plain backbone is
  /// trained too and kept when the validation nodes prefer it, and the second generation only
  /// when it improves on the first, so the teacher does not fall below its own backbone where
  /// self-distillation does not help (heterophilous graphs, weak feature signal). The guard's
  /// plain candidate costs one more plain training, ≈ 3.7× a plain GCN's time in all
  /// (`graphkd bench self-distill`); `graphkd run` reuses the one its backbone selection trained.
  public static let standard: SelfDistillationConfiguration = {
    var c = unguarded
    c.validationGuard = ValidationGuard()
    return c
  }()

  /// The self-distillation parts of ``standard`` without its validation guard, chosen on Cora's
  /// validation nodes (public split and K = 2): an EMA mean teacher (decay 0.85) whose sharpened
  /// (T = 0.5) predictions teach the student on the unlabelled nodes where the teacher is ≥ 80 %
  /// confident, class-balanced, under DropNode (0.4) and DropEdge (0.1) noise; two born-again
  /// generations, each ¾ of the backbone's epochs (150 for GCN) at learning rate 0.04, patience
  /// 100: 2.7× a plain GCN's training time (`graphkd bench self-distill`).
  public static let unguarded = SelfDistillationConfiguration(
    meanTeacher: MeanTeacher(
      decay: 0.85, weight: 1, rampUpEpochs: 30, teacherTemperature: 0.5, confidenceThreshold: 0.8, classBalanced: true),
    generations: 2, augmentation: Augmentation(nodeDrop: 0.4, edgeDrop: 0.1), epochScale: 0.75, patience: 100,
    learningRate: 0.04)

  /// Every self-distillation part on at once, unguarded: ``unguarded`` plus progressive targets
  /// and layer-wise distillation (for the ablation).
  public static let all: SelfDistillationConfiguration = {
    var c = unguarded
    c.progressiveTargets = ProgressiveTargets()
    c.layerWise = LayerWise()
    return c
  }()

  /// Short names of the parts that are on, e.g. `"mean-teacher+progressive"`.
  public var summary: String {
    var parts: [String] = []
    if meanTeacher != nil { parts.append("mean-teacher") }
    if progressiveTargets != nil { parts.append("progressive") }
    if layerWise != nil { parts.append("layer-wise") }
    if generations > 1 { parts.append("generations=\(generations)") }
    if targetPropagation != nil && generations > 1 { parts.append("propagated-targets") }
    if validationGuard != nil && !parts.isEmpty { parts.append("guarded") }
    return parts.isEmpty ? "plain" : parts.joined(separator: "+")
  }

  /// Checks every setting.
  /// - Throws: ``ConfigurationError`` naming the bad setting.
  public func validate() throws {
    if let e = epochs, e < 1 {
      throw ConfigurationError(setting: "epochs", expected: "at least 1", actual: "\(e)")
    }
    if let s = epochScale, !(s > 0 && s.isFinite) {
      throw ConfigurationError(setting: "epochScale", expected: "a positive number", actual: "\(s)")
    }
    if let lr = learningRate, !(lr > 0 && lr.isFinite) {
      throw ConfigurationError(setting: "learningRate", expected: "a positive number", actual: "\(lr)")
    }
    guard generations >= 1 else {
      throw ConfigurationError(setting: "generations", expected: "at least 1", actual: "\(generations)")
    }
    if let m = meanTeacher {
      guard m.decay >= 0, m.decay < 1 else {
        throw ConfigurationError(setting: "meanTeacher.decay", expected: "a value in [0, 1)", actual: "\(m.decay)")
      }
      guard m.teacherTemperature > 0 else {
        throw ConfigurationError(
          setting: "meanTeacher.teacherTemperature", expected: "> 0", actual: "\(m.teacherTemperature)")
      }
    }
    if let p = progressiveTargets {
      guard (0...1).contains(p.maximumAlpha), p.lag >= 1 else {
        throw ConfigurationError(
          setting: "progressiveTargets", expected: "maximumAlpha in [0, 1] and lag ≥ 1",
          actual: "maximumAlpha \(p.maximumAlpha), lag \(p.lag)")
      }
    }
    if let l = layerWise, l.temperature <= 0 {
      throw ConfigurationError(setting: "layerWise.temperature", expected: "> 0", actual: "\(l.temperature)")
    }
    for (name, p) in [
      ("augmentation.nodeDrop", augmentation.nodeDrop), ("augmentation.edgeDrop", augmentation.edgeDrop),
    ]
    where !(p >= 0 && p < 1) {
      throw ConfigurationError(setting: name, expected: "a probability in [0, 1)", actual: "\(p)")
    }
  }
}
