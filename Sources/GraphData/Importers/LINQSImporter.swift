import Foundation
import Tensors

/// Imports a citation graph in the LINQS raw formats: the `.content` / `.cites` pair of Cora
/// and CiteSeer, and PubMed-Diabetes' `.NODE.paper.tab` / `.DIRECTED.cites.tab` pair.
///
/// - `.content`: `<paper id> <feature 1> … <feature F> <class>` per line (tab or space
///   separated); nodes are numbered in file order, paper ids become node names, the distinct
///   class names, sorted, become classes `0..<C`, and the 0/1 word features are stored sparse.
/// - `.cites`: `<cited paper> <citing paper>` per line: the edge citing → cited.
/// - PubMed `.NODE.paper.tab`: a `NODE` line, a line declaring `cat=…:label` and the
///   `numeric:<word>:0.0` features, then `<id> label=<k> <word>=<tf-idf> … summary=…` rows (TF-IDF
///   features, sparse). `.DIRECTED.cites.tab`: `<id> paper:<a> | paper:<b>` rows, edge a → b.
///
/// Citations naming papers that are not in the content file are dropped with a note (CiteSeer
/// has some). Undirected by default (each citation in both directions, as Planetoid does); with
/// `directed` the citing → cited direction is kept.
///
/// ```swift
/// let graph = try LINQSImporter(content: URL(fileURLWithPath: "cora.content"),
///                               cites: URL(fileURLWithPath: "cora.cites")).importGraph()
/// ```
public struct LINQSImporter: GraphImporter {
  /// The `.content` (or PubMed `.NODE.paper.tab`) file.
  public var content: URL
  /// The `.cites` (or PubMed `.DIRECTED.cites.tab`) file.
  public var cites: URL
  /// The graph's name; the content file's name up to the first `.` when `nil`.
  public var name: String?
  /// Keep citing → cited edges (`true`) or add both directions (`false`, the default).
  public var directed = false

  /// Creates an importer for a content/cites pair.
  public init(content: URL, cites: URL, name: String? = nil, directed: Bool = false) {
    self.content = content
    self.cites = cites
    self.name = name
    self.directed = directed
  }

  private struct Nodes {
    var ids: [String] = []
    var index: [String: Int] = [:]
    var labelNames: [String] = []
    var rowPointers: [Int] = [0]
    var columns: [Int32] = []
    var values: [Float] = []
    var featureCount = 0
    var classNames: [String]?
  }

  /// Reads both files and builds the graph.
  public func importGraph(note: (String) -> Void) throws -> Graph {
    let isPubMed = try Self.firstLine(of: content).hasPrefix("NODE")
    let nodes = isPubMed ? try readPubMedNodes() : try readContent()
    let n = nodes.ids.count
    var builder = EdgeListBuilder()
    let dropped =
      isPubMed ? try readPubMedCites(nodes.index, into: &builder) : try readCites(nodes.index, into: &builder)
    if dropped > 0 { note("dropped \(dropped) citations naming papers absent from \(AtomicFile.displayName(content))") }

    let classNames = nodes.classNames ?? Array(Set(nodes.labelNames)).sorted()
    let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
    let labels = try nodes.labelNames.enumerated().map { i, label -> Int in
      guard let y = classIndex[label] else {
        throw GraphDataError(
          .value, file: AtomicFile.displayName(content), location: .field("label of paper \(nodes.ids[i])"),
          expected: "one of the declared classes \(classNames)", actual: "\"\(label)\"")
      }
      return y
    }
    let features = CSRMatrix(
      unchecked: n, columnCount: nodes.featureCount, rowPointers: nodes.rowPointers, columnIndices: nodes.columns,
      values: nodes.values)
    let (adjacency, merged) = try builder.matrix(rowCount: n, columnCount: n, symmetrize: !directed, duplicates: .max)
    if merged > 0 { note("merged \(merged) duplicate citation entries") }
    let defaultName = content.lastPathComponent.split(separator: ".").first.map(String.init) ?? "graph"
    return try GraphDataError.attributing(to: AtomicFile.displayName(content)) {
      try Graph(
        name: name ?? defaultName, isDirected: directed, adjacency: adjacency, features: .sparse(features),
        labels: labels, classNames: classNames, nodeNames: nodes.ids)
    }
  }

