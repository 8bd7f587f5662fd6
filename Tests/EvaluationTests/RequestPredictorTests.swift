import Evaluation
import GNN
import Tensors
import Testing
import _TestSupport

/// Answers computed on a request's gathered neighbourhood equal the full-graph answers.
@Suite struct RequestPredictorTests {
  static let cases: [(ModelConfiguration.Architecture, Bool)] = [
    (.gcn, true), (.gcn, false), (.sage, true), (.sage, false), (.gat, true), (.gat, false), (.appnp, true),
    (.appnp, false), (.mlp, true), (.mlp, false),
  ]

  @Test(arguments: cases)
  func subgraphLogitsEqualFullGraphLogitsForTheRequestedNodes(
    architecture: ModelConfiguration.Architecture, sparseFeatures: Bool
  ) throws {
    let data = try Fixtures.data(sparseFeatures: sparseFeatures, seed: 3)
    let model = try Fixtures.model(architecture, inputDimension: data.features.dimension)
    let full = try withoutGradients { try model(data.features, graph: data.graph) }.value
    let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
    var g = Xoshiro256StarStar(seed: 9)
    // Single nodes, a batch, and a request with a repeat in no particular order.
    let requests = (0..<5).map { _ in [g.nextInt(below: 1500)] } + [g.sample(64, from: 1500), [1499, 7, 0, 7]]
    for nodes in requests {
      let answer = try predictor.logits(for: nodes)
      let expected = try Kernels.gatherRows(full, indices: nodes)
      #expect(
        isApproximatelyEqual(answer, expected, relativeTolerance: 1e-5, absoluteTolerance: 1e-6),
        "\(architecture) nodes \(nodes.prefix(4)): max relative difference \(maxRelativeDifference(answer, expected))")
    }
    let single = try predictor.subgraph(for: [requests[0][0]])
    if architecture == .mlp {
      #expect(single.nodes == requests[0] && single.graph.adjacency.nonzeroCount == 0)
    } else {
      // The gathered neighbourhood is a proper part of the graph, so the test is not trivial.
      #expect(single.nodes.count > 1 && single.nodes.count < 1500, "\(single.nodes.count) nodes gathered")
    }
  }

  @Test func theSubgraphsOwnNormalisationWouldGiveAnotherAnswer() throws {
    let data = try Fixtures.data(sparseFeatures: true, seed: 3)
    let model = try Fixtures.model(.gcn, inputDimension: data.features.dimension)
    let full = try withoutGradients { try model(data.features, graph: data.graph) }.value
    let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
    let nodes = [Int](0..<32)
    let request = try predictor.subgraph(for: nodes)
    let ownDegrees = try GraphStructure(adjacency: request.graph.adjacency)
    let naive = try withoutGradients { try model(request.features, graph: ownDegrees) }.value
    let naiveRows = try Kernels.gatherRows(naive, indices: request.targetRows)
    #expect(!isApproximatelyEqual(naiveRows, try Kernels.gatherRows(full, indices: nodes)))
  }

  @Test func gathersExactlyTheLHopNeighbourhood() throws {
    // A path 0 – 1 – 2 – 3 – 4 – 5: a 3-layer GCN at node 0 needs nodes 0…3.
    let rows: [Int32] = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    let columns: [Int32] = [1, 0, 2, 1, 3, 2, 4, 3, 5, 4]
    let adjacency = try CSRMatrix(rowCount: 6, columnCount: 6, rows: rows, columns: columns, values: nil)
    let graph = try GraphStructure(adjacency: adjacency)
    let features = LayerInput.dense(Variable(Tensor(repeating: 1, shape: [6, 2])))
    let model = try NodeClassifier(
      configuration: ModelConfiguration(architecture: .gcn, hiddenDimensions: [4, 4]), inputDimension: 2,
      classCount: 2, random: RandomSource(seed: 0))
    let predictor = try RequestPredictor(model: model, features: features, graph: graph)
    #expect(predictor.hops == 3)
    let request = try predictor.subgraph(for: [0])
    #expect(request.nodes == [0, 1, 2, 3])
    #expect(request.targetRows == [0])
    #expect(try predictor.subgraph(for: [5, 2]).nodes == [0, 1, 2, 3, 4, 5])
    #expect(try predictor.subgraph(for: [5, 2]).targetRows == [5, 2])
  }

  @Test func receptiveFieldRadiusPerArchitecture() {
    #expect(RequestPredictor.hops(for: .standard(.gcn)) == 2)
    #expect(RequestPredictor.hops(for: ModelConfiguration(architecture: .sage, hiddenDimensions: [8, 8])) == 3)
    #expect(RequestPredictor.hops(for: .standard(.gat)) == 2)
    #expect(RequestPredictor.hops(for: .standard(.appnp)) == 10)
    #expect(RequestPredictor.hops(for: .standard(.mlp)) == 0)
    #expect(RequestPredictor.hops(for: .standard(.sign)) == 2)
    #expect(RequestPredictor.hops(for: .standard(.gcnii)) == 64)
  }

  @Test func badRequestsAreRejectedWithTheirPosition() throws {
    let data = try Fixtures.data(nodes: 50, sparseFeatures: false, seed: 1)
    let model = try Fixtures.model(.gcn, inputDimension: data.features.dimension)
    let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
    #expect(throws: EvaluationError.self) { try predictor.logits(for: []) }
    do {
      _ = try predictor.logits(for: [3, 50])
      Issue.record("node 50 of a 50-node graph was accepted")
    } catch let error as EvaluationError {
      #expect(error.description.contains("node ids in 0..<50") && error.description.contains("50 at position 1"))
    }
    #expect(throws: EvaluationError.self) { try predictor.logits(for: [-1]) }
    // A failed request leaves the predictor usable.
    #expect(try predictor.logits(for: [3]).shape == [1, 3])
  }

  @Test func featuresMustFitTheModel() throws {
    let data = try Fixtures.data(nodes: 50, sparseFeatures: false, seed: 1)
    let model = try Fixtures.model(.gcn, inputDimension: data.features.dimension + 1)
    #expect(throws: EvaluationError.self) {
      try RequestPredictor(model: model, features: data.features, graph: data.graph)
    }
  }
}
