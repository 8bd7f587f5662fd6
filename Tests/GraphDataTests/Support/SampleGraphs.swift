import GraphData
import Tensors

/// Small graphs exercising every part of the schema.
enum SampleGraphs {
  /// A 5-node undirected weighted graph with dense features, labels, names, a split, a soft
  /// label run and all optional fields filled.
  static func complete() throws -> Graph {
    // Edges 0–1 (w 2), 1–2, 2–3, 3–0 (w 0.5); node 4 isolated.
    let adjacency = try CSRMatrix(
      rowCount: 5, columnCount: 5, rows: [0, 1, 1, 2, 2, 3, 3, 0], columns: [1, 0, 2, 1, 3, 2, 0, 3],
      values: [2, 2, 1, 1, 1, 1, 0.5, 0.5])
    let features = try Tensor(shape: [5, 3], scalars: (0..<15).map { Float($0) / 4 })
    let probs = try Tensor(shape: [5, 2], scalars: [0.9, 0.1, 0.2, 0.8, 0.5, 0.5, 1, 0, 0.25, 0.75])
    var graph = try Graph(
      name: "sample", isDirected: false, adjacency: adjacency, features: .dense(features),
      labels: [0, 1, -1, 1, 0], classNames: ["alpha", "βeta"], nodeNames: ["a", "b", "c", "d", "e"])
    try graph.setSplit(Split(train: [0, 1], validation: [3], test: [2, 4]), named: "public")
    try graph.setSoftLabels(
      SoftLabelRun(
        probabilities: probs, method: "gcn", temperature: 2, seed: 7, configJSON: #"{"layers":2}"#,
        created: "2025-01-31T12:00:00Z", hidden: Tensor(zeros: [5, 4])),
      named: "teacher")
    return graph
  }
}
