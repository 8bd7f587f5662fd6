import GNN
import Tensors

/// Chooses a teacher's backbone for one graph and split by validation: each candidate
/// architecture trains plainly with its standard settings and is scored by its
/// temperature-calibrated validation loss (the ``SelfDistillationConfiguration/ValidationGuard``'s
/// criterion), among the candidates that do better than chance.
///
/// The choice follows the one-standard-error rule of model selection (Breiman et al. 1984;
/// Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §7.10): candidates
/// are listed in order of preference — by default by their inference cost, the graph-free MLP
/// first and GAT last — and the first one whose validation loss is within one standard error of
/// the lowest is chosen. The standard error is that of the mean per-node difference to the
/// lowest candidate on the same validation nodes (a paired comparison). With hundreds of
/// validation nodes it is small and the lowest loss wins; with a few dozen (the WebKB graphs)
/// a costlier backbone must win clearly to be chosen over a cheaper one.
///
/// No backbone suits every graph: message passing helps where neighbours share a class and
/// hurts where they usually do not (heterophily), where the graph-free MLP wins. A candidate
/// whose validation macro-F1 is below 1/C (C the classes among the validation labels) is
/// *degenerate*: predicting one class always scores below that, and guessing uniformly scores
/// about 1/C. Degenerate candidates are chosen only when every candidate is, and the outcome
/// then says so (``Outcome/degenerate``), so a caller never accepts such a teacher silently.
///
/// The chosen candidate's trained model travels in the outcome (``Outcome/plainBackbone``):
/// ``SelfDistillationTrainer/train(on:seed:reusing:onEpoch:)`` takes it as its validation guard's
/// plain candidate instead of training it again.
public struct BackboneSelection: Sendable {
  /// The architectures weighed, each with its standard model and training configuration.
  public var candidates: [ModelConfiguration.Architecture]
  /// Maximum epochs for every candidate (nil: each architecture's standard).
  public var epochs: Int?

  /// All five backbones in order of preference, by multiply-accumulates per node at inference:
  /// the graph-free MLP, GCN, GraphSAGE, APPNP (ten propagation steps) and GAT (eight heads).
  public static let defaultCandidates: [ModelConfiguration.Architecture] = [.mlp, .gcn, .sage, .appnp, .gat]

  /// Creates a selection over `candidates`, listed in order of preference.
  public init(candidates: [ModelConfiguration.Architecture] = defaultCandidates, epochs: Int? = nil) {
    self.candidates = candidates
    self.epochs = epochs
  }

  /// One architecture weighed, with its validation evidence.
  public struct Candidate: Codable, Sendable, Equatable {
    /// The backbone.
    public var architecture: ModelConfiguration.Architecture
    /// The validation nodes' negative log-likelihood after temperature scaling (lower is better).
    public var validationLoss: Double
    /// Its validation loss minus the lowest one among the candidates better than chance (0 for
    /// that candidate; nil for a degenerate candidate, which is not compared).
    public var lossGap: Double?
    /// The standard error of ``lossGap``: the standard deviation of the per-node differences
    /// over the square root of the number of validation nodes.
    public var lossGapStandardError: Double?
    /// Validation accuracy of its selected epoch.
    public var validationAccuracy: Double
    /// Validation macro-F1 of its selected epoch.
    public var validationMacroF1: Double
    /// Test accuracy of its selected epoch: reported so that a benchmark can compare the chosen
    /// backbone with the best one in the same run; never used for the choice.
    public var testAccuracy: Double
    /// Test macro-F1 of its selected epoch (reported, never used for the choice).
    public var testMacroF1: Double
    /// Whether it did no better than chance (validation macro-F1 below 1/C).
    public var degenerate: Bool
    /// Whether it is the chosen backbone.
    public var chosen: Bool
    /// Wall-clock seconds of its training.
    public var seconds: Double
  }

