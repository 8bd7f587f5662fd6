import Foundation
import Tensors

/// Imports an Open Graph Benchmark node-property dataset from its raw folder, as the OGB
/// loaders download it (`ogbn-arxiv`, `ogbn-products`, …), without Python.
///
/// | file (under the dataset folder) | becomes |
/// | --- | --- |
/// | `raw/edge.csv.gz` (required): `source,target` per line | adjacency |
/// | `raw/num-node-list.csv.gz`: the node count | N (else the largest id + 1) |
/// | `raw/node-feat.csv.gz`: one row of floats per node | dense features |
/// | `raw/node-label.csv.gz`: one class id per line, `nan` = unknown | labels |
/// | `split/<name>/{train,valid,test}.csv.gz`: node indices | split `<name>` |
/// | `mapping/labelidx2*.csv.gz`, `mapping/nodeidx2*.csv.gz` | class names, node names |
///
/// Files may also be uncompressed `.csv`. Edges are kept as listed (OGB stores `ogbn-arxiv`
/// directed); with `symmetrize` the reverse of every edge is added. The graph is recorded as
/// undirected when its adjacency ends up symmetric. Multi-label datasets (`ogbn-proteins`) and
/// heterogeneous ones (`ogbn-mag`) are refused with a message saying so.
///
/// ```swift
/// let graph = try OGBImporter(directory: URL(fileURLWithPath: "dataset/ogbn_arxiv"), symmetrize: true).importGraph()
/// ```
public struct OGBImporter: GraphImporter {
  /// The dataset folder (holding `raw/` and `split/`), or its `raw/` folder.
  public var directory: URL
  /// The graph's name; the folder's name when `nil`.
  public var name: String?
  /// Add the reverse of every edge.
  public var symmetrize = false

  /// Creates an importer for a dataset folder.
  public init(directory: URL, name: String? = nil, symmetrize: Bool = false) {
    self.directory = directory
    self.name = name
    self.symmetrize = symmetrize
  }

  /// Reads the folder and builds the graph.
  public func importGraph(note: (String) -> Void) throws -> Graph {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw GraphDataError.missingFile(AtomicFile.displayName(directory), expected: "an OGB dataset folder")
    }
    let root = directory.lastPathComponent == "raw" ? directory.deletingLastPathComponent() : directory
    let raw = root.appendingPathComponent("raw")
    guard let edgeFile = Self.find("edge", in: raw) else {
      throw GraphDataError(
        .missingFile, file: AtomicFile.displayName(raw.appendingPathComponent("edge.csv.gz")), location: .file,
        expected: "the edge list of an OGB node-property dataset (raw/edge.csv.gz)",
        actual: fm.fileExists(atPath: raw.appendingPathComponent("relations").path)
          ? "a heterogeneous dataset (raw/relations/), which GraphKD does not import" : "no such file")
    }

    var nodeCount: Int?
    if let countFile = Self.find("num-node-list", in: raw) {
      let rows = try DelimitedFiles.readRows(countFile, header: .absent)
      guard rows.rows == 1, rows.columns == 1, let v = rows.values.first, v >= 0, v == v.rounded() else {
        throw GraphDataError(
          .value, file: AtomicFile.displayName(countFile), location: .file,
          expected: "one line holding the node count (a single graph)", actual: "\(rows.rows) lines")
      }
      guard v <= Float(ImportLimits.maximumNodes) else {
        throw GraphDataError(
          .value, file: AtomicFile.displayName(countFile), location: .line(1, column: 1),
          expected: "a node count this machine can hold (at most \(ImportLimits.maximumNodes))", actual: "\(v)")
      }
      nodeCount = Int(v)
    }
    let edges = try DelimitedFiles.readEdgeIds(
      edgeFile, header: .auto, weighted: false, ids: .integer, nodeLimit: nodeCount,
      limitName: "raw/num-node-list.csv.gz:", integerHint: "")
    let maxNode = edges.largest?.value ?? -1
    var builder = EdgeListBuilder(expectedEdges: edges.idCells / 2)
    let endpoints = edges.integers ?? []
    for e in 0..<(endpoints.count / 2) {
      builder.append(source: Int32(endpoints[2 * e]), target: Int32(endpoints[2 * e + 1]))
    }

    var features: (rows: Int, columns: Int, values: [Float])?
    if let featureFile = Self.find("node-feat", in: raw) {
      features = try DelimitedFiles.readRows(featureFile, header: .absent)
    }
    var labelColumn: [Int]?
    var labelFileName = ""
    if let labelFile = Self.find("node-label", in: raw) {
      labelFileName = AtomicFile.displayName(labelFile)
      labelColumn = try Self.readLabels(labelFile)
    }
    // Without a declared count, the largest id must be plausible for the input before it sizes anything.
    if nodeCount == nil, maxNode >= max(4 * builder.count * 2, features?.rows ?? 0, labelColumn?.count ?? 0) {
      throw GraphDataError(
        .index, file: AtomicFile.displayName(edgeFile), location: .file,
        expected:
          "node ids below four times the \(2 * builder.count) ids read, or a raw/num-node-list.csv.gz declaring "
          + "the node count",
        actual: "\(maxNode)")
    }
    let n = nodeCount ?? max(maxNode + 1, features?.rows ?? 0, labelColumn?.count ?? 0)
    var nodeFeatures: NodeFeatures?
    if let features, let featureFile = Self.find("node-feat", in: raw) {
      guard features.rows == n else {
        throw GraphDataError(
          .shape, file: AtomicFile.displayName(featureFile), location: .file, expected: "\(n) rows (one per node)",
          actual: "\(features.rows)")
      }
      nodeFeatures = .dense(try Tensor(shape: [n, features.columns], scalars: features.values))
    }
    if let labelColumn, labelColumn.count != n {
      throw GraphDataError(
        .shape, file: labelFileName, location: .file, expected: "\(n) labels (one per node)",
        actual: "\(labelColumn.count)")
    }

