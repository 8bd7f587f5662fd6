import GNN
import Tensors

/// Everything a person deciding "is the small model good enough?" needs about one model:
/// its size, its arithmetic, its memory, its latency for full-graph inference and for
/// single-node and batched requests (neighbour gathering included), and — when the caller has
/// them — its accuracy. One report is one row of a ``CostTable``.
///
/// ```swift
/// let report = try CostReport.measure(name: "teacher GCN", model: teacher, data: data, seed: 0)
/// print(report.parameterCount, report.multiplyAccumulatesPerNode,
///       report.requestLatency(batchSize: 1)?.latency.medianSeconds ?? .nan)
/// ```
public struct CostReport: Codable, Sendable, Equatable {
  /// A label for the row, e.g. `"teacher"` or `"MLP student"`.
  public var name: String
  /// The model's configuration.
  public var configuration: ModelConfiguration
  /// Scalar parameters.
  public var parameterCount: Int
  /// Multiply-accumulates per node of full-graph inference (see ``ModelCost``).
  public var multiplyAccumulatesPerNode: Double
  /// The per-layer breakdown of parameters and MACs.
  public var layers: [ModelCost.Layer]
  /// Resident memory of one full-graph forward pass (see ``InferenceMemory``).
  public var memory: InferenceMemory
  /// Full-graph inference time.
  public var fullGraphLatency: LatencySummary
  /// Per-request times, one per requested batch size, in the order asked.
  public var requestLatencies: [RequestLatency]
  /// Test accuracy in [0, 1], if the caller measured it.
  public var testAccuracy: Double?
  /// Validation accuracy in [0, 1], if the caller measured it.
  public var validationAccuracy: Double?

  /// Creates a report from its parts.
  public init(
    name: String, configuration: ModelConfiguration, parameterCount: Int, multiplyAccumulatesPerNode: Double,
    layers: [ModelCost.Layer], memory: InferenceMemory, fullGraphLatency: LatencySummary,
    requestLatencies: [RequestLatency], testAccuracy: Double? = nil, validationAccuracy: Double? = nil
  ) {
    self.name = name
    self.configuration = configuration
    self.parameterCount = parameterCount
    self.multiplyAccumulatesPerNode = multiplyAccumulatesPerNode
    self.layers = layers
    self.memory = memory
    self.fullGraphLatency = fullGraphLatency
    self.requestLatencies = requestLatencies
    self.testAccuracy = testAccuracy
    self.validationAccuracy = validationAccuracy
  }

  /// Peak resident bytes of the process during full-graph inference.
  public var peakMemoryBytes: Int { memory.peakResidentBytes }

  /// The per-request result for `batchSize`, if it was measured.
  public func requestLatency(batchSize: Int) -> RequestLatency? {
    requestLatencies.first { $0.batchSize == batchSize }
  }

  /// Measures `model` on `data`'s graph and features, in this order: the cost formula, the
  /// memory of one full-graph forward pass, full-graph latency, then per-request latency for
  /// each batch size (requests drawn with `seed`). The model is in evaluation mode while
  /// measured and its mode is restored afterwards. Accuracy is left for the caller to fill in.
  /// - Throws: ``EvaluationError`` for an empty `requestBatchSizes`, a batch size outside
  ///   `1...N`, `repetitions < 1` or `warmup < 0`, or features that do not fit the model.
  public static func measure(
    name: String, model: NodeClassifier, data: NodeClassificationData, requestBatchSizes: [Int] = [1, 256],
    repetitions: Int = 30, warmup: Int = 3, seed: UInt64 = 0
  ) throws -> CostReport {
    guard !requestBatchSizes.isEmpty else {
      throw EvaluationError(operation: "CostReport.measure", expected: "at least one request batch size", actual: "[]")
    }
    let n = data.graph.nodeCount
    if let bad = requestBatchSizes.first(where: { $0 < 1 || $0 > n }) {
      throw EvaluationError(
        operation: "CostReport.measure", expected: "request batch sizes in 1...\(n) (the graph's node count)",
        actual: "\(bad)")
    }
    let benchmark = try LatencyBenchmark(repetitions: repetitions, warmup: warmup)
    let cost = try ModelCost(model: model, features: data.features, graph: data.graph)
    let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
    let memory = try InferenceMemory.measure(model: model, features: data.features, graph: data.graph)
    let full = try benchmark.fullGraph(model: model, features: data.features, graph: data.graph)
    let requests = try requestBatchSizes.map { try benchmark.requests(predictor, batchSize: $0, seed: seed) }
    return CostReport(
      name: name, configuration: model.configuration, parameterCount: cost.parameterCount,
      multiplyAccumulatesPerNode: cost.multiplyAccumulatesPerNode, layers: cost.layers, memory: memory,
      fullGraphLatency: full, requestLatencies: requests)
  }
}