  /// What a selection weighed and chose.
  public struct Outcome: Sendable {
    /// Every candidate in the order weighed.
    public var candidates: [Candidate]
    /// The chosen candidate's trained model, for the validation guard to reuse.
    public var plainBackbone: PlainBackbone
    /// The chosen architecture.
    public var chosen: ModelConfiguration.Architecture { plainBackbone.configuration.architecture }
    /// Whether even the chosen candidate is degenerate (every candidate was).
    public var degenerate: Bool { candidates.first(where: \.chosen)?.degenerate ?? false }

    /// The choice and the evidence, e.g. `appnp (validation loss 0.562; mlp 1.240 +0.678 ± 0.041,
    /// gcn 0.653 +0.091 ± 0.012, …)`: each loss, and its gap to the lowest ± one standard error.
    public var summary: String {
      func loss(_ c: Candidate) -> String {
        var text = String(format: "%.3f", c.validationLoss)
        if c.degenerate { return text + " degenerate" }
        if let gap = c.lossGap, let se = c.lossGapStandardError, gap > 0 {
          text += String(format: " +%.3f ± %.3f", gap, se)
        }
        return text
      }
      guard let kept = candidates.first(where: \.chosen) else { return "" }
      let others = candidates.filter { !$0.chosen }.map { "\($0.architecture.rawValue) \(loss($0))" }
      return "\(kept.architecture.rawValue) (validation loss \(loss(kept))"
        + (others.isEmpty ? ")" : "; " + others.joined(separator: ", ") + ")")
    }
  }

  /// Trains every candidate plainly on `data` with `seed` and chooses one.
  /// - Parameter onEpoch: called after every epoch with the candidate training; return `false`
  ///   to stop (the selection then throws ``SelectionInterrupted``).
  /// - Throws: ``ConfigurationError`` for no candidates or bad data, before any training.
  public func select(
    on data: NodeClassificationData, seed: UInt64,
    onEpoch: ((ModelConfiguration.Architecture, SelfDistillationEpoch) -> Bool)? = nil
  ) throws -> Outcome {
    guard !candidates.isEmpty else {
      throw ConfigurationError(setting: "teacher.candidates", expected: "at least one backbone", actual: "[]")
    }
    guard Set(candidates).count == candidates.count else {
      throw ConfigurationError(
        setting: "teacher.candidates", expected: "distinct backbones",
        actual: candidates.map(\.rawValue).joined(separator: ", "))
    }
    try data.validate()
    var weighed: [(Candidate, PlainBackbone)] = []
    var losses: [[Double]] = []
    let clock = ContinuousClock()
    for architecture in candidates {
      let begin = clock.now
      let trainer = Self.plainTrainer(architecture, epochs: epochs)
      var stopped = false
      let outcome = try trainer.trainGeneration(1, on: data, seed: seed, previous: nil) { e in
        let go = onEpoch?(architecture, e) ?? true
        if !go { stopped = true }
        return go
      }
      if stopped { throw SelectionInterrupted(architecture: architecture) }
      let predictions = ClassificationMetrics.predictions(outcome.probabilities)
      let macroF1 = ClassificationMetrics.macroF1(
        predictions: predictions, labels: data.labels, rows: data.validationNodes, classCount: data.classCount)
      let elapsed = clock.now - begin
      let nodeLosses = SelfDistillationTrainer.calibratedValidationLosses(outcome.logits, data: data)
      losses.append(nodeLosses)
      weighed.append(
        (
          Candidate(
            architecture: architecture,
            validationLoss: nodeLosses.isEmpty ? 0 : nodeLosses.reduce(0, +) / Double(nodeLosses.count),
            lossGap: nil, lossGapStandardError: nil,
            validationAccuracy: outcome.validationAccuracy, validationMacroF1: macroF1,
            testAccuracy: ClassificationMetrics.accuracy(
              predictions: predictions, labels: data.labels, rows: data.testNodes),
            testMacroF1: ClassificationMetrics.macroF1(
              predictions: predictions, labels: data.labels, rows: data.testNodes, classCount: data.classCount),
            degenerate: Self.isDegenerate(macroF1: macroF1, labels: data.labels, rows: data.validationNodes),
            chosen: false,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18),
          PlainBackbone(outcome: outcome, seed: seed, training: trainer.training)
        ))
    }
    // Among the candidates better than chance (all of them when none is), the first in order of
    // preference whose loss is within one standard error of the lowest.
    let nonDegenerate = weighed.indices.filter { !weighed[$0].0.degenerate }
    let pool = nonDegenerate.isEmpty ? Array(weighed.indices) : nonDegenerate
    let lowest = pool.min { weighed[$0].0.validationLoss < weighed[$1].0.validationLoss }!
    for i in pool {
      let (gap, se) = Self.pairedGap(losses[i], losses[lowest])
      weighed[i].0.lossGap = gap
      weighed[i].0.lossGapStandardError = se
    }
    let best = pool.first { weighed[$0].0.lossGap! <= weighed[$0].0.lossGapStandardError! } ?? lowest
    weighed[best].0.chosen = true
    return Outcome(candidates: weighed.map(\.0), plainBackbone: weighed[best].1)
  }

