import Distillation
import GNN
import GraphData

/// One label-scarce experiment as data: which split, which teacher and self-distillation, which
/// students and distillation terms, which seeds — a JSON file under `configs/` decodes to it, and
/// every key but the ones you want to change may be left out.
///
/// ```json
/// {
///   "dataset": "data/cora.h5",
///   "split": { "labelsPerClass": 5 },
///   "seeds": [0, 1, 2],
///   "teacher": { "architecture": "gcn", "variant": "standard" },
///   "students": [{ "name": "mlp", "architecture": "mlp", "hiddenDimensions": [256] }]
/// }
/// ```
public struct PipelineConfiguration: Codable, Sendable, Equatable {
  /// The graph file the experiment runs on (used by `graphkd run --config`; the library takes
  /// a ``Graph``).
  public var dataset: String?
  /// Which labelled nodes the teacher and students may see.
  public var split: SplitScheme
  /// One pipeline run per seed (teacher, split for label-scarce schemes, students).
  public var seeds: [UInt64]
  /// The teacher and its self-distillation.
  public var teacher: TeacherSettings
  /// The students distilled from the teacher's soft labels.
  public var students: [StudentSettings]
  /// How cost is measured.
  public var cost: CostSettings
  /// The inductive (production) setting: this fraction of the test nodes, with every edge
  /// touching them, is held out of all training and added back only to evaluate
  /// (``InductiveHoldout``); `nil` trains transductively on the whole graph.
  public var inductive: Double?

  /// Creates a configuration; the defaults are `graphkd run`'s: the public split, seed 0, the
  /// standard self-distilled teacher on a backbone chosen by validation, an 8-unit GCN student
  /// and a graph-free MLP student.
  public init(
    dataset: String? = nil, split: SplitScheme = .init(), seeds: [UInt64] = [0], teacher: TeacherSettings = .init(),
    students: [StudentSettings] = StudentSettings.defaults, cost: CostSettings = .init(), inductive: Double? = nil
  ) {
    self.dataset = dataset
    self.split = split
    self.seeds = seeds
    self.teacher = teacher
    self.students = students
    self.cost = cost
    self.inductive = inductive
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case dataset, split, seeds, teacher, students, cost, inductive
  }

  /// Decodes a configuration in which every key is optional.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try UnknownKeyCheck.check(decoder, known: CodingKeys.allCases.map(\.stringValue), in: "the configuration")
    let defaults = PipelineConfiguration()
    dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
    split = try c.decodeIfPresent(SplitScheme.self, forKey: .split) ?? defaults.split
    seeds = try c.decodeIfPresent([UInt64].self, forKey: .seeds) ?? defaults.seeds
    teacher = try c.decodeIfPresent(TeacherSettings.self, forKey: .teacher) ?? defaults.teacher
    students = try c.decodeIfPresent([StudentSettings].self, forKey: .students) ?? defaults.students
    cost = try c.decodeIfPresent(CostSettings.self, forKey: .cost) ?? defaults.cost
    inductive = try c.decodeIfPresent(Double.self, forKey: .inductive)
  }

  /// Checks every setting; the error names the first bad one.
  public func validate() throws {
    guard !seeds.isEmpty else {
      throw ConfigurationError(setting: "seeds", expected: "at least one seed", actual: "[]")
    }
    guard Set(seeds).count == seeds.count else {
      throw ConfigurationError(setting: "seeds", expected: "distinct seeds", actual: "\(seeds)")
    }
    try split.validate()
    try teacher.validate()
    guard !students.isEmpty else {
      throw ConfigurationError(setting: "students", expected: "at least one student", actual: "[]")
    }
    var names = Set<String>()
    for s in students {
      try s.validate()
      guard names.insert(s.name).inserted else {
        throw ConfigurationError(setting: "students", expected: "distinct student names", actual: "'\(s.name)' twice")
      }
    }
    try cost.validate()
    if let inductive, !(inductive > 0 && inductive < 1) {
      throw ConfigurationError(
        setting: "inductive", expected: "a fraction of the test nodes in (0, 1), e.g. 0.2", actual: "\(inductive)")
    }
  }
}

/// Which split a pipeline trains on: a split stored in the file, or a seeded class-balanced
/// label-scarce split (K labelled nodes per class) made when the file lacks it.
public struct SplitScheme: Codable, Sendable, Equatable {
  /// A split stored in the file (default `public`); ignored when ``labelsPerClass`` is set.
  public var name: String
  /// K labelled training nodes per class, drawn with the run's seed (`/splits/k{K}_seed{S}`).
  public var labelsPerClass: Int?
  /// Validation nodes of a label-scarce split.
  public var validationSize: Int
  /// The stored split whose test set a label-scarce split keeps (so accuracies stay comparable).
  public var testSplit: String

