import Foundation
import GraphKD
import Testing

/// The inductive setting: held-out nodes' features, labels and edges never reach training.
/// Changing all three changes no trained weight and no transductive number — only the
/// inductive accuracy, which is measured on them.
@Suite struct InductiveSettingTests {
  /// A generated graph with a stored split `s` (5 labels per class, 60 validation nodes).
  static func graph() throws -> Graph {
    var graph = try LabelScarcePipelineTests.graph(seed: 3)
    try graph.setSplit(
      try LabelsPerClassSplitter(labelsPerClass: 5, validationSize: 60).split(graph, seed: 0), named: "s")
    return graph
  }

  /// `graph` with every held-out node's features redrawn, its label changed and every edge
  /// touching it replaced by edges to other nodes.
  static func tampered(_ graph: Graph, heldOut: [Int]) throws -> Graph {
    let held = Set(heldOut)
    var generator = Xoshiro256StarStar(seed: 99)
    var rows: [Int32] = []
    var columns: [Int32] = []
    let a = graph.adjacency
    for i in 0..<graph.nodeCount where !held.contains(i) {
      for e in a.rowPointers[i]..<a.rowPointers[i + 1] where !held.contains(Int(a.columnIndices[e])) {
        rows.append(Int32(i))
        columns.append(a.columnIndices[e])
      }
    }
    for v in heldOut {
      for _ in 0..<4 {
        let u = Int32(generator.nextInt(below: graph.nodeCount))
        guard u != Int32(v) else { continue }
        rows += [Int32(v), u]
        columns += [u, Int32(v)]
      }
    }
    let adjacency = try CSRMatrix(
      rowCount: graph.nodeCount, columnCount: graph.nodeCount, rows: rows, columns: columns,
      values: [Float](repeating: 1, count: rows.count), duplicates: .max)
    guard case .dense(let x)? = graph.features else {
      throw TensorError.value("tampered", expected: "dense", actual: "")
    }
    var features = x
    let f = x.columnCount
    features.withUnsafeMutableBufferPointer { p in
      for v in heldOut { for j in 0..<f { p[v * f + j] = Float(generator.nextInt(below: 1000)) / 100 - 5 } }
    }
    var labels = graph.labels
    for v in heldOut { labels[v] = (labels[v] + 1) % 3 }
    return try Graph(
      name: graph.name, isDirected: false, adjacency: adjacency, features: .dense(features), labels: labels,
      classNames: graph.classNames, splits: graph.splits)
  }

  @Test func theObservedGraphHoldsNothingOfTheHeldOutNodes() throws {
    let graph = try Self.graph()
    let holdout = try InductiveHoldout(graph: graph, split: "s", fraction: 0.2, seed: 0)
    let test = try #require(graph.splits["s"]).test
    #expect(holdout.heldOut.count == Int((Double(test.count) * 0.2).rounded()))
    #expect(Set(holdout.heldOut).isSubset(of: Set(test)))
    let observed = holdout.observedGraph
    #expect(observed.nodeCount == graph.nodeCount - holdout.heldOut.count)
    // Every observed edge is an edge of the graph between two observed nodes, and all of them are there.
    let a = graph.adjacency
    let held = Set(holdout.heldOut)
    let kept = (0..<graph.nodeCount).reduce(0) { n, i in
      held.contains(i)
        ? n : n + (a.rowPointers[i]..<a.rowPointers[i + 1]).filter { !held.contains(Int(a.columnIndices[$0])) }.count
    }
    #expect(observed.storedEdgeCount == kept)
    let o = observed.adjacency
    for k in 0..<observed.nodeCount {
      for e in o.rowPointers[k]..<o.rowPointers[k + 1] {
        let (i, j) = (holdout.observed[k], holdout.observed[Int(o.columnIndices[e])])
        #expect(a.columnIndices[a.rowPointers[i]..<a.rowPointers[i + 1]].contains(Int32(j)))
      }
    }
    #expect(observed.labels == holdout.observed.map { graph.labels[$0] })
    #expect(try #require(observed.splits["s"]).test.count == test.count - holdout.heldOut.count)
    // A different seed holds out different nodes.
    #expect(try InductiveHoldout(graph: graph, split: "s", fraction: 0.2, seed: 1).heldOut != holdout.heldOut)
  }

  @Test func heldOutFeaturesLabelsAndEdgesNeverReachTraining() throws {
    let graph = try Self.graph()
    let holdout = try InductiveHoldout(graph: graph, split: "s", fraction: 0.2, seed: 0)
    let tampered = try Self.tampered(graph, heldOut: holdout.heldOut)
    var configuration = LabelScarcePipelineTests.quick()
    configuration.split = SplitScheme(name: "s")
    configuration.teacher = TeacherSettings(architecture: .gcn, variant: .standard, epochs: 30)
    configuration.inductive = 0.2
    let clean = try LabelScarcePipeline(configuration: configuration).run(on: graph)
    let changed = try LabelScarcePipeline(configuration: configuration).run(on: tampered)
    #expect(clean.softLabels.isEmpty)
    for (a, b) in zip(
      [clean.runs[0].teacher] + clean.runs[0].students, [changed.runs[0].teacher] + changed.runs[0].students)
    {
      let (x, y) = (try #require(clean.models[0]?[a.name]), try #require(changed.models[0]?[b.name]))
      #expect(x.parameters == y.parameters, "\(a.name): the weights differ, so the held-out nodes reached training")
      #expect(a.testAccuracy == b.testAccuracy && a.validationAccuracy == b.validationAccuracy)
      let (i, j) = (try #require(a.inductive), try #require(b.inductive))
      #expect(i.transductive == j.transductive && i.heldOutNodes == holdout.heldOut.count)
      #expect(abs(i.production - (0.8 * i.transductive + 0.2 * i.inductive)) < 1e-12)
    }
    // What is measured on the held-out nodes does see the change.
    #expect(clean.runs[0].teacher.inductive?.inductive != changed.runs[0].teacher.inductive?.inductive)
  }
}
