/// Where a saved model came from: how it was trained, on what, and how well it did — stored as
/// the model file's `provenance` document (JSON) so that a model found on disk explains itself.
///
/// Every field is optional: a model trained from the library may record only what its caller
/// knows.
public struct ModelProvenance: Codable, Sendable, Equatable {
  /// `teacher`, `student` or `model` (plain supervised training).
  public var role: String?
  /// The name the run gave the model (the `graphkd run` table's row name).
  public var name: String?
  /// What trained it, e.g. `graphkd run`, `graphkd distill`.
  public var trainedBy: String?
  /// The graph file it was trained on, as named on the command line.
  public var graphFile: String?
  /// The graph's name (root attribute `name`).
  public var graphName: String?
  /// Nodes in the training graph.
  public var nodeCount: Int?
  /// The split it was trained on.
  public var split: String?
  /// The seed of its initialisation and training.
  public var seed: UInt64?
  /// For a teacher, the soft-label run it wrote; for a student, the run it learnt from.
  public var softLabelRun: String?
  /// For a teacher, its self-distillation (e.g. `mean-teacher + generations`).
  public var selfDistillation: String?
  /// For a teacher whose backbone was chosen by validation, the choice and the evidence (e.g.
  /// `appnp (validation loss 0.571; gcn 0.602, …)`).
  public var backboneSelection: String?
  /// What the run found wrong with the model and reported, e.g. a teacher that does no better
  /// than chance on the validation nodes.
  public var warnings: [String]?
  /// For a student, its distillation objective (e.g. `kd=1 (T = 2, α = 0.1)`).
  public var objective: String?
  /// Validation accuracy of the selected epoch.
  public var validationAccuracy: Double?
  /// Test accuracy as the training command reported it.
  public var testAccuracy: Double?
  /// Test macro-F1 as the training command reported it.
  public var testMacroF1: Double?
  /// Further named metrics, e.g. a recommender's `test HR@5` and `valid HR@5`.
  public var metrics: [String: Double]?
  /// Nodes held out of all training (inductive runs), with every edge touching them.
  public var heldOutNodes: Int?
  /// GraphKD's version.
  public var graphkdVersion: String?
  /// The git commit of the code that trained it.
  public var gitCommit: String?
  /// When it was trained (ISO 8601).
  public var created: String?

  /// Creates a record; every field may be set later.
  public init(
    role: String? = nil, name: String? = nil, trainedBy: String? = nil, split: String? = nil, seed: UInt64? = nil
  ) {
    self.role = role
    self.name = name
    self.trainedBy = trainedBy
    self.split = split
    self.seed = seed
  }
}