  /// Creates a split scheme.
  public init(
    name: String = GraphSchema.publicSplit, labelsPerClass: Int? = nil, validationSize: Int = 500,
    testSplit: String = GraphSchema.publicSplit
  ) {
    self.name = name
    self.labelsPerClass = labelsPerClass
    self.validationSize = validationSize
    self.testSplit = testSplit
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, labelsPerClass, validationSize, testSplit
  }

  /// Decodes a scheme in which every key is optional.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try UnknownKeyCheck.check(decoder, known: CodingKeys.allCases.map(\.stringValue), in: "split")
    let d = SplitScheme()
    name = try c.decodeIfPresent(String.self, forKey: .name) ?? d.name
    labelsPerClass = try c.decodeIfPresent(Int.self, forKey: .labelsPerClass)
    validationSize = try c.decodeIfPresent(Int.self, forKey: .validationSize) ?? d.validationSize
    testSplit = try c.decodeIfPresent(String.self, forKey: .testSplit) ?? d.testSplit
  }

  /// The name of the split used for `seed`.
  public func splitName(seed: UInt64) -> String {
    labelsPerClass.map { GraphSchema.labelScarceSplitName(labelsPerClass: $0, seed: seed) } ?? name
  }

  /// Checks the settings.
  public func validate() throws {
    if let k = labelsPerClass, k < 1 {
      throw ConfigurationError(setting: "split.labelsPerClass", expected: "at least 1", actual: "\(k)")
    }
    guard validationSize >= 0 else {
      throw ConfigurationError(setting: "split.validationSize", expected: "≥ 0", actual: "\(validationSize)")
    }
  }
}

/// The teacher: a backbone trained with self-knowledge distillation.
///
/// The backbone is chosen per graph and split by validation (``BackboneSelection``) unless one is
/// named: `"architecture": "gcn"` in JSON, `--teacher gcn` on the command line; `"auto"` (or
/// leaving it out) chooses among ``candidates``.
public struct TeacherSettings: Codable, Sendable, Equatable {
  /// The backbone, with its paper's Cora hyperparameters unless ``model`` is given; `nil`
  /// chooses one of ``candidates`` by validation for every seed.
  public var architecture: ModelConfiguration.Architecture?
  /// The backbones weighed when ``architecture`` is `nil` (default: all five, MLP included).
  public var candidates: [ModelConfiguration.Architecture]
  /// A full backbone configuration overriding the architecture's standard one (and the choice).
  public var model: ModelConfiguration?
  /// A named self-distillation configuration, used unless ``selfDistillation`` is given.
  public var variant: SelfDistillationVariant
  /// A full self-distillation configuration overriding ``variant``.
  public var selfDistillation: SelfDistillationConfiguration?
  /// Maximum epochs per generation (nil: the variant's, else the backbone's standard).
  public var epochs: Int?

  /// Creates teacher settings; the default chooses the backbone by validation among GCN, GAT,
  /// GraphSAGE, APPNP and MLP, and trains it as the standard (validation-guarded) self-distilled
  /// teacher.
  public init(
    architecture: ModelConfiguration.Architecture? = nil,
    candidates: [ModelConfiguration.Architecture] = BackboneSelection.defaultCandidates,
    model: ModelConfiguration? = nil, variant: SelfDistillationVariant = .standard,
    selfDistillation: SelfDistillationConfiguration? = nil, epochs: Int? = nil
  ) {
    self.architecture = architecture
    self.candidates = candidates
    self.model = model
    self.variant = variant
    self.selfDistillation = selfDistillation
    self.epochs = epochs
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case architecture, candidates, model, variant, selfDistillation, epochs
  }

  /// The value of `"architecture"` that asks for a choice by validation.
  public static let chooseByValidation = "auto"

