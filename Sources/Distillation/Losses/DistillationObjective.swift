import GNN

/// What a ``Distiller`` minimises, as data (Codable, so an experiment is a JSON file):
///
///     L = α · CE(labelled nodes) + Σ_k w_k · L_k
///
/// over named terms made by the ``DistillationLossRegistry`` (`kd`, `hint`, `de`, `lsp`,
/// `rkd`), plus the settings those losses read. `kd` is the soft part of
/// ``SoftLabelDistillation``, `(1 − α)·T²·KL`, so `kd=1` is Hinton et al.'s α·CE + (1 − α)·T²·KL.
///
/// ```swift
/// var objective = try DistillationObjective(parsing: "kd=1,hint=0.1,lsp=0.1")
/// objective.temperature = 2
/// ```
public struct DistillationObjective: Codable, Sendable, Equatable {
  /// One weighted term.
  public struct Term: Codable, Sendable, Equatable {
    /// The registry name.
    public var name: String
    /// The weight w (≥ 0; 0 switches the term off).
    public var weight: Float

    /// Creates a term.
    public init(name: String, weight: Float) {
      self.name = name
      self.weight = weight
    }
  }

  /// The weighted terms, in the order they were given.
  public var terms: [Term]
  /// Softening temperature T of `kd`.
  public var temperature: Float
  /// Weight α of the labelled nodes' cross-entropy (and `kd`'s 1 − α).
  public var alpha: Float
  /// How `hint` compares projected student and teacher representations.
  public var hintDistance: FeatureHint.Distance
  /// Number of experts M of `de`.
  public var expertCount: Int
  /// Gumbel-softmax temperature of `de` at the first epoch.
  public var expertInitialTemperature: Float
  /// Gumbel-softmax temperature of `de` at the last epoch (annealed exponentially).
  public var expertFinalTemperature: Float
  /// The similarity kernel of `lsp` and `rkd`.
  public var structureKernel: StructureKernel
  /// Anchors per node of `rkd`, redrawn every epoch.
  public var anchorCount: Int

  /// Creates an objective (defaults: output KD alone with T = 1, α = 0.5).
  public init(
    terms: [Term] = [Term(name: "kd", weight: 1)], temperature: Float = 1, alpha: Float = 0.5,
    hintDistance: FeatureHint.Distance = .mse, expertCount: Int = 4, expertInitialTemperature: Float = 1,
    expertFinalTemperature: Float = 1e-4, structureKernel: StructureKernel = .gaussian, anchorCount: Int = 64
  ) {
    self.terms = terms
    self.temperature = temperature
    self.alpha = alpha
    self.hintDistance = hintDistance
    self.expertCount = expertCount
    self.expertInitialTemperature = expertInitialTemperature
    self.expertFinalTemperature = expertFinalTemperature
    self.structureKernel = structureKernel
    self.anchorCount = anchorCount
  }

