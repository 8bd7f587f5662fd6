import Foundation
import Tensors

/// Imports a graph as the Geom-GCN authors distribute it (Pei et al., ICLR 2020; the WebKB graphs
/// Cornell, Texas and Wisconsin, Actor as `film`, and their ten standard splits), from its folder:
///
/// - `out1_node_feature_label.txt`: a header row, then `node_id<TAB>features<TAB>label` per node.
///   The features are either every value, comma-separated (WebKB: `0,0,1,…`), or, when the header
///   says `feature(feature_amount:K)` (Actor), the indices of the active binary features. Rows
///   come in any order; node `i` of the graph is `node_id` `i`, and the ids must be exactly
///   `0..<N`.
/// - `out1_graph_edges.txt`: a header row, then `source<TAB>target` per directed edge.
/// - `<name>_split_0.6_0.2_<i>.npz`: `train_mask`, `val_mask` and `test_mask`, stored as splits
///   `geom_gcn_<i>`; most files store them as `uint8`, some (Texas' split 2) as NumPy `bool`.
///
/// The quirks of the real files are handled and reported as notes: Actor's header declares 931
/// features although its indices reach 931 (the width is the larger of the two); an Actor row
/// may list an index twice (a binary feature, stored once); and the "0.6_0.2" Actor splits hold
/// 48 / 32 / 20 % of the nodes (the shares are reported, the masks used as given). Edges are added
/// in both directions unless `directed`, as the LINQS importer does; duplicates are merged.
///
/// ```swift
/// let texas = try GeomGCNImporter(directory: URL(fileURLWithPath: "geom-gcn/texas")).importGraph()
/// texas.splits["geom_gcn_0"]?.train.count   // 87
/// ```
public struct GeomGCNImporter: GraphImporter {
  /// The graph's folder.
  public var directory: URL
  /// The graph's name; the folder's name when `nil`.
  public var name: String?
  /// Keep the edges as listed (`true`) or add both directions (`false`, the default).
  public var directed = false

  /// The node file's name.
  public static let nodeFile = "out1_node_feature_label.txt"
  /// The edge file's name.
  public static let edgeFile = "out1_graph_edges.txt"

  /// Creates an importer for the folder at `directory`.
  public init(directory: URL, name: String? = nil, directed: Bool = false) {
    self.directory = directory
    self.name = name
    self.directed = directed
  }

  /// Reads the folder and builds the graph.
  public func importGraph(note: (String) -> Void) throws -> Graph {
    let nodesURL = directory.appendingPathComponent(Self.nodeFile)
    let edgesURL = directory.appendingPathComponent(Self.edgeFile)
    let nodes = try readNodes(nodesURL, note: note)
    let n = nodes.labels.count
    var builder = EdgeListBuilder()
    try readEdges(edgesURL, nodeCount: n, into: &builder)
    let (adjacency, merged) = try builder.matrix(rowCount: n, columnCount: n, symmetrize: !directed, duplicates: .max)
    if merged > 0 { note("merged \(merged) duplicate edge entries (both directions listed, or an edge twice)") }
    let splits = try readSplits(nodeCount: n, note: note)
    return try GraphDataError.attributing(to: AtomicFile.displayName(nodesURL)) {
      try Graph(
        name: name ?? directory.lastPathComponent, isDirected: directed, adjacency: adjacency,
        features: nodes.features, labels: nodes.labels, splits: splits)
    }
  }

  private struct Nodes {
    var features: NodeFeatures
    var labels: [Int]
  }

