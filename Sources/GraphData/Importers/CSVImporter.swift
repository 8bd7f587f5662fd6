import Foundation
import Tensors

/// Imports a graph from an edge list in CSV or TSV, with optional node features and labels.
///
/// - Edges: one `source, target[, weight]` per line. Comma, tab or whitespace separated
///   (detected), optional header row, `#`/`%` comment lines, `.gz` accepted. Undirected by
///   default: every edge is added in both directions; with `directed`, edges are kept as listed.
///   Duplicates are merged keeping the largest weight.
/// - Node ids: 0-based integer indices, or any ids — database keys, part numbers, integers of any
///   size — mapped to nodes `0..<N` and kept as node names (``NodeIdentifiers``, `ids`).
/// - Features: with index ids, a CSV/TSV with one row of numbers per node (row i = node i) or a
///   `.npy` 2-D array; with mapped ids, a CSV/TSV whose first column is the node id. Stored dense.
/// - Labels: `node, label` lines; labels that are all integers are used as class ids, otherwise
///   the distinct names, sorted, become classes `0..<C` and the class names. Unlisted nodes
///   are unknown (-1). A labelled id that no edge or feature row names becomes an isolated node,
///   and the import says so.
///
/// With index ids the node count is `nodeCount` when given, else the largest of: the highest
/// id in the edges or labels plus one, and the number of feature rows. Nothing is allocated for
/// an id before it is checked against the input: the largest id must be below four times the
/// number of ids read, the number of feature rows, or `nodeCount`.
///
/// ```swift
/// var csv = CSVImporter(edges: URL(fileURLWithPath: "edges.csv"))
/// csv.labels = URL(fileURLWithPath: "labels.csv")
/// let graph = try csv.importGraph()
/// ```
public struct CSVImporter: GraphImporter {
  /// The edge list file.
  public var edges: URL
  /// Optional node features: `.npy` or delimited text, one row per node (keyed by the node id
  /// in the first column when ids are mapped).
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
  /// The number of nodes, when known; index ids must be below it.
  public var nodeCount: Int?
  /// How node ids are read: indices, names, or indices where they are dense (the default).
  public var ids = NodeIdentifiers.auto

  /// Creates an importer for an edge list.
  public init(edges: URL, features: URL? = nil, labels: URL? = nil, name: String? = nil) {
    self.edges = edges
    self.features = features
    self.labels = labels
    self.name = name
  }

  /// Reads the files and builds the graph.
  public func importGraph(note: (String) -> Void) throws -> Graph {
    let edgeFile = AtomicFile.displayName(edges)
    // A declared node count makes the ids indices.
    let ids = nodeCount == nil ? self.ids : .integer
    if let nodeCount { try ImportLimits.checkCount(nodeCount, file: edgeFile, field: "--nodes") }
    let raw = try DelimitedFiles.readEdgeIds(
      edges, header: header, weighted: weighted, ids: ids, nodeLimit: nodeCount)
    var labelRows: [(line: Int, id: String, value: String)] = []
    if let labels {
      labelRows = try DelimitedFiles.readIdentifiedText(labels, header: header, ids: ids)
    }
    let labelInts = labelRows.map { Int($0.id) }
    let integerIds = raw.integers != nil && labelInts.allSatisfy { $0 != nil }
    if integerIds, ids != .string,
      try useIndices(raw, labelRows: labelRows, labelInts: labelInts, ids: ids, note: note)
    {
      return try indexed(raw, labelRows: labelRows, labelInts: labelInts.map { $0! }, note: note)
    }
    return try mapped(raw, labelRows: labelRows, integerIds: integerIds, note: note)
  }