  /// Decodes teacher settings in which every key is optional; `"architecture": "auto"` is a
  /// choice by validation.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try UnknownKeyCheck.check(decoder, known: CodingKeys.allCases.map(\.stringValue), in: "teacher")
    let d = TeacherSettings()
    if let name = try c.decodeIfPresent(String.self, forKey: .architecture), name != Self.chooseByValidation {
      guard let a = ModelConfiguration.Architecture(rawValue: name) else {
        throw ConfigurationError(
          setting: "teacher.architecture",
          expected: ([Self.chooseByValidation] + ModelConfiguration.Architecture.allCases.map(\.rawValue))
            .joined(separator: ", "), actual: "'\(name)'")
      }
      architecture = a
    } else {
      architecture = nil
    }
    candidates = try c.decodeIfPresent([ModelConfiguration.Architecture].self, forKey: .candidates) ?? d.candidates
    model = try c.decodeIfPresent(ModelConfiguration.self, forKey: .model)
    variant = try c.decodeIfPresent(SelfDistillationVariant.self, forKey: .variant) ?? d.variant
    selfDistillation = try c.decodeIfPresent(SelfDistillationConfiguration.self, forKey: .selfDistillation)
    epochs = try c.decodeIfPresent(Int.self, forKey: .epochs)
  }

  /// Encodes every setting; a choice by validation as `"architecture": "auto"`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(architecture?.rawValue ?? Self.chooseByValidation, forKey: .architecture)
    try c.encode(candidates, forKey: .candidates)
    try c.encodeIfPresent(model, forKey: .model)
    try c.encode(variant, forKey: .variant)
    try c.encodeIfPresent(selfDistillation, forKey: .selfDistillation)
    try c.encodeIfPresent(epochs, forKey: .epochs)
  }

  /// Whether the backbone is chosen by validation (no architecture and no model named).
  public var choosesBackbone: Bool { architecture == nil && model == nil }

  /// The selection that chooses the backbone, or `nil` when one is named.
  public var backboneSelection: BackboneSelection? {
    choosesBackbone ? BackboneSelection(candidates: candidates, epochs: epochs) : nil
  }

  /// The backbone, training and self-distillation configurations these settings describe, for
  /// `architecture` when the backbone is chosen by validation (the first candidate when `nil`).
  public func configurations(
    architecture chosen: ModelConfiguration.Architecture? = nil
  ) throws -> (ModelConfiguration, TrainingConfiguration, SelfDistillationConfiguration) {
    let m = model ?? ModelConfiguration.standard(architecture ?? chosen ?? candidates.first ?? .gcn)
    var t = TrainingConfiguration.standard(m.architecture)
    var sd = selfDistillation ?? variant.configuration
    if let epochs {
      t.epochs = epochs
      sd.epochs = epochs
    }
    try m.validate()
    try t.validate()
    try sd.validate()
    return (m, t, sd)
  }

  /// Checks the settings.
  public func validate() throws {
    _ = try configurations()
    if choosesBackbone {
      guard !candidates.isEmpty, Set(candidates).count == candidates.count else {
        throw ConfigurationError(
          setting: "teacher.candidates", expected: "distinct backbones, at least one",
          actual: "[\(candidates.map(\.rawValue).joined(separator: ", "))]")
      }
    }
  }
}

/// How cost is measured for the teacher and each student.
public struct CostSettings: Codable, Sendable, Equatable {
  /// Timed runs of each latency measurement (the median is reported).
  public var repetitions: Int
  /// Request sizes (nodes per request) for per-request latency.
  public var requestBatchSizes: [Int]
  /// Skip cost measurement entirely (accuracy only).
  public var skip: Bool

  /// Creates cost settings: 30 repetitions, requests of 1 and 256 nodes.
  public init(repetitions: Int = 30, requestBatchSizes: [Int] = [1, 256], skip: Bool = false) {
    self.repetitions = repetitions
    self.requestBatchSizes = requestBatchSizes
    self.skip = skip
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case repetitions, requestBatchSizes, skip
  }

  /// Decodes cost settings in which every key is optional.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try UnknownKeyCheck.check(decoder, known: CodingKeys.allCases.map(\.stringValue), in: "cost")
    let d = CostSettings()
    repetitions = try c.decodeIfPresent(Int.self, forKey: .repetitions) ?? d.repetitions
    requestBatchSizes = try c.decodeIfPresent([Int].self, forKey: .requestBatchSizes) ?? d.requestBatchSizes
    skip = try c.decodeIfPresent(Bool.self, forKey: .skip) ?? d.skip
  }

  /// Checks the settings.
  public func validate() throws {
    guard repetitions >= 1 else {
      throw ConfigurationError(setting: "cost.repetitions", expected: "at least 1", actual: "\(repetitions)")
    }
    guard requestBatchSizes.allSatisfy({ $0 >= 1 }) else {
      throw ConfigurationError(
        setting: "cost.requestBatchSizes", expected: "positive sizes", actual: "\(requestBatchSizes)")
    }
  }
}
