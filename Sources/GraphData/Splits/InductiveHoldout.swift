import Tensors

/// The inductive (production) setting of GLNN (Zhang et al., ICLR 2022): a fraction of a split's
/// test nodes is held out of all training — their features, labels and every edge touching them
/// — and added back, with their edges, only to evaluate. The rest of the graph is the *observed*
/// graph every model trains on.
///
/// ```swift
/// let holdout = try InductiveHoldout(graph: graph, split: "public", fraction: 0.2, seed: 0)
/// let observed = holdout.observedGraph        // train on this
/// let newNodes = holdout.heldOut              // evaluate these on the full graph
/// ```
///
/// Accuracy is then reported three ways: *transductive* on the observed test nodes (predicted
/// on the observed graph, as trained), *inductive* on the held-out nodes (predicted on the full
/// graph), and *production*, GLNN's weighted combination `(1 − r)·transductive + r·inductive`
/// with `r` the held-out share of the test nodes.
public struct InductiveHoldout: Sendable {
  /// The held-out nodes (indices into the full graph), sorted.
  public let heldOut: [Int]
  /// The observed nodes (indices into the full graph), sorted; node `k` of ``observedGraph`` is
  /// `observed[k]`.
  public let observed: [Int]
  /// The subgraph induced by the observed nodes, with the split restricted to them.
  public let observedGraph: Graph
  /// The held-out share of the split's test nodes.
  public var fraction: Double

  /// Draws `round(fraction · |test|)` of `split`'s test nodes with `seed` and cuts them out.
  /// - Throws: ``GraphDataError`` when the split does not exist or `fraction` is not in (0, 1).
  public init(graph: Graph, split: String, fraction: Double, seed: UInt64) throws {
    guard let s = graph.splits[split] else {
      throw GraphDataError(
        .missingField, file: "", location: .field("/splits/\(split)"), expected: "the split to hold nodes out of",
        actual: "no such split")
    }
    guard fraction > 0, fraction < 1 else {
      throw GraphDataError(
        .value, file: "", location: .field("inductive"), expected: "a fraction of the test nodes in (0, 1)",
        actual: "\(fraction)")
    }
    var generator = Xoshiro256StarStar(seed: seed ^ 0x1_4D0C_7173)
    let count = Int((Double(s.test.count) * fraction).rounded())
    let held = Set(generator.sample(count, from: s.test.count).map { s.test[$0] })
    heldOut = held.sorted()
    observed = (0..<graph.nodeCount).filter { !held.contains($0) }
    observedGraph = try graph.induced(on: observed)
    self.fraction = s.test.isEmpty ? 0 : Double(count) / Double(s.test.count)
  }
}