  /// Whether integer ids are used as node indices: always with ``NodeIdentifiers/integer`` (after
  /// the check that they are plausible), with ``NodeIdentifiers/auto`` when they are dense.
  func useIndices(
    _ raw: IdentifierColumn, labelRows: [(line: Int, id: String, value: String)], labelInts: [Int?],
    ids: NodeIdentifiers,
    note: (String) -> Void
  ) throws -> Bool {
    var largest = raw.largest.map { (value: $0.value, file: $0.file, line: $0.line) }
    var smallest = raw.smallest ?? 0
    for (row, v) in zip(labelRows, labelInts) {
      let v = v!
      smallest = min(smallest, v)
      if largest == nil || v > largest!.value {
        largest = (v, AtomicFile.displayName(labels!), row.line)
      }
    }
    guard let largest else { return true }
    let featureRows = try features.map { try Self.countFeatureRows($0, header: header) } ?? 0
    return try ids.usesIndices(
      smallest: smallest, largest: largest, idsRead: raw.idCells + labelRows.count,
      bound: max(4 * (raw.idCells + labelRows.count), featureRows, nodeCount ?? 0), what: "node",
      declare: "--nodes N", note: note)
  }

  /// The graph whose node ids are its indices.
  func indexed(
    _ raw: IdentifierColumn, labelRows: [(line: Int, id: String, value: String)], labelInts: [Int],
    note: (String) -> Void
  ) throws -> Graph {
    if let nodeCount {
      if let (row, v) = zip(labelRows, labelInts).first(where: { $0.1 >= nodeCount }) {
        throw GraphDataError(
          .index, file: AtomicFile.displayName(labels!), location: .line(row.line, column: 1),
          expected: "node ids in 0..<\(nodeCount) (--nodes \(nodeCount))", actual: "\(v)")
      }
    }
    var featureMatrix: (rows: Int, columns: Int, values: [Float])?
    if let features {
      featureMatrix = try Self.readFeatures(features, header: header)
    }
    let maxEdgeNode = raw.largest?.value ?? -1
    let maxLabelNode = labelInts.max() ?? -1
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
    let endpoints = raw.integers!.map { Int32($0) }
    return try build(
      endpoints: endpoints, weights: raw.weights, nodeCount: n, features: nodeFeatures,
      labels: try labels.map { file in
        try Self.labelIds(
          zip(labelRows, labelInts).map { ($0.0.line, $0.1, $0.0.value) }, nodeCount: n,
          file: AtomicFile.displayName(file))
      }, nodeNames: nil, note: note)
  }

