import Distillation
import Evaluation
import GNN
import GraphData

/// What a ``LabelScarcePipeline`` run produced: for every seed the teacher's and each student's
/// accuracy and cost, a summary over seeds, and the configuration and metadata that produced
/// them. It encodes to the JSON report `graphkd run` writes; the soft labels and splits it made
/// travel beside it (not encoded) for the caller to store.
public struct PipelineReport: Codable, Sendable {
  /// The configuration that ran.
  public var configuration: PipelineConfiguration
  /// Versions, commit, BLAS kernel, threads, time.
  public var metadata: RunMetadata
  /// What the graph is: size, classes and homophily (nil in reports written before it existed).
  public var graph: GraphFacts?
  /// One entry per completed seed.
  public var runs: [PipelineRun]
  /// Wall-clock seconds of the whole pipeline.
  public var seconds: Double
  /// Soft labels made, keyed by run name (`/soft_labels/<name>` in the file).
  public var softLabels: [String: SoftLabelRun] = [:]
  /// Label-scarce splits made because the graph lacked them, keyed by name.
  public var madeSplits: [String: Split] = [:]
  /// The trained models as model files hold them, by seed and then by name (`teacher` and each
  /// student's name); `TrainedNodeClassifier(stored:file:)` turns one back into a model, and
  /// `HDF5ModelStore.write` saves it.
  public var models: [UInt64: [String: StoredModel]] = [:]

  enum CodingKeys: String, CodingKey {
    case configuration, metadata, graph, runs, seconds, summary
  }

  /// Creates a report.
  public init(configuration: PipelineConfiguration, metadata: RunMetadata, runs: [PipelineRun], seconds: Double) {
    self.configuration = configuration
    self.metadata = metadata
    self.runs = runs
    self.seconds = seconds
  }

  /// Decodes a report written by ``encode(to:)`` (its summary is recomputed).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    configuration = try c.decode(PipelineConfiguration.self, forKey: .configuration)
    metadata = try c.decode(RunMetadata.self, forKey: .metadata)
    graph = try c.decodeIfPresent(GraphFacts.self, forKey: .graph)
    runs = try c.decode([PipelineRun].self, forKey: .runs)
    seconds = try c.decode(Double.self, forKey: .seconds)
  }

  /// Encodes the configuration, metadata, runs and the summary over seeds.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(configuration, forKey: .configuration)
    try c.encode(metadata, forKey: .metadata)
    try c.encodeIfPresent(graph, forKey: .graph)
    try c.encode(runs, forKey: .runs)
    try c.encode(seconds, forKey: .seconds)
    try c.encode(summary, forKey: .summary)
  }

  /// Per model (teacher first, then students in configuration order), the mean and standard
  /// deviation over seeds.
  public var summary: [ModelSummary] {
    guard let first = runs.first else { return [] }
    let names = [first.teacher.name] + first.students.map(\.name)
    return names.map { name in
      let reports = runs.compactMap { run in ([run.teacher] + run.students).first { $0.name == name } }
      return ModelSummary(name: name, reports: reports)
    }
  }
}

/// The facts about a graph a report needs to be read on its own: which graph, how large, and
/// how much neighbours share a class.
public struct GraphFacts: Codable, Sendable, Equatable {
  /// The graph's name.
  public var name: String
  /// Nodes.
  public var nodes: Int
  /// Edges (undirected edges once).
  public var edges: Int
  /// Feature dimension (0 without features).
  public var features: Int
  /// Classes.
  public var classes: Int
  /// Share of edges between labelled nodes that join one class (``GraphSummary/edgeHomophily``).
  public var edgeHomophily: Double?

  /// The facts of `graph`.
  public init(_ graph: Graph) {
    let s = GraphSummary(graph)
    name = s.name
    nodes = s.nodes
    edges = s.edges
    features = s.features?.dimension ?? 0
    classes = graph.classCount
    edgeHomophily = s.edgeHomophily
  }
}

/// One seed of a pipeline: the split it used, the teacher and the students.
public struct PipelineRun: Codable, Sendable {
  /// The seed of the split (label-scarce schemes), teacher and students.
  public var seed: UInt64
  /// The split trained on.
  public var split: String
  /// The soft-label run the teacher wrote (`/soft_labels/<name>`).
  public var softLabelRun: String
  /// The teacher's numbers.
  public var teacher: ModelReport
  /// Each student's numbers.
  public var students: [ModelReport]
}

/// One trained model's accuracy, size and cost.
public struct ModelReport: Codable, Sendable {
  /// `teacher` or the student's name.
  public var name: String
  /// The model family.
  public var architecture: ModelConfiguration.Architecture
  /// Hidden widths.
  public var hiddenDimensions: [Int]
  /// Test accuracy.
  public var testAccuracy: Double
  /// Test macro-F1.
  public var testMacroF1: Double
  /// Validation accuracy of the selected epoch.
  public var validationAccuracy: Double
  /// Parameters used at inference (auxiliary training heads excluded).
  public var parameters: Int
  /// Student accuracy ÷ teacher accuracy (nil for the teacher).
  public var retention: Double?
  /// Wall-clock seconds of training.
  public var trainingSeconds: Double
  /// Parameters, multiply-accumulates, memory and latency (measured on the first seed only —
  /// sizes do not change with the seed; nil when cost measurement is off).
  public var cost: CostReport?
  /// For a teacher under a validation guard: the candidates weighed and the one kept.
  public var selection: [SelfDistillationResult.Candidate]?
  /// For a teacher whose backbone was chosen by validation: every backbone weighed, with its
  /// evidence, and the one chosen.
  public var backboneSelection: [BackboneSelection.Candidate]?
  /// What the run found wrong with the model (e.g. a teacher no better than chance).
  public var warnings: [String]?
  /// Accuracy in the inductive setting (nil for a transductive run). ``testAccuracy`` is then
  /// the transductive accuracy, on the observed test nodes.
  public var inductive: InductiveAccuracy?
}

