import Tensors

/// A trained model as a GraphKD model file holds it (`docs/model-schema.md`): what kind of model
/// it is, how to rebuild it (JSON documents), its sizes, and every parameter as a named float32
/// array.
///
/// This is the container only; the model types turn themselves into one and back
/// (`NodeClassifier`/`TrainedNodeClassifier` in GNN, `MatrixFactorization` in Recommendation)
/// and check what they need of it. ``HDF5ModelStore`` reads and writes it.
///
/// ```swift
/// var stored = StoredModel(kind: "node_classifier", configuration: "{\"architecture\":\"mlp\"}")
/// stored.integers["input_dimension"] = 1433
/// stored.parameters["layer1/weight"] = weight
/// try HDF5ModelStore.write(stored, to: URL(fileURLWithPath: "mlp.h5"), overwrite: true)
/// ```
public struct StoredModel: Sendable, Equatable {
  /// What the file holds: `node_classifier` or `matrix_factorization` (root attribute `kind`).
  public var kind: String
  /// The architecture and its settings as JSON (root attribute `config`).
  public var configuration: String
  /// Further JSON documents, one root string attribute each, e.g. `preprocessing`,
  /// `inference`, `provenance`.
  public var documents: [String: String]
  /// Sizes, one root integer attribute each, e.g. `input_dimension`, `class_count`.
  public var integers: [String: Int]
  /// The names of the classes, in class-id order (`/class_names`), when known.
  public var classNames: [String]?
  /// Every parameter by its path under `/parameters`, e.g. `layer1/weight` (float32, rank 1 or 2).
  public var parameters: [String: Tensor]

  /// Creates a container.
  public init(
    kind: String, configuration: String, documents: [String: String] = [:], integers: [String: Int] = [:],
    classNames: [String]? = nil, parameters: [String: Tensor] = [:]
  ) {
    self.kind = kind
    self.configuration = configuration
    self.documents = documents
    self.integers = integers
    self.classNames = classNames
    self.parameters = parameters
  }
}

/// The names and version of GraphKD's model files.
public enum ModelSchema {
  /// The value of the root attribute `format`.
  public static let format = "graphkd-model"
  /// The schema version this build reads and writes (root attribute `format_version`).
  public static let version = 1
  /// The group holding the parameters.
  public static let parametersGroup = "parameters"
}
