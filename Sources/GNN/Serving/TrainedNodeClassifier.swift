import Foundation
import GraphData
import Tensors

/// A trained ``NodeClassifier`` with everything needed to use it after the process that trained
/// it is gone: how its input is prepared from a graph, how its outputs become probabilities, the
/// class names and where it came from. It saves to and loads from a GraphKD model file
/// (`docs/model-schema.md`), and predicts on any graph whose features it can read — new nodes
/// included.
///
/// ```swift
/// let trained = try TrainedNodeClassifier(contentsOf: URL(fileURLWithPath: "runs/cora/models/mlp.h5"))
/// let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: "data/cora.h5"))
/// let prediction = try trained.predict(on: graph)
/// print(prediction.classes[0], prediction.probabilities.shape)  // [2708, 7]
/// ```
///
/// Saved and loaded models give bit-identical predictions: the weights are stored as float32
/// and the forward pass is deterministic.
public struct TrainedNodeClassifier: StorableModel {
  /// How raw outputs become probabilities and a predicted class.
  public struct Inference: Codable, Sendable, Equatable {
    /// The calibration temperature of a self-distilled teacher: probabilities are
    /// `softmax(logits / T)` and the predicted class is their argmax, as for the teacher's soft
    /// labels. `nil` for a model without calibration: probabilities are `softmax(logits)` and
    /// the predicted class is the logits' argmax, as the trainer scores it.
    public var temperature: Float?
    /// Average the softmaxes of the final layer and every auxiliary head (a layer-wise teacher
    /// whose soft labels are its head ensemble).
    public var headEnsemble: Bool
    /// Answer each node from the first auxiliary head confident enough (a layer-wise teacher
    /// fitted for early exit); the final layer answers the rest.
    public var earlyExit: EarlyExit?

    /// Creates the settings (default: uncalibrated, final layer only).
    public init(temperature: Float? = nil, headEnsemble: Bool = false, earlyExit: EarlyExit? = nil) {
      self.temperature = temperature
      self.headEnsemble = headEnsemble
      self.earlyExit = earlyExit
    }
  }

  /// The network, in evaluation mode.
  public let model: NodeClassifier
  /// How features and edges are prepared from a graph (`rowNormalizeFeatures` records whether
  /// the training features were row-normalised).
  public var preparation: NodeClassificationData.Preparation
  /// How outputs become probabilities.
  public var inference: Inference
  /// The class names in class-id order, when the training graph had them.
  public var classNames: [String]?
  /// Where the model came from.
  public var provenance: ModelProvenance

  /// The `kind` of a node classifier's model file.
  public static let kind = "node_classifier"

  /// Wraps a trained model (switching it to evaluation mode).
  public init(
    model: NodeClassifier, preparation: NodeClassificationData.Preparation, inference: Inference = .init(),
    classNames: [String]? = nil, provenance: ModelProvenance = .init()
  ) {
    model.isTraining = false
    self.model = model
    self.preparation = preparation
    self.inference = inference
    self.classNames = classNames
    self.provenance = provenance
  }

  // MARK: Predicting

  /// A prediction for every node of the input.
  public struct Prediction: Sendable {
    /// `[N, C]` class probabilities, rows summing to 1.
    public var probabilities: Tensor
    /// The predicted class of each node.
    public var classes: [Int]
    /// With early exit, the head that answered each node (`heads`: the final layer).
    public var exits: [Int]? = nil
  }

  /// Predicts every node from prepared input (``NodeClassificationData/modelInput(_:preparation:)``).
  /// - Throws: ``TensorError`` when the input's width is not the model's input dimension.
  public func predict(features: LayerInput, structure: GraphStructure) throws -> Prediction {
    guard features.dimension == model.inputDimension else {
      throw TensorError.shape(
        "TrainedNodeClassifier.predict", expected: "\(model.inputDimension) input features",
        actual: "\(features.dimension)")
    }
    model.isTraining = false
    let output = try withoutGradients { try model.forward(features, graph: structure) }
    if let earlyExit = inference.earlyExit, !output.auxiliaryLogits.isEmpty {
      let answer = earlyExit.apply(output, finalTemperature: inference.temperature ?? 1)
      return Prediction(probabilities: answer.probabilities, classes: answer.classes, exits: answer.exits)
    }
    let logits = inference.headEnsemble ? try NodeClassifier.headEnsembleLogits(output) : output.logits.value
    if let temperature = inference.temperature {
      let probabilities = rowSoftmax(logits, temperature: temperature)
      return Prediction(probabilities: probabilities, classes: ClassificationMetrics.predictions(probabilities))
    }
    return Prediction(probabilities: rowSoftmax(logits), classes: ClassificationMetrics.predictions(logits))
  }