  /// Decodes an objective in which every key is optional (missing ones take the defaults of
  /// ``init(terms:temperature:alpha:hintDistance:expertCount:expertInitialTemperature:expertFinalTemperature:structureKernel:anchorCount:)``),
  /// so an experiment file names only what it changes.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = DistillationObjective()
    terms = try c.decodeIfPresent([Term].self, forKey: .terms) ?? d.terms
    temperature = try c.decodeIfPresent(Float.self, forKey: .temperature) ?? d.temperature
    alpha = try c.decodeIfPresent(Float.self, forKey: .alpha) ?? d.alpha
    hintDistance = try c.decodeIfPresent(FeatureHint.Distance.self, forKey: .hintDistance) ?? d.hintDistance
    expertCount = try c.decodeIfPresent(Int.self, forKey: .expertCount) ?? d.expertCount
    expertInitialTemperature =
      try c.decodeIfPresent(Float.self, forKey: .expertInitialTemperature) ?? d.expertInitialTemperature
    expertFinalTemperature =
      try c.decodeIfPresent(Float.self, forKey: .expertFinalTemperature) ?? d.expertFinalTemperature
    structureKernel = try c.decodeIfPresent(StructureKernel.self, forKey: .structureKernel) ?? d.structureKernel
    anchorCount = try c.decodeIfPresent(Int.self, forKey: .anchorCount) ?? d.anchorCount
  }

  /// An objective whose terms are parsed from `name=weight` pairs such as
  /// `"kd=1,hint=0.1,de=0.1"` (see ``parseTerms(_:)``), other settings as given.
  /// - Throws: ``ConfigurationError`` for an unknown name or a bad weight.
  public init(parsing text: String, temperature: Float = 1, alpha: Float = 0.5) throws {
    self.init(terms: try Self.parseTerms(text), temperature: temperature, alpha: alpha)
  }

  /// Parses comma-separated `name=weight` pairs; a bare name means weight 1.
  /// - Throws: ``ConfigurationError`` (setting `loss`) naming the bad pair and listing the
  ///   registry's names.
  public static func parseTerms(_ text: String) throws -> [Term] {
    let names = DistillationLossRegistry.names
    func refuse(_ actual: String) -> ConfigurationError {
      ConfigurationError(
        setting: "loss",
        expected: "comma-separated name=weight pairs with names among \(names.joined(separator: ", ")) "
          + "and finite weights ≥ 0 (e.g. kd=1,lsp=0.1)", actual: actual)
    }
    var terms: [Term] = []
    for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
      let pair = raw.split(separator: "=", omittingEmptySubsequences: false).map { $0.filter { !$0.isWhitespace } }
      guard pair.count <= 2, let name = pair.first, !name.isEmpty else { throw refuse("'\(raw)' in '\(text)'") }
      guard names.contains(name) else { throw refuse("unknown loss '\(name)' in '\(text)'") }
      guard let weight = pair.count == 2 ? Float(pair[1]) : 1, weight.isFinite, weight >= 0 else {
        throw refuse("weight '\(pair.count == 2 ? pair[1] : "")' of '\(name)' in '\(text)'")
      }
      guard !terms.contains(where: { $0.name == name }) else { throw refuse("'\(name)' given twice in '\(text)'") }
      terms.append(Term(name: name, weight: weight))
    }
    return terms
  }

  /// The terms as `name=weight` pairs, e.g. `kd=1,lsp=0.1`.
  public var termsDescription: String {
    terms.map { "\($0.name)=\(formatWeight($0.weight))" }.joined(separator: ",")
  }

  /// The terms with T and α, e.g. `kd=1 (T = 2, α = 0.1)` (what a saved student's provenance
  /// records).
  public var summary: String {
    "\(termsDescription) (T = \(formatWeight(temperature)), α = \(formatWeight(alpha)))"
  }

  /// The output-layer KD loss with this objective's T and α.
  public var softLabelDistillation: SoftLabelDistillation {
    SoftLabelDistillation(temperature: temperature, alpha: alpha)
  }

  /// Checks every setting.
  /// - Throws: ``ConfigurationError`` naming the setting.
  public func validate() throws {
    let names = DistillationLossRegistry.names
    for term in terms {
      guard names.contains(term.name) else {
        throw ConfigurationError(
          setting: "terms", expected: "loss names among \(names.joined(separator: ", "))", actual: "'\(term.name)'")
      }
      guard term.weight.isFinite, term.weight >= 0 else {
        throw ConfigurationError(
          setting: "terms.\(term.name)", expected: "a finite weight ≥ 0", actual: "\(term.weight)")
      }
    }
    guard temperature > 0, temperature.isFinite else {
      throw ConfigurationError(setting: "temperature", expected: "a positive, finite T", actual: "\(temperature)")
    }
    guard (0...1).contains(alpha) else {
      throw ConfigurationError(setting: "alpha", expected: "α in [0, 1]", actual: "\(alpha)")
    }
    guard expertCount > 0 else {
      throw ConfigurationError(setting: "expertCount", expected: "at least one expert", actual: "\(expertCount)")
    }
    guard expertFinalTemperature > 0, expertFinalTemperature <= expertInitialTemperature else {
      throw ConfigurationError(
        setting: "expertFinalTemperature", expected: "0 < τ_end ≤ τ₀ (\(expertInitialTemperature))",
        actual: "\(expertFinalTemperature)")
    }
    guard anchorCount > 0 else {
      throw ConfigurationError(
        setting: "anchorCount", expected: "at least one anchor per node", actual: "\(anchorCount)")
    }
  }
}

private func formatWeight(_ w: Float) -> String {
  w == w.rounded() && abs(w) < 1e6 ? String(Int(w)) : "\(w)"
}