/// A model's accuracy in GLNN's inductive setting (``InductiveHoldout``).
public struct InductiveAccuracy: Codable, Sendable, Equatable {
  /// Observed test nodes, predicted on the observed graph it was trained on.
  public var transductive: Double
  /// Held-out test nodes, predicted on the full graph (new nodes with their edges).
  public var inductive: Double
  /// Macro-F1 on the held-out nodes.
  public var inductiveMacroF1: Double
  /// The held-out share r of the test nodes.
  public var heldOutFraction: Double
  /// Nodes held out.
  public var heldOutNodes: Int

  /// GLNN's production accuracy, `(1 − r)·transductive + r·inductive`.
  public var production: Double { (1 - heldOutFraction) * transductive + heldOutFraction * inductive }

  enum CodingKeys: String, CodingKey {
    case transductive, inductive, inductiveMacroF1, heldOutFraction, heldOutNodes, production
  }

  /// Creates the numbers.
  public init(
    transductive: Double, inductive: Double, inductiveMacroF1: Double, heldOutFraction: Double, heldOutNodes: Int
  ) {
    self.transductive = transductive
    self.inductive = inductive
    self.inductiveMacroF1 = inductiveMacroF1
    self.heldOutFraction = heldOutFraction
    self.heldOutNodes = heldOutNodes
  }

  /// Decodes the stored numbers (production is recomputed).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    transductive = try c.decode(Double.self, forKey: .transductive)
    inductive = try c.decode(Double.self, forKey: .inductive)
    inductiveMacroF1 = try c.decode(Double.self, forKey: .inductiveMacroF1)
    heldOutFraction = try c.decode(Double.self, forKey: .heldOutFraction)
    heldOutNodes = try c.decode(Int.self, forKey: .heldOutNodes)
  }

  /// Encodes the numbers with the production accuracy.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(transductive, forKey: .transductive)
    try c.encode(inductive, forKey: .inductive)
    try c.encode(inductiveMacroF1, forKey: .inductiveMacroF1)
    try c.encode(heldOutFraction, forKey: .heldOutFraction)
    try c.encode(heldOutNodes, forKey: .heldOutNodes)
    try c.encode(production, forKey: .production)
  }
}

/// A model's numbers over seeds: means and standard deviations.
public struct ModelSummary: Codable, Sendable {
  /// The model's name.
  public var name: String
  /// Seeds summarised.
  public var seeds: Int
  /// Mean test accuracy.
  public var testAccuracy: Double
  /// Sample standard deviation of test accuracy.
  public var testAccuracyStd: Double
  /// Mean test macro-F1.
  public var testMacroF1: Double
  /// Sample standard deviation of test macro-F1.
  public var testMacroF1Std: Double
  /// Mean retention (nil for the teacher).
  public var retention: Double?
  /// Parameters.
  public var parameters: Int
  /// The cost measured on the first seed.
  public var cost: CostReport?
  /// Inductive-setting accuracies over seeds (mean, std), when the run held nodes out.
  public var inductive: InductiveSummary?

  /// Summarises `reports` of one model.
  public init(name: String, reports: [ModelReport]) {
    self.name = name
    seeds = reports.count
    (testAccuracy, testAccuracyStd) = Statistics.meanAndStandardDeviation(reports.map(\.testAccuracy))
    (testMacroF1, testMacroF1Std) = Statistics.meanAndStandardDeviation(reports.map(\.testMacroF1))
    let retentions = reports.compactMap(\.retention)
    retention = retentions.isEmpty ? nil : Statistics.meanAndStandardDeviation(retentions).mean
    parameters = reports.first?.parameters ?? 0
    cost = reports.first { $0.cost != nil }?.cost
    let settings = reports.compactMap(\.inductive)
    inductive = settings.count == reports.count && !settings.isEmpty ? InductiveSummary(settings) : nil
  }
}

/// Means and sample standard deviations over seeds of the inductive-setting accuracies.
public struct InductiveSummary: Codable, Sendable {
  /// Transductive accuracy (observed test nodes).
  public var transductive: Double
  /// Its standard deviation.
  public var transductiveStd: Double
  /// Inductive accuracy (held-out nodes).
  public var inductive: Double
  /// Its standard deviation.
  public var inductiveStd: Double
  /// Production accuracy.
  public var production: Double
  /// Its standard deviation.
  public var productionStd: Double

  /// Summarises one model's seeds.
  public init(_ runs: [InductiveAccuracy]) {
    (transductive, transductiveStd) = Statistics.meanAndStandardDeviation(runs.map(\.transductive))
    (inductive, inductiveStd) = Statistics.meanAndStandardDeviation(runs.map(\.inductive))
    (production, productionStd) = Statistics.meanAndStandardDeviation(runs.map(\.production))
  }
}

/// Small statistics used by reports.
public enum Statistics {
  /// Mean and sample standard deviation (0 for fewer than two values).
  public static func meanAndStandardDeviation(_ xs: [Double]) -> (mean: Double, std: Double) {
    guard xs.count > 1 else { return (xs.first ?? 0, 0) }
    let m = xs.reduce(0, +) / Double(xs.count)
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
    return (m, v.squareRoot())
  }
}
