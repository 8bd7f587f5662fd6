import GNN
import Tensors

/// The latency of one kind of request: a batch of node ids answered through a
/// ``RequestPredictor`` (neighbour gathering included).
public struct RequestLatency: Codable, Sendable, Equatable {
  /// Nodes per request.
  public var batchSize: Int
  /// The receptive-field radius gathered per request (0 for an MLP).
  public var hops: Int
  /// Mean number of nodes the model ran on per request (the gathered neighbourhood).
  public var meanSubgraphNodes: Double
  /// Wall-clock time per request.
  public var latency: LatencySummary

  /// Creates a result from its parts.
  public init(batchSize: Int, hops: Int, meanSubgraphNodes: Double, latency: LatencySummary) {
    self.batchSize = batchSize
    self.hops = hops
    self.meanSubgraphNodes = meanSubgraphNodes
    self.latency = latency
  }
}

/// Times inference: full-graph forward passes and per-request answers.
///
/// Every timed run is in evaluation mode (no dropout) without recording gradients, after
/// ``warmup`` untimed runs. A request timing covers everything from the node ids to their
/// logits: gathering the receptive field from the CSR adjacency, building the induced subgraph
/// with the full graph's normalisation restricted to it, gathering the features, the forward
/// pass and picking the requested rows (see ``RequestPredictor``). Each timed request draws a
/// fresh batch of distinct node ids from a generator seeded with `seed`, so the summary covers
/// nodes of every degree, and the same seed times the same requests.
///
/// ```swift
/// let bench = try LatencyBenchmark()                  // 30 timed runs after 3 warm-ups
/// let full = try bench.fullGraph(model: model, features: data.features, graph: data.graph)
/// let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
/// let single = try bench.requests(predictor, batchSize: 1, seed: 0)
/// print(full.medianSeconds, single.latency.medianSeconds)
/// ```
public struct LatencyBenchmark: Codable, Sendable, Equatable {
  /// Timed runs per measurement.
  public var repetitions: Int
  /// Untimed runs before the timed ones.
  public var warmup: Int

  /// Creates a benchmark (defaults: 30 timed runs after 3 warm-up runs).
  /// - Throws: ``EvaluationError`` when `repetitions < 1` or `warmup < 0`.
  public init(repetitions: Int = 30, warmup: Int = 3) throws {
    guard repetitions >= 1, warmup >= 0 else {
      throw EvaluationError(
        operation: "LatencyBenchmark", expected: "repetitions ≥ 1 and warmup ≥ 0",
        actual: "repetitions = \(repetitions), warmup = \(warmup)")
    }
    self.repetitions = repetitions
    self.warmup = warmup
  }

  /// The time of a full-graph forward pass of `model` (evaluation mode for the measurement,
  /// restored afterwards).
  /// - Throws: ``EvaluationError`` when the features do not have one row per node; errors of
  ///   the forward pass.
  public func fullGraph(model: NodeClassifier, features: LayerInput, graph: GraphStructure) throws -> LatencySummary {
    guard features.nodeCount == graph.nodeCount else {
      throw EvaluationError(
        operation: "LatencyBenchmark.fullGraph", expected: "features for the graph's \(graph.nodeCount) nodes",
        actual: "\(features.nodeCount) rows")
    }
    let wasTraining = model.isTraining
    if wasTraining { model.isTraining = false }
    defer { if wasTraining { model.isTraining = true } }
    return try LatencySummary.measure(repetitions: repetitions, warmup: warmup) {
      _ = try withoutGradients { try model(features, graph: graph) }
    }
  }

  /// The time to answer requests of `batchSize` distinct random nodes through `predictor`.
  /// - Throws: ``EvaluationError`` when `batchSize` is not in `1...N`.
  public func requests(_ predictor: RequestPredictor, batchSize: Int, seed: UInt64) throws -> RequestLatency {
    let n = predictor.graph.nodeCount
    guard batchSize >= 1, batchSize <= n else {
      throw EvaluationError(
        operation: "LatencyBenchmark.requests", expected: "a batch size in 1...\(n) (the graph's node count)",
        actual: "\(batchSize)")
    }
    var generator = Xoshiro256StarStar(seed: seed)
    let batches = (0..<(warmup + repetitions)).map { _ in generator.sample(batchSize, from: n) }
    for batch in batches.prefix(warmup) { _ = try predictor.answer(batch) }
    var samples: [Double] = []
    var gathered = 0
    samples.reserveCapacity(repetitions)
    for batch in batches.dropFirst(warmup) {
      var count = 0
      samples.append(try LatencySummary.seconds { count = try predictor.answer(batch).subgraphNodeCount })
      gathered += count
    }
    return RequestLatency(
      batchSize: batchSize, hops: predictor.hops, meanSubgraphNodes: Double(gathered) / Double(repetitions),
      latency: try LatencySummary(samples: samples))
  }
}