  /// The graph whose node ids are names: numbered in ascending order when they are all integers,
  /// else in order of first appearance (edges, feature rows, labels).
  func mapped(
    _ raw: IdentifierColumn, labelRows: [(line: Int, id: String, value: String)], integerIds: Bool,
    note: (String) -> Void
  ) throws -> Graph {
    var keyed: (ids: [(line: Int, id: String)], columns: Int, values: [Float])?
    if let features {
      guard features.pathExtension.lowercased() != "npy" else {
        throw GraphDataError(
          .value, file: AtomicFile.displayName(features), location: .file,
          expected: "a CSV/TSV whose first column is the node id: the node ids are not 0-based indices, and a .npy "
            + "matrix has no id column",
          actual: "a .npy matrix")
      }
      keyed = try DelimitedFiles.readIdentifiedRows(features, header: header)
    }
    // The names and each edge endpoint's node.
    var names = NodeNameIndex()
    var endpoints: [Int32]
    if integerIds, let integers = raw.integers {
      var all = integers
      all += (keyed?.ids ?? []).compactMap { Int($0.id) }
      all += labelRows.compactMap { Int($0.id) }
      let sorted = Array(Set(all)).sorted()
      for v in sorted { _ = names.index(of: String(v)) }
      endpoints = integers.map { names.existing(String($0))! }
    } else {
      names = raw.names ?? NodeNameIndex()
      endpoints = raw.nameEndpoints
      if let integers = raw.integers {  // labels name a node by a name: the edges' integer ids are names too
        endpoints = integers.map { names.index(of: String($0)) }
      }
    }
    let edgeNodes = names.count
    var nodeFeatures: NodeFeatures?
    if let keyed, let features {
      let file = AtomicFile.displayName(features)
      var row = [Int](repeating: -1, count: names.count)
      for (k, entry) in keyed.ids.enumerated() {
        let i = Int(names.index(of: entry.id))
        if i >= row.count { row.append(-1) }
        guard row[i] < 0 else {
          throw GraphDataError(
            .value, file: file, location: .line(entry.line, column: 1), expected: "one feature row per node",
            actual: "node \(entry.id) again (first on line \(keyed.ids[row[i]].line))")
        }
        row[i] = k
      }
      if names.count > edgeNodes {
        note("\(names.count - edgeNodes) nodes have feature rows but no edges (isolated nodes)")
      }
      let edgeFile = AtomicFile.displayName(edges)
      if let missing = row.firstIndex(of: -1) {
        throw GraphDataError(
          .value, file: file, location: .file, expected: "a feature row for every node",
          actual:
            "none for node \(names.names[missing]) (named in \(edgeFile)); \(row.filter { $0 < 0 }.count) nodes lack one"
        )
      }
      let c = keyed.columns
      var values = [Float](repeating: 0, count: row.count * c)
      for (i, k) in row.enumerated() {
        for j in 0..<c { values[i * c + j] = keyed.values[k * c + j] }
      }
      nodeFeatures = .dense(try Tensor(shape: [row.count, c], scalars: values))
    }
    var labelIds: ([Int], [String]?)?
    if let labels {
      // Nodes an edge or a feature row names; a labelled id outside them is an isolated node.
      var named = [Bool](repeating: false, count: names.count)
      for e in endpoints { named[Int(e)] = true }
      if nodeFeatures != nil { named = [Bool](repeating: true, count: names.count) }
      var unknown: [(line: Int, id: String)] = []
      let pairs = labelRows.map { r -> (Int, Int, String) in
        let i = Int(names.index(of: r.id))
        if i >= named.count || !named[i] { unknown.append((r.line, r.id)) }
        return (r.line, i, r.value)
      }
      if let first = unknown.first {
        guard nodeFeatures == nil else {
          throw GraphDataError(
            .value, file: AtomicFile.displayName(labels), location: .line(first.line, column: 1),
            expected: "a node named by an edge or a feature row", actual: "'\(first.id)', which has no feature row")
        }
        note(
          "\(unknown.count) labelled ids name no edge or feature row (first: '\(first.id)' on "
            + "\(AtomicFile.displayName(labels)) line \(first.line)): kept as isolated nodes")
      }
      labelIds = try Self.labelIds(pairs, nodeCount: names.count, file: AtomicFile.displayName(labels))
    }
    return try build(
      endpoints: endpoints, weights: raw.weights, nodeCount: names.count, features: nodeFeatures, labels: labelIds,
      nodeNames: names.names, note: note)
  }

  /// Assembles the graph from mapped endpoints.
  func build(
    endpoints: [Int32], weights: [Float]?, nodeCount n: Int, features: NodeFeatures?, labels: ([Int], [String]?)?,
    nodeNames: [String]?, note: (String) -> Void
  ) throws -> Graph {
    var builder = EdgeListBuilder(expectedEdges: endpoints.count / 2)
    for e in 0..<(endpoints.count / 2) {
      builder.append(source: endpoints[2 * e], target: endpoints[2 * e + 1], weight: weights?[e])
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
        features: features, labels: labels?.0, classNames: labels?.1, nodeNames: nodeNames)
    }
  }

  /// The number of data rows of a feature file (the rows of a `.npy` matrix), without reading it.
  static func countFeatureRows(_ url: URL, header: CSVHeader) throws -> Int {
    if url.pathExtension.lowercased() == "npy" {
      // The header's shape only: the matrix itself is read once, later.
      let file = AtomicFile.displayName(url)
      guard FileManager.default.fileExists(atPath: url.path) else { throw GraphDataError.missingFile(file) }
      let array = try NumPyArray(parsing: Data(contentsOf: url, options: .alwaysMapped), file: file, field: "array")
      return array.shape.first ?? 0
    }
    let reader = try TextLineReader(url: url)
    var rows = 0
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      header.matches(cells.contains { TextCells.float(line, $0) == nil })
    }
    try reader.forEachRow(isHeader: isHeader) { _, _, _ in rows += 1 }
    return rows
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