  /// Predicts every node of `graph`, prepared as the training graph was. An MLP reads only the
  /// features; a GNN also propagates over the graph's edges.
  /// - Parameter file: the graph's file name, for messages.
  /// - Throws: ``GraphDataError`` naming `file` and the field when the graph does not fit the
  ///   model: another feature width, class names or labels the model does not know, or negative
  ///   features for a model trained on row-normalised ones.
  public func predict(on graph: Graph, file: String = "") throws -> Prediction {
    try checkCompatible(graph, file: file)
    let input = try NodeClassificationData.modelInput(graph, preparation: preparation)
    return try predict(features: input.features, structure: input.structure)
  }

  /// Checks that `graph` can be given to the model.
  public func checkCompatible(_ graph: Graph, file: String) throws {
    let (width, field, nonNegative): (Int, String, Bool)
    switch graph.features {
    case .sparse(let m)?:
      (width, field, nonNegative) = (m.columnCount, "/features_csr", m.values.allSatisfy { $0 >= 0 })
    case .dense(let t)?: (width, field, nonNegative) = (t.columnCount, "/features", t.scalars.allSatisfy { $0 >= 0 })
    case nil: (width, field, nonNegative) = (graph.nodeCount, "/features", true)
    }
    guard width == model.inputDimension else {
      throw GraphDataError(
        .shape, file: file, location: .field(field),
        expected: "\(model.inputDimension) features per node (the model's input_dimension)"
          + (graph.features == nil ? "; the graph has no features, so it would get \(width) one-hot ones" : ""),
        actual: "\(width)")
    }
    if preparation.rowNormalizeFeatures && !nonNegative {
      throw GraphDataError(
        .value, file: file, location: .field(field),
        expected: "non-negative features (the model was trained on row-normalised ones)",
        actual: "negative values")
    }
    if let mine = classNames, let theirs = graph.classNames, mine != theirs {
      throw GraphDataError(
        .value, file: file, location: .field("/class_names"),
        expected: "the model's \(mine.count) classes \(Self.list(mine))",
        actual: "\(theirs.count): \(Self.list(theirs))")
    }
    if let bad = graph.labels.first(where: { $0 >= model.classCount }) {
      throw GraphDataError(
        .index, file: file, location: .field("/labels"),
        expected: "class ids below the model's class_count \(model.classCount)", actual: "\(bad)")
    }
  }

  private static func list(_ names: [String]) -> String {
    let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
    return names.count > 5 ? "\(shown), …" : shown
  }

  // MARK: Model files

  /// The model as a model file holds it.
  public func stored() throws -> StoredModel {
    var parameters: [String: Tensor] = [:]
    for (path, parameter) in try Self.parameterPaths(model) { parameters[path] = parameter.value }
    return StoredModel(
      kind: Self.kind, configuration: try StoredModel.json(model.configuration),
      documents: [
        "preprocessing": try StoredModel.json(preparation), "inference": try StoredModel.json(inference),
        "provenance": try StoredModel.json(provenance),
      ],
      integers: ["input_dimension": model.inputDimension, "class_count": model.classCount], classNames: classNames,
      parameters: parameters)
  }

