import GraphData
import Tensors
import Testing

/// The synthetic graphs the robustness benchmark is made of have the homophily, class sizes and
/// determinism they are described with.
@Suite struct ContextualStochasticBlockModelTests {
  static func homophily(_ g: Graph) -> Double {
    var same = 0
    var all = 0
    let a = g.adjacency
    for i in 0..<a.rowCount {
      for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
        all += 1
        if g.labels[i] == g.labels[Int(a.columnIndices[k])] { same += 1 }
      }
    }
    return Double(same) / Double(all)
  }

  @Test(arguments: [0.2, 0.5, 0.9])
  func theEdgeHomophilyIsTheRequestedOne(h: Double) throws {
    for imbalance in [1.0, 8.0] {
      let g = try ContextualStochasticBlockModel(
        nodes: 3000, averageDegree: 10, classes: 4, featureDimension: 8, homophily: h, imbalance: imbalance
      ).generate(seed: 1)
      #expect(abs(Self.homophily(g) - h) < 0.03, "h \(h), imbalance \(imbalance): \(Self.homophily(g))")
    }
  }

  @Test func imbalancedClassesShrinkGeometricallyByTheRatio() throws {
    let g = try ContextualStochasticBlockModel(
      nodes: 1000, averageDegree: 6, classes: 5, featureDimension: 4, homophily: 0.5, imbalance: 5
    ).generate(seed: 0)
    let sizes = (0..<5).map { c in g.labels.filter { $0 == c }.count }
    #expect(sizes.reduce(0, +) == 1000)
    #expect(sizes == sizes.sorted(by: >), "\(sizes)")
    let ratio = Double(sizes[0]) / Double(sizes[4])
    #expect(abs(ratio - 5) < 0.3, "\(sizes)")
    #expect(g.name.contains("-r5.0-"))
  }

  @Test func balancedGraphsAreUnchangedAndSeedsReproduce() throws {
    let m = ContextualStochasticBlockModel(
      nodes: 200, averageDegree: 4, classes: 3, featureDimension: 5, homophily: 0.7)
    let a = try m.generate(seed: 3)
    #expect(a.labels == (0..<200).map { $0 % 3 })
    let b = try m.generate(seed: 3)
    #expect(a.adjacency == b.adjacency && a.labels == b.labels)
    #expect(try m.generate(seed: 4).adjacency != a.adjacency)
  }

  @Test func impossibleSettingsAreRefused() {
    #expect(throws: GraphDataError.self) {
      try ContextualStochasticBlockModel(
        nodes: 100, averageDegree: 4, classes: 3, featureDimension: 5, homophily: 0.5, imbalance: 0.5
      ).generate(seed: 0)
    }
    #expect(throws: GraphDataError.self) {
      try ContextualStochasticBlockModel(
        nodes: 10, averageDegree: 4, classes: 5, featureDimension: 5, homophily: 0.5, imbalance: 1000
      ).generate(seed: 0)
    }
  }
}