  // MARK: Cora / CiteSeer

  private func readContent() throws -> Nodes {
    let reader = try TextLineReader(url: content)
    let file = reader.file
    var nodes = Nodes()
    var cells: [Range<Int>] = []
    var width = -1
    var widthLine = 0
    try reader.forEachLine { number, line in
      guard !TextCells.isSkippable(line) else { return }
      TextCells.split(line, .whitespace, into: &cells)
      if width < 0 {
        guard cells.count >= 2 else {
          throw GraphDataError(
            .shape, file: file, location: .line(number, column: nil),
            expected: "a paper id, features and a class label", actual: "\(cells.count) cells")
        }
        width = cells.count
        widthLine = number
        nodes.featureCount = width - 2
      }
      guard cells.count == width else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil),
          expected: "\(width) cells (paper id, \(width - 2) features, class; as on line \(widthLine))",
          actual: "\(cells.count)")
      }
      let id = TextCells.text(line, cells[0])
      if let first = nodes.index[id] {
        throw GraphDataError(
          .value, file: file, location: .line(number, column: 1), expected: "each paper id once",
          actual: "\"\(id)\" again (first as node \(first))")
      }
      nodes.index[id] = nodes.ids.count
      nodes.ids.append(id)
      for c in 1..<(width - 1) {
        let v = try DelimitedFiles.finiteNumber(
          line, cells[c], file: file, line: number, column: c + 1, what: "a number (word feature)")
        if v != 0 {
          nodes.columns.append(Int32(c - 1))
          nodes.values.append(v)
        }
      }
      nodes.rowPointers.append(nodes.columns.count)
      nodes.labelNames.append(TextCells.text(line, cells[width - 1]))
    }
    return nodes
  }

  private func readCites(_ index: [String: Int], into builder: inout EdgeListBuilder) throws -> Int {
    let reader = try TextLineReader(url: cites)
    let file = reader.file
    var cells: [Range<Int>] = []
    var dropped = 0
    try reader.forEachLine { number, line in
      guard !TextCells.isSkippable(line) else { return }
      TextCells.split(line, .whitespace, into: &cells)
      guard cells.count == 2 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "2 cells (cited paper, citing paper)",
          actual: "\(cells.count)")
      }
      guard let cited = index[TextCells.text(line, cells[0])], let citing = index[TextCells.text(line, cells[1])] else {
        dropped += 1
        return
      }
      builder.append(source: Int32(citing), target: Int32(cited))
    }
    return dropped
  }

  // MARK: PubMed-Diabetes

  private func readPubMedNodes() throws -> Nodes {
    let reader = try TextLineReader(url: content)
    let file = reader.file
    var nodes = Nodes()
    var featureIndex: [String: Int32] = [:]
    var cells: [Range<Int>] = []
    var row: [(Int32, Float)] = []
    try reader.forEachLine { number, line in
      guard !TextCells.isSkippable(line) else { return }
      TextCells.split(line, .tab, into: &cells)
      if number == 1 { return }  // "NODE\tpaper:"
      if number == 2 {
        // cat=1,2,3:label  numeric:w-rat:0.0  …  string:summary
        for range in cells {
          let declaration = TextCells.text(line, range)
          if declaration.hasPrefix("cat=") && declaration.hasSuffix(":label") {
            let list = declaration.dropFirst(4).dropLast(6)
            nodes.classNames = list.split(separator: ",").map(String.init)
          } else if declaration.hasPrefix("numeric:") {
            let parts = declaration.split(separator: ":")
            guard parts.count >= 2 else { continue }
            featureIndex[String(parts[1])] = Int32(featureIndex.count)
          }
        }
        guard nodes.classNames != nil else {
          throw GraphDataError(
            .missingField, file: file, location: .line(2, column: nil),
            expected: "a 'cat=…:label' declaration of the classes", actual: "none")
        }
        nodes.featureCount = featureIndex.count
        return
      }
      guard cells.count >= 2 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "a paper id and 'label=…'",
          actual: "\(cells.count) cells")
      }
      let id = TextCells.text(line, cells[0])
      if let first = nodes.index[id] {
        throw GraphDataError(
          .value, file: file, location: .line(number, column: 1), expected: "each paper id once",
          actual: "\"\(id)\" again (first as node \(first))")
      }
      var label: String?
      row.removeAll(keepingCapacity: true)
      for (c, range) in cells.enumerated().dropFirst() {
        let cell = TextCells.text(line, range)
        guard let eq = cell.firstIndex(of: "=") else {
          throw GraphDataError(
            .parse, file: file, location: .line(number, column: c + 1), expected: "a 'name=value' cell",
            actual: TextCells.quoted(line, range))
        }
        let key = String(cell[..<eq])
        let value = cell[cell.index(after: eq)...]
        if key == "label" {
          label = String(value)
        } else if key == "summary" {
          continue
        } else {
          guard let column = featureIndex[key] else {
            throw GraphDataError(
              .value, file: file, location: .line(number, column: c + 1), expected: "a feature declared on line 2",
              actual: "\"\(key)\"")
          }
          guard let v = Float(value), v.isFinite else {
            throw GraphDataError(
              .parse, file: file, location: .line(number, column: c + 1), expected: "a finite number for \(key)",
              actual: "\"\(value)\"")
          }
          if v != 0 { row.append((column, v)) }
        }
      }
      guard let label else {
        throw GraphDataError(
          .missingField, file: file, location: .line(number, column: nil), expected: "a 'label=…' cell", actual: "none")
      }
      row = row.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
      nodes.index[id] = nodes.ids.count
      nodes.ids.append(id)
      nodes.labelNames.append(label)
      let rowStart = nodes.columns.count
      for (column, v) in row {
        // A word listed twice keeps its last value.
        if nodes.columns.count > rowStart && nodes.columns[nodes.columns.count - 1] == column {
          nodes.values[nodes.values.count - 1] = v
        } else {
          nodes.columns.append(column)
          nodes.values.append(v)
        }
      }
      nodes.rowPointers.append(nodes.columns.count)
    }
    return nodes
  }

  private func readPubMedCites(_ index: [String: Int], into builder: inout EdgeListBuilder) throws -> Int {
    let reader = try TextLineReader(url: cites)
    let file = reader.file
    var cells: [Range<Int>] = []
    var dropped = 0
    try reader.forEachLine { number, line in
      guard !TextCells.isSkippable(line), number > 2 else { return }  // "DIRECTED  cites", "NO_FEATURES"
      TextCells.split(line, .whitespace, into: &cells)
      guard cells.count == 4 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "4 cells (id, paper:A, |, paper:B)",
          actual: "\(cells.count)")
      }
      func paper(_ c: Int) throws -> String {
        let text = TextCells.text(line, cells[c])
        guard text.hasPrefix("paper:") else {
          throw GraphDataError(
            .parse, file: file, location: .line(number, column: c + 1), expected: "'paper:<id>'",
            actual: TextCells.quoted(line, cells[c]))
        }
        return String(text.dropFirst(6))
      }
      guard let source = index[try paper(1)], let target = index[try paper(3)] else {
        dropped += 1
        return
      }
      builder.append(source: Int32(source), target: Int32(target))
    }
    return dropped
  }

  private static func firstLine(of url: URL) throws -> String {
    let reader = try TextLineReader(url: url)
    var first: String?
    struct Stop: Error {}
    do {
      try reader.forEachLine { _, line in
        first = String(decoding: UnsafeBufferPointer(line), as: UTF8.self)
        throw Stop()
      }
    } catch is Stop {}
    return first ?? ""
  }
}
