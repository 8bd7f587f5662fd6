import Distillation
import GNN

/// One student of a pipeline: its architecture and size, and how it learns from the teacher.
public struct StudentSettings: Codable, Sendable, Equatable {
  /// The name in reports and tables (e.g. `mlp`, `gcn-small`).
  public var name: String
  /// The student's model family.
  public var architecture: ModelConfiguration.Architecture
  /// Hidden widths (nil: the architecture's standard).
  public var hiddenDimensions: [Int]?
  /// Dropout (nil: the architecture's standard).
  public var dropout: Float?
  /// What the student minimises: α·CE of the labelled nodes plus weighted distillation terms.
  public var objective: DistillationObjective
  /// Maximum training epochs (nil: the distiller's default, 500, with early stopping).
  public var epochs: Int?

  /// Creates student settings.
  public init(
    name: String, architecture: ModelConfiguration.Architecture, hiddenDimensions: [Int]? = nil,
    dropout: Float? = nil, objective: DistillationObjective = StudentSettings.defaultObjective, epochs: Int? = nil
  ) {
    self.name = name
    self.architecture = architecture
    self.hiddenDimensions = hiddenDimensions
    self.dropout = dropout
    self.objective = objective
    self.epochs = epochs
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, architecture, hiddenDimensions, dropout, objective, epochs
  }

  /// Decodes student settings; only `architecture` is required (the name defaults to it).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try UnknownKeyCheck.check(decoder, known: CodingKeys.allCases.map(\.stringValue), in: "a student")
    architecture = try c.decode(ModelConfiguration.Architecture.self, forKey: .architecture)
    name = try c.decodeIfPresent(String.self, forKey: .name) ?? architecture.rawValue
    hiddenDimensions = try c.decodeIfPresent([Int].self, forKey: .hiddenDimensions)
    dropout = try c.decodeIfPresent(Float.self, forKey: .dropout)
    objective = try c.decodeIfPresent(DistillationObjective.self, forKey: .objective) ?? Self.defaultObjective
    epochs = try c.decodeIfPresent(Int.self, forKey: .epochs)
  }

  /// The default objective: output KD (`kd=1`) at T = 2 with α = 0.1 (the MLP student's best
  /// setting on Cora).
  public static let defaultObjective = DistillationObjective(temperature: 2, alpha: 0.1)

  /// The students `graphkd run` distils by default: a GCN with 8 hidden units (11,535 parameters
  /// on Cora, 8× fewer than the GAT teacher; output KD at T = 2, α = 0.2) and a graph-free MLP
  /// with 128 hidden units (GLNN-style: it answers a request from the node's own features; on
  /// Cora as accurate as 256 units and faster per request).
  public static let defaults = [
    StudentSettings(
      name: "gcn-8", architecture: .gcn, hiddenDimensions: [8],
      objective: DistillationObjective(temperature: 2, alpha: 0.2)),
    StudentSettings(name: "mlp", architecture: .mlp, hiddenDimensions: [128]),
  ]

  /// The student's model configuration.
  public var model: ModelConfiguration {
    var m = ModelConfiguration.standard(architecture)
    if let hiddenDimensions { m.hiddenDimensions = hiddenDimensions }
    if let dropout {
      m.dropout = dropout
      m.inputDropout = dropout
    }
    return m
  }

  /// How the student is trained: the distiller's default with ``epochs`` when set.
  public var training: TrainingConfiguration {
    var t = Distiller.defaultTraining
    if let epochs { t.epochs = epochs }
    return t
  }

  /// Checks the settings.
  public func validate() throws {
    guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", name != "teacher" else {
      throw ConfigurationError(
        setting: "student.name",
        expected: "a name that can name a file (not empty, no '/', not '.', '..' or 'teacher')", actual: "\"\(name)\"")
    }
    try model.validate()
    if let epochs, epochs < 1 {
      throw ConfigurationError(setting: "student '\(name)'.epochs", expected: "at least 1", actual: "\(epochs)")
    }
    do { try objective.validate() } catch let e as ConfigurationError {
      throw ConfigurationError(
        setting: "student '\(name)'.objective.\(e.setting)", expected: e.expected, actual: e.actual)
    }
  }
}

extension StudentSettings {
  /// Parses a command-line student such as `mlp`, `mlp:hidden=256` or
  /// `gcn:hidden=8,dropout=0.5,T=2,alpha=0.1,kd=1,lsp=0.1,name=gcn-small`: `hidden` (several
  /// layers: `hidden=64x32`), `dropout`, `T`, `alpha`, `name`, `epochs`, and the weight of any
  /// distillation loss by its registry name (given losses replace the default `kd=1`).
  /// - Throws: ``ConfigurationError`` naming the bad part and what is accepted.
  public init(specification: String) throws {
    let parts = specification.split(separator: ":", maxSplits: 1).map(String.init)
    guard let head = parts.first, let architecture = ModelConfiguration.Architecture(rawValue: head) else {
      throw ConfigurationError(
        setting: "student",
        expected: "ARCH[:key=value,...] with ARCH one of "
          + ModelConfiguration.Architecture.allCases.map(\.rawValue).joined(separator: ", "),
        actual: "'\(specification)'")
    }
    self.init(name: head, architecture: architecture)
    guard parts.count == 2 else { return }
    let keys = ["hidden", "dropout", "T", "alpha", "name", "epochs"] + DistillationLossRegistry.names
    var terms: [DistillationObjective.Term] = []
    for pair in parts[1].split(separator: ",") {
      let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      func bad(_ expected: String) -> ConfigurationError {
        ConfigurationError(setting: "student '\(specification)'", expected: expected, actual: "'\(pair)'")
      }
      guard kv.count == 2 else { throw bad("key=value pairs with keys among \(keys.joined(separator: ", "))") }
      switch kv[0] {
      case "hidden":
        let widths = kv[1].split(separator: "x").map { Int($0) }
        guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) > 0 }) else { throw bad("hidden=WIDTH or hidden=64x32") }
        hiddenDimensions = widths.map { $0! }
      case "dropout":
        guard let v = Float(kv[1]), (0..<1).contains(v) else { throw bad("dropout in [0, 1)") }
        dropout = v
      case "T":
        guard let v = Float(kv[1]), v > 0, v.isFinite else { throw bad("T > 0") }
        objective.temperature = v
      case "alpha":
        guard let v = Float(kv[1]), (0...1).contains(v) else { throw bad("alpha in [0, 1]") }
        objective.alpha = v
      case "name":
        guard !kv[1].isEmpty else { throw bad("a non-empty name") }
        name = kv[1]
      case "epochs":
        guard let v = Int(kv[1]), v >= 1 else { throw bad("epochs ≥ 1") }
        epochs = v
      case let loss where DistillationLossRegistry.names.contains(loss):
        guard let w = Float(kv[1]), w.isFinite, w >= 0 else { throw bad("a weight ≥ 0 for \(loss)") }
        terms.append(.init(name: loss, weight: w))
      default:
        throw bad("a key among \(keys.joined(separator: ", "))")
      }
    }
    if !terms.isEmpty { objective.terms = terms }
  }
}