  /// The mean of the per-node differences `a − b` and its standard error (sample standard
  /// deviation over √n); zeros for fewer than two nodes.
  static func pairedGap(_ a: [Double], _ b: [Double]) -> (mean: Double, standardError: Double) {
    let n = min(a.count, b.count)
    guard n >= 2 else { return (n == 1 ? a[0] - b[0] : 0, 0) }
    let d = (0..<n).map { a[$0] - b[$0] }
    let mean = d.reduce(0, +) / Double(n)
    let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    return (mean, (variance / Double(n)).squareRoot())
  }

  /// Whether predictions with this validation macro-F1 are no better than chance: below 1/C,
  /// C the number of classes among the labelled `rows` (predicting a single class always
  /// scores below it).
  public static func isDegenerate(macroF1: Double, labels: [Int], rows: [Int]) -> Bool {
    let classes = Set(rows.map { labels[$0] }.filter { $0 >= 0 }).count
    guard classes >= 2 else { return false }
    return macroF1 < 1 / Double(classes)
  }

  /// A warning for predictions no better than chance on `data`'s validation nodes (typically a
  /// model that predicts one class), or `nil` for predictions that are better.
  public static func chanceWarning(probabilities: Tensor, data: NodeClassificationData) -> String? {
    let predictions = ClassificationMetrics.predictions(probabilities)
    let macroF1 = ClassificationMetrics.macroF1(
      predictions: predictions, labels: data.labels, rows: data.validationNodes, classCount: data.classCount)
    guard isDegenerate(macroF1: macroF1, labels: data.labels, rows: data.validationNodes) else { return nil }
    let predicted = Set(data.validationNodes.map { predictions[$0] }).count
    return "no better than chance on the validation nodes (macro-F1 "
      + String(format: "%.1f %%", 100 * macroF1) + ", \(predicted) of \(data.classCount) classes predicted)"
  }

  /// The trainer of a plain candidate: the architecture's standard model and training.
  static func plainTrainer(_ architecture: ModelConfiguration.Architecture, epochs: Int?) -> SelfDistillationTrainer {
    var training = TrainingConfiguration.standard(architecture)
    if let epochs { training.epochs = epochs }
    return SelfDistillationTrainer(
      model: .standard(architecture), training: training, selfDistillation: .plain)
  }
}

/// A backbone trained plainly (no self-distillation) by a ``BackboneSelection``, which a
/// ``SelfDistillationTrainer``'s validation guard takes as its plain candidate instead of
/// training the same model again.
public struct PlainBackbone: Sendable {
  let outcome: SelfDistillationTrainer.GenerationOutcome
  /// The seed it was trained with.
  public let seed: UInt64
  /// How it was trained.
  public let training: TrainingConfiguration
  /// Its architecture and widths.
  public var configuration: ModelConfiguration { outcome.configuration }
}

/// Thrown when a ``BackboneSelection``'s epoch observer asked it to stop.
public struct SelectionInterrupted: Error, CustomStringConvertible {
  /// The candidate that was training.
  public var architecture: ModelConfiguration.Architecture
  /// A readable message.
  public var description: String { "backbone selection interrupted while training \(architecture.rawValue)" }
}