  /// Rebuilds the model from a model file's contents.
  /// - Parameter file: the file's name, for messages.
  public init(stored: StoredModel, file: String) throws {
    func error(_ kind: GraphDataError.Kind, _ location: GraphDataError.Location, _ expected: String, _ actual: String)
      -> GraphDataError
    { GraphDataError(kind, file: file, location: location, expected: expected, actual: actual) }
    guard stored.kind == Self.kind else {
      throw error(.value, .attribute("/kind"), "\"\(Self.kind)\" (a node classifier)", "\"\(stored.kind)\"")
    }
    func decode<T: Decodable>(_ type: T.Type, _ text: String?, attribute: String, what: String) throws -> T {
      try StoredModel.decode(type, text, attribute: attribute, expected: what, file: file)
    }
    let configuration = try decode(
      ModelConfiguration.self, stored.configuration, attribute: "config", what: "a node-classifier configuration (JSON)"
    )
    do { try configuration.validate() } catch {
      throw GraphDataError(
        .value, file: file, location: .attribute("/config"), expected: "a valid configuration", actual: "\(error)")
    }
    let preparation = try decode(
      NodeClassificationData.Preparation.self, stored.documents["preprocessing"], attribute: "preprocessing",
      what: "the feature preparation (JSON)")
    let inference = try decode(
      Inference.self, stored.documents["inference"], attribute: "inference", what: "the inference settings (JSON)")
    let provenance =
      try stored.documents["provenance"].map {
        try decode(ModelProvenance.self, $0, attribute: "provenance", what: "the provenance record (JSON)")
      } ?? ModelProvenance()
    var sizes: [Int] = []
    for name in ["input_dimension", "class_count"] {
      guard let value = stored.integers[name] else {
        throw error(.missingField, .attribute("/\(name)"), "an integer", "no such attribute")
      }
      guard value > 0, value <= 1 << 31 else {
        throw error(.value, .attribute("/\(name)"), "a positive size", "\(value)")
      }
      sizes.append(value)
    }
    if let names = stored.classNames, names.count != sizes[1] {
      throw error(.shape, .field("/class_names"), "\(sizes[1]) names (class_count)", "\(names.count)")
    }
    // Every weight matrix of the architecture is stored in the file, so none may hold more values
    // than the file's parameters do: checked before the model allocates any of them.
    let storedValues = stored.parameters.values.reduce(0) { $0 + $1.count }
    var widths = [sizes[0]] + configuration.layerWidths + [sizes[1]]
    if configuration.architecture == .gat { widths.append(configuration.outputHeads) }  // [C × output heads]
    for (a, b) in zip(widths, widths.dropFirst()) {
      let (product, overflow) = a.multipliedReportingOverflow(by: b)
      guard !overflow, product <= storedValues else {
        throw error(
          .value, .attribute("/config"),
          "sizes whose weights the file holds (\(storedValues) parameter values in all)",
          "a \(a) × \(b) weight matrix (input_dimension \(sizes[0]), class_count \(sizes[1]))")
      }
    }
    // APPNP's steps cost time, not memory: a file cannot ask for more than any paper uses.
    guard configuration.architecture != .appnp || configuration.propagationSteps <= 1000 else {
      throw error(.value, .attribute("/config"), "at most 1000 propagation steps", "\(configuration.propagationSteps)")
    }
    let model: NodeClassifier
    do {
      model = try NodeClassifier(
        configuration: configuration, inputDimension: sizes[0], classCount: sizes[1], random: RandomSource(seed: 0))
    } catch {
      throw GraphDataError(
        .value, file: file, location: .attribute("/config"), expected: "a configuration that builds a model",
        actual: "\(error)")
    }
    let paths = try Self.parameterPaths(model)
    let group = "/\(ModelSchema.parametersGroup)"
    if let extra = Set(stored.parameters.keys).subtracting(paths.map(\.path)).sorted().first {
      throw error(
        .value, .field("\(group)/\(extra)"), "only the parameters of a \(configuration.architecture.rawValue) model",
        "an unexpected parameter")
    }
    for (path, parameter) in paths {
      let expected = parameter.value.shape
      guard let value = stored.parameters[path] else {
        throw error(.missingField, .field("\(group)/\(path)"), "float32 \(expected)", "nothing")
      }
      guard value.shape == expected else {
        throw error(.shape, .field("\(group)/\(path)"), "shape \(expected)", "shape \(value.shape)")
      }
      guard value.scalars.allSatisfy(\.isFinite) else {
        throw error(.nonFinite, .field("\(group)/\(path)"), "finite weights", "NaN or infinity")
      }
      parameter.value = value
    }
    self.init(
      model: model, preparation: preparation, inference: inference, classNames: stored.classNames,
      provenance: provenance)
  }

  /// Each parameter with its path in a model file: its name with `/` for `.`
  /// (`layer1.weight` → `layer1/weight`).
  static func parameterPaths(_ model: NodeClassifier) throws -> [(path: String, parameter: Variable)] {
    var seen = Set<String>()
    return try model.parameters.map { p in
      let path = (p.name ?? "").replacingOccurrences(of: ".", with: "/")
      guard !path.isEmpty, seen.insert(path).inserted else {
        throw ConfigurationError(setting: "parameters", expected: "distinct parameter names", actual: "'\(path)'")
      }
      return (path, p)
    }
  }
}
