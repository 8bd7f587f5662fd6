import Foundation
import Tensors

/// Imports a graph from an edge list in CSV or TSV, with optional node features and labels.
///
/// - Edges: one `source, target[, weight]` per line; node ids are 0-based integers. Comma, tab
///   or whitespace separated (detected), optional header row, `#`/`%` comment lines, `.gz`
///   accepted. Undirected by default: every edge is added in both directions; with
///   `directed`, edges are kept as listed. Duplicates are merged keeping the largest weight.
/// - Features: a CSV/TSV with one row of numbers per node (row i = node i), or a `.npy` 2-D
///   array; stored dense.
/// - Labels: `node, label` lines; labels that are all integers are used as class ids, otherwise
///   the distinct names, sorted, become classes `0..<C` and the class names. Unlisted nodes
///   are unknown (-1).
///
/// The node count is `nodeCount` when given, else the largest of: the highest id in the edges
/// or labels plus one, and the number of feature rows.
///
/// ```swift
/// var csv = CSVImporter(edges: URL(fileURLWithPath: "edges.csv"))
/// csv.labels = URL(fileURLWithPath: "labels.csv")
/// let graph = try csv.importGraph()
/// ```
public struct CSVImporter: GraphImporter {
  /// The edge list file.
  public var edges: URL
  /// Optional node features: `.npy`, or delimited text with one row per node.
  public var features: URL?
  /// Optional `node, label` file.
  public var labels: URL?
  /// The graph's name; the edge file's name without extension when `nil`.
  public var name: String?
  /// Keep edges as listed (`true`) or add the reverse of each (`false`, the default).
  public var directed = false
  /// Read a third column as the edge weight.
  public var weighted = false
  /// Header handling for all three files.
  public var header = CSVHeader.auto
  /// The number of nodes, when known; ids must be below it.
  public var nodeCount: Int?

  /// Creates an importer for an edge list.
  public init(edges: URL, features: URL? = nil, labels: URL? = nil, name: String? = nil) {
    self.edges = edges
    self.features = features
    self.labels = labels
    self.name = name
  }

  /// Reads the files and builds the graph.
  public func importGraph(note: (String) -> Void) throws -> Graph {
    var builder = EdgeListBuilder()
    let maxEdgeNode = try DelimitedFiles.readEdges(
      edges, header: header, weighted: weighted, nodeLimit: nodeCount, into: &builder)

    var featureMatrix: (rows: Int, columns: Int, values: [Float])?
    if let features {
      featureMatrix = try Self.readFeatures(features, header: header)
    }
    var labelPairs: [(line: Int, key: Int, value: String)] = []
    if let labels {
      labelPairs = try DelimitedFiles.readKeyedText(labels, header: header, keyName: "node id")
      if let nodeCount, let bad = labelPairs.first(where: { $0.key >= nodeCount }) {
        throw GraphDataError(
          .index, file: AtomicFile.displayName(labels), location: .line(bad.line, column: 1),
          expected: "node ids in 0..<\(nodeCount) (--nodes \(nodeCount))", actual: "\(bad.key)")
      }
    }
    let maxLabelNode = labelPairs.map(\.key).max() ?? -1
    let n = nodeCount ?? max(maxEdgeNode + 1, maxLabelNode + 1, featureMatrix?.rows ?? 0)

    var nodeFeatures: NodeFeatures?
    if let featureMatrix, let features {
      guard featureMatrix.rows == n else {
        throw GraphDataError(
          .shape, file: AtomicFile.displayName(features), location: .file,
          expected: "\(n) feature rows (one per node; the edges and labels name nodes up to \(n - 1))",
          actual: "\(featureMatrix.rows)")
      }
      nodeFeatures = .dense(
        try Tensor(shape: [featureMatrix.rows, featureMatrix.columns], scalars: featureMatrix.values))
    }

    var labelIds: [Int]?
    var classNames: [String]?
    if let labels {
      (labelIds, classNames) = try Self.labelIds(labelPairs, nodeCount: n, file: AtomicFile.displayName(labels))
    }

    let (adjacency, merged) = try GraphDataError.attributing(to: AtomicFile.displayName(edges)) {
      try builder.matrix(rowCount: n, columnCount: n, symmetrize: !directed, duplicates: .max)
    }
    if merged > 0 {
      note(
        "merged \(merged) duplicate edge entries\(directed ? "" : " (an edge listed in both directions counts twice)")")
    }
    return try GraphDataError.attributing(to: AtomicFile.displayName(edges)) {
      try Graph(
        name: name ?? edges.deletingPathExtension().lastPathComponent, isDirected: directed, adjacency: adjacency,
        features: nodeFeatures, labels: labelIds, classNames: classNames)
    }
  }

  /// Features from `.npy` or delimited text.
  static func readFeatures(_ url: URL, header: CSVHeader) throws -> (rows: Int, columns: Int, values: [Float]) {
    guard url.pathExtension.lowercased() == "npy" else { return try DelimitedFiles.readRows(url, header: header) }
    let file = AtomicFile.displayName(url)
    guard FileManager.default.fileExists(atPath: url.path) else { throw GraphDataError.missingFile(file) }
    let data: Data
    do {
      data = try Data(contentsOf: url, options: .alwaysMapped)
    } catch {
      throw GraphDataError(
        .io, file: file, location: .file, expected: "a readable file", actual: "\(error.localizedDescription)")
    }
    let array = try NumPyArray(parsing: data, file: file, field: "array")
    let matrix = try array.matrix(file: file, field: "array")
    try Graph.checkFinite(matrix.values, columns: matrix.columns, file: file, field: "array")
    return matrix
  }

  /// Class ids from `node, label` pairs: integers as given, or sorted distinct names.
  static func labelIds(
    _ pairs: [(line: Int, key: Int, value: String)], nodeCount n: Int, file: String
  ) throws -> ([Int], [String]?) {
    var ids = [Int](repeating: -1, count: n)
    var seenOn = [Int: Int]()
    for p in pairs {
      if let first = seenOn[p.key] {
        throw GraphDataError(
          .value, file: file, location: .line(p.line, column: 1), expected: "each node labelled once",
          actual: "node \(p.key) again (first on line \(first))")
      }
      seenOn[p.key] = p.line
    }
    let known = pairs.filter { !$0.value.isEmpty }
    let numeric = known.allSatisfy { Int($0.value) != nil }
    if numeric {
      for p in known {
        let y = Int(p.value)!
        guard y >= -1 else {
          throw GraphDataError(
            .value, file: file, location: .line(p.line, column: 2), expected: "a class id ≥ 0 (or -1 for unknown)",
            actual: "\(y)")
        }
        ids[p.key] = y
      }
      return (ids, nil)
    }
    let names = Array(Set(known.map(\.value))).sorted()
    let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    for p in known { ids[p.key] = index[p.value]! }
    return (ids, names)
  }
}
