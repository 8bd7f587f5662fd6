import Tensors

/// A teacher model's soft labels stored with a graph: one probability row per node, plus the
/// facts needed to reproduce them.
///
/// Written by the self-distillation job as `/soft_labels/<run>/probs` (float32 `[N, C]`) with
/// attributes `method`, `temperature`, `seed`, `config` (JSON) and `created` (ISO 8601), and
/// optionally `/soft_labels/<run>/hidden` (float32 `[N, H]`, the teacher's last hidden layer for
/// feature-hint losses). ``HDF5GraphStore/appendSoftLabels(_:named:to:replacing:options:)`` adds a run
/// to an existing file without touching anything else in it.
///
/// - Shapes: `probabilities` `[N, C]`, every row a distribution (entries in [0, 1], summing to
///   1 within 10⁻³); `hidden` `[N, H]`.
///
/// ```swift
/// let run = SoftLabelRun(
///   probabilities: teacherProbs, method: "self-kd/ema", temperature: 2, seed: 0,
///   configJSON: #"{"layers":2}"#, created: "2025-01-31T12:00:00Z")
/// try HDF5GraphStore.appendSoftLabels(run, named: "ema_t2", to: url)
/// ```
public struct SoftLabelRun: Sendable, Equatable {
  /// Class probabilities, `[N, C]`.
  public var probabilities: Tensor
  /// The method that produced them, e.g. `"gcn"` or `"self-kd/ema"`.
  public var method: String
  /// The softmax temperature τ used to produce them.
  public var temperature: Double
  /// The seed of the teacher's training run.
  public var seed: UInt64
  /// The teacher's configuration as a JSON document.
  public var configJSON: String
  /// When the run was made, ISO 8601 (e.g. `2025-01-31T12:00:00Z`).
  public var created: String
  /// The teacher's hidden representation, `[N, H]`, when stored.
  public var hidden: Tensor?
  /// Named numbers about the run, stored as one float64 attribute each, e.g.
  /// `validation_accuracy`, `calibration_error` (names other than the fixed attributes above).
  public var metrics: [String: Double]

  /// Creates a run description.
  public init(
    probabilities: Tensor, method: String, temperature: Double, seed: UInt64, configJSON: String, created: String,
    hidden: Tensor? = nil, metrics: [String: Double] = [:]
  ) {
    self.metrics = metrics
    self.probabilities = probabilities
    self.method = method
    self.temperature = temperature
    self.seed = seed
    self.configJSON = configJSON
    self.created = created
    self.hidden = hidden
  }
}