    var splits: [String: Split] = [:]
    let splitRoot = root.appendingPathComponent("split")
    if let names = try? fm.contentsOfDirectory(atPath: splitRoot.path) {
      for splitName in names.sorted() {
        let folder = splitRoot.appendingPathComponent(splitName)
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
        var parts: [[Int]] = []
        for part in ["train", "valid", "test"] {
          guard let partFile = Self.find(part, in: folder) else {
            throw GraphDataError.missingFile(
              AtomicFile.displayName(folder.appendingPathComponent("\(part).csv.gz")),
              expected: "the \(part) indices of split '\(splitName)'")
          }
          parts.append(try DelimitedFiles.readIndices(partFile, bound: n, boundName: "the node count"))
        }
        splits[splitName] = Split(train: parts[0], validation: parts[1], test: parts[2])
      }
    }

    let mapping = root.appendingPathComponent("mapping")
    var classNames: [String]?
    if let file = Self.find(prefix: "labelidx2", in: mapping) {
      let pairs = try DelimitedFiles.readKeyedText(file, header: .auto, keyName: "label index")
      classNames = try Self.dense(pairs, file: file, what: "label index")
    }
    var nodeNames: [String]?
    if let file = Self.find(prefix: "nodeidx2", in: mapping) {
      let names = try Self.dense(
        try DelimitedFiles.readKeyedText(file, header: .auto, keyName: "node index"), file: file, what: "node index")
      guard names.count == n else {
        throw GraphDataError(
          .shape, file: AtomicFile.displayName(file), location: .file, expected: "\(n) node names",
          actual: "\(names.count)")
      }
      nodeNames = names
    }
    if let classNames, let labelColumn, let bad = labelColumn.firstIndex(where: { $0 >= classNames.count }) {
      throw GraphDataError(
        .index, file: labelFileName, location: .line(bad + 1, column: 1),
        expected: "class ids below \(classNames.count) (the classes in mapping/)", actual: "\(labelColumn[bad])")
    }

    let (adjacency, merged) = try GraphDataError.attributing(to: AtomicFile.displayName(edgeFile)) {
      try builder.matrix(rowCount: n, columnCount: n, symmetrize: symmetrize, duplicates: .max)
    }
    if merged > 0 { note("merged \(merged) duplicate edge entries") }
    let isDirected = Graph.firstAsymmetry(adjacency) != nil
    if isDirected && !symmetrize { note("the edges are directed; pass --symmetrize for an undirected graph") }
    return try GraphDataError.attributing(to: AtomicFile.displayName(root)) {
      try Graph(
        name: name ?? root.lastPathComponent, isDirected: isDirected, adjacency: adjacency, features: nodeFeatures,
        labels: labelColumn, classNames: classNames, nodeNames: nodeNames, splits: splits)
    }
  }

  /// `<stem>.csv.gz` or `<stem>.csv` in `folder`.
  static func find(_ stem: String, in folder: URL) -> URL? {
    for ext in ["csv.gz", "csv"] {
      let url = folder.appendingPathComponent("\(stem).\(ext)")
      if FileManager.default.fileExists(atPath: url.path) { return url }
    }
    return nil
  }

  /// The first `<prefix>*.csv[.gz]` file in `folder`, by name.
  static func find(prefix: String, in folder: URL) -> URL? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
    return names.sorted().first { $0.hasPrefix(prefix) && ($0.hasSuffix(".csv.gz") || $0.hasSuffix(".csv")) }
      .map { folder.appendingPathComponent($0) }
  }

  /// One class id per line; `nan` or an empty line means unknown.
  static func readLabels(_ url: URL) throws -> [Int] {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var labels: [Int] = []
    var cells: [Range<Int>] = []
    try reader.forEachLine { number, line in
      TextCells.split(line, .comma, into: &cells)
      guard cells.count == 1 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil),
          expected: "1 label per line (multi-label datasets such as ogbn-proteins are not supported)",
          actual: "\(cells.count) columns")
      }
      let text = TextCells.text(line, cells[0]).lowercased()
      if text.isEmpty || text == "nan" {
        labels.append(-1)
        return
      }
      if let y = TextCells.integer(line, cells[0]), y >= 0 {
        labels.append(y)
      } else if let f = TextCells.float(line, cells[0]), f >= 0, f == f.rounded(), f < 1e9 {
        labels.append(Int(f))
      } else {
        throw GraphDataError(
          .parse, file: file, location: .line(number, column: 1), expected: "a class id ≥ 0 or nan",
          actual: TextCells.quoted(line, cells[0]))
      }
    }
    return labels
  }

  /// Values of `index, value` pairs that cover `0..<count` exactly, in index order.
  static func dense(_ pairs: [(line: Int, key: Int, value: String)], file: URL, what: String) throws -> [String] {
    var values = [String?](repeating: nil, count: pairs.count)
    for p in pairs {
      guard p.key < pairs.count, values[p.key] == nil else {
        throw GraphDataError(
          .value, file: AtomicFile.displayName(file), location: .line(p.line, column: 1),
          expected: "each \(what) in 0..<\(pairs.count) exactly once", actual: "\(p.key)")
      }
      values[p.key] = p.value
    }
    return values.map { $0! }
  }
}
