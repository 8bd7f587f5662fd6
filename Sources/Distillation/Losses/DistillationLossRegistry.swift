import GNN

/// The named distillation losses: the one place where a name such as `lsp` (from
/// `graphkd distill --loss kd=1,lsp=0.1` or an objective's JSON) becomes a
/// ``DistillationLoss``. A new loss is one file plus one entry here.
public enum DistillationLossRegistry {
  /// One registered loss.
  public struct Entry: Sendable {
    /// The name used in objectives and on the command line.
    public var name: String
    /// One line on what it is.
    public var summary: String
    /// Builds the loss for a student (throws ``ConfigurationError`` when the student or the
    /// teacher run lacks what it needs).
    public var make: @Sendable (DistillationLossSetup) throws -> any DistillationLoss
  }

  /// Every loss, in the order they are listed to users.
  public static let entries: [Entry] = [
    Entry(name: "kd", summary: "output-layer KD, (1 − α)·T²·KL to the softened soft labels (Hinton et al. 2015)") {
      $0.objective.softLabelDistillation
    },
    Entry(name: "hint", summary: "feature hint through a linear projector, MSE or cosine (FitNets)") { setup in
      let (s, t) = try setup.representationWidths(for: "hint")
      return FeatureHint(
        studentDimension: s, teacherDimension: t, distance: setup.objective.hintDistance,
        random: setup.random(salt: 0x4817))
    },
    Entry(name: "de", summary: "Distillation Experts with Gumbel-softmax expert selection (DE-RRD)") { setup in
      let (s, t) = try setup.representationWidths(for: "de")
      let o = setup.objective
      return DistillationExperts(
        studentDimension: s, teacherDimension: t, expertCount: o.expertCount,
        initialTemperature: o.expertInitialTemperature, finalTemperature: o.expertFinalTemperature,
        random: setup.random(salt: 0xDE))
    },
    Entry(name: "lsp", summary: "local structure preserving: neighbour distributions matched by KL (Yang et al. 2020)")
    { setup in
      _ = try setup.representationWidths(for: "lsp")
      return LocalStructurePreserving(kernel: setup.objective.structureKernel)
    },
    Entry(name: "rkd", summary: "relational structure preserving on sampled anchor nodes (graph-free students)") {
      setup in
      _ = try setup.representationWidths(for: "rkd")
      return RelationalStructurePreserving(
        kernel: setup.objective.structureKernel, anchorCount: setup.objective.anchorCount,
        random: setup.random(salt: 0x4B44))
    },
  ]

  /// The registered names, e.g. `["kd", "hint", "de", "lsp", "rkd"]`.
  public static var names: [String] { entries.map(\.name) }

  /// Builds the loss called `name`.
  /// - Throws: ``ConfigurationError`` for an unknown name (listing the valid ones) or when the
  ///   loss cannot be built for this student and teacher.
  public static func make(_ name: String, setup: DistillationLossSetup) throws -> any DistillationLoss {
    guard let entry = entries.first(where: { $0.name == name }) else {
      throw ConfigurationError(
        setting: "loss", expected: "one of \(names.joined(separator: ", "))", actual: "'\(name)'")
    }
    return try entry.make(setup)
  }
}