  private static func lines(_ url: URL) throws -> [Substring] {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw GraphDataError.missingFile(AtomicFile.displayName(url), expected: "a Geom-GCN graph file")
    }
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw GraphDataError(
        .io, file: AtomicFile.displayName(url), location: .file, expected: "a readable UTF-8 text file",
        actual: error.localizedDescription)
    }
    return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
  }

  /// The header row both files start with (`node_id…`).
  private static func header(_ lines: [Substring], file: String) throws -> Substring {
    guard let header = lines.first, header.hasPrefix("node_id") else {
      throw GraphDataError(
        .parse, file: file, location: .line(1, column: nil), expected: "a header row starting with node_id",
        actual: "\"\(lines.first?.prefix(60) ?? "")\"")
    }
    return header
  }

  private func readNodes(_ url: URL, note: (String) -> Void) throws -> Nodes {
    let file = AtomicFile.displayName(url)
    let lines = try Self.lines(url)
    let header = try Self.header(lines, file: file)
    // "feature(feature_amount:931)": index lists and a declared width.
    var declaredWidth: Int? = nil
    if let range = header.range(of: "feature_amount:") {
      declaredWidth = Int(header[range.upperBound...].prefix { $0.isNumber })
    }
    let rows = lines.dropFirst().enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
    let n = rows.count
    var labels = [Int](repeating: -1, count: n)
    var seen = [Bool](repeating: false, count: n)
    var entries: [(node: Int, columns: [Int32], values: [Float])] = []
    entries.reserveCapacity(n)
    var repeated = 0
    var widest = 0
    for (k, line) in rows {
      let lineNumber = k + 2
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard cells.count == 3 else {
        throw GraphDataError(
          .parse, file: file, location: .line(lineNumber, column: nil),
          expected: "three tab-separated fields: node_id, features, label", actual: "\(cells.count) fields")
      }
      guard let id = Int(cells[0].trimmingCharacters(in: .whitespaces)), id >= 0, id < n else {
        throw GraphDataError(
          .index, file: file, location: .line(lineNumber, column: 1),
          expected: "a node id in 0..<\(n) (one row per node)", actual: "\"\(cells[0].prefix(40))\"")
      }
      guard !seen[id] else {
        throw GraphDataError(
          .value, file: file, location: .line(lineNumber, column: 1), expected: "each node id once",
          actual: "node \(id) again")
      }
      seen[id] = true
      guard let label = Int(cells[2].trimmingCharacters(in: .whitespaces)), label >= 0, label < 1 << 20 else {
        throw GraphDataError(
          .parse, file: file, location: .line(lineNumber, column: 3), expected: "a non-negative class id",
          actual: "\"\(cells[2].prefix(40))\"")
      }
      labels[id] = label
      let parts = cells[1].split(separator: ",")
      var columns: [Int32] = []
      var values: [Float] = []
      if declaredWidth != nil {
        var set = Set<Int32>()
        for part in parts {
          guard let j = Int32(part.trimmingCharacters(in: .whitespaces)), j >= 0 else {
            throw GraphDataError(
              .parse, file: file, location: .line(lineNumber, column: 2), expected: "feature indices ≥ 0",
              actual: "\"\(part.prefix(40))\"")
          }
          if !set.insert(j).inserted { repeated += 1 }
        }
        columns = set.sorted()
        values = [Float](repeating: 1, count: columns.count)
        widest = max(widest, Int(columns.last ?? -1) + 1)
      } else {
        for (j, part) in parts.enumerated() {
          guard let v = Float(part.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            throw GraphDataError(
              .parse, file: file, location: .line(lineNumber, column: 2), expected: "comma-separated numbers",
              actual: "\"\(part.prefix(40))\" at position \(j + 1)")
          }
          if v != 0 {
            columns.append(Int32(j))
            values.append(v)
          }
        }
        if k == 0 { widest = parts.count }
        guard parts.count == widest else {
          throw GraphDataError(
            .shape, file: file, location: .line(lineNumber, column: 2), expected: "\(widest) feature values",
            actual: "\(parts.count)")
        }
      }
      entries.append((id, columns, values))
    }
    var width = widest
    if let declaredWidth {
      if widest > declaredWidth {
        note("the header declares \(declaredWidth) features but indices reach \(widest - 1): using \(widest)")
      }
      width = max(declaredWidth, widest)
    }
    if repeated > 0 { note("\(repeated) feature indices listed twice in a row were stored once") }
    entries.sort { $0.node < $1.node }
    var pointers = [0]
    var columns: [Int32] = []
    var values: [Float] = []
    for e in entries {
      columns += e.columns
      values += e.values
      pointers.append(columns.count)
    }
    let features = CSRMatrix(
      unchecked: n, columnCount: width, rowPointers: pointers, columnIndices: columns, values: values)
    return Nodes(features: .sparse(features), labels: labels)
  }

  private func readEdges(_ url: URL, nodeCount n: Int, into builder: inout EdgeListBuilder) throws {
    let file = AtomicFile.displayName(url)
    let lines = try Self.lines(url)
    _ = try Self.header(lines, file: file)
    for (k, line) in lines.dropFirst().enumerated() where !line.allSatisfy(\.isWhitespace) {
      let cells = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
      var ends: [Int32] = []
      for (c, cell) in cells.prefix(2).enumerated() {
        guard let v = Int(cell), v >= 0, v < n else {
          throw GraphDataError(
            .index, file: file, location: .line(k + 2, column: c + 1), expected: "a node id in 0..<\(n)",
            actual: "\"\(cell.prefix(40))\"")
        }
        ends.append(Int32(v))
      }
      guard cells.count == 2 else {
        throw GraphDataError(
          .parse, file: file, location: .line(k + 2, column: nil), expected: "two node ids",
          actual: "\(cells.count) fields")
      }
      builder.append(source: ends[0], target: ends[1])
    }
  }

  /// The splits `<anything>_split_<train>_<val>_<i>.npz` of the folder, by index `i`.
  private func readSplits(nodeCount n: Int, note: (String) -> Void) throws -> [String: Split] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    var splits: [String: Split] = [:]
    for file in names.sorted() where file.hasSuffix(".npz") && file.contains("_split_") {
      guard let index = file.dropLast(4).split(separator: "_").last.flatMap({ Int($0) }) else { continue }
      let url = directory.appendingPathComponent(file)
      let archive = try NPZArchive(url: url)
      var parts: [[Int]] = []
      for key in ["train_mask", "val_mask", "test_mask"] {
        let array = try archive.requiredArray(key, purpose: "the \(key.dropLast(5)) nodes of the split")
        let mask = try array.flags(file: AtomicFile.displayName(url), field: key)
        guard mask.count == n else {
          throw GraphDataError(
            .shape, file: AtomicFile.displayName(url), location: .field(key), expected: "\(n) entries (one per node)",
            actual: "\(mask.count)")
        }
        parts.append(mask.indices.filter { mask[$0] })
      }
      let split = Split(train: parts[0], validation: parts[1], test: parts[2])
      try GraphDataError.attributing(to: AtomicFile.displayName(url)) {
        try Graph.checkSplit(split, named: "geom_gcn_\(index)", nodeCount: n, file: "", fieldPrefix: file)
      }
      splits["geom_gcn_\(index)"] = split
    }
    if let first = splits["geom_gcn_0"] {
      let share = { (part: [Int]) in Int((100 * Double(part.count) / Double(n)).rounded()) }
      note(
        "\(splits.count) splits geom_gcn_0…; the first holds \(share(first.train)) / \(share(first.validation)) / "
          + "\(share(first.test)) % of the nodes for train / validation / test")
    }
    return splits
  }
}
