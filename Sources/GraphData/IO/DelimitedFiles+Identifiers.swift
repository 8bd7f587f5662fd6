import Foundation

/// Ids of one kind (nodes, users or items) as read, before they are mapped to indices: integers
/// while every id cell is an integer, names from the first one that is not (under
/// ``NodeIdentifiers/auto`` or ``NodeIdentifiers/string``).
struct IdentifierColumn {
  /// The ids in the order read while every id is an integer; `nil` once ids are names.
  var integers: [Int]? = []
  /// The names met, in order of first appearance, once ids are names.
  var names: NodeNameIndex?
  /// The ids in the order read as indices into ``names``.
  var nameEndpoints: [Int32] = []
  /// Edge weights, one per edge, when an edge list read them.
  var weights: [Float]?
  /// Id cells read.
  var idCells = 0
  /// The largest and the smallest integer id, with the file, line and column of the largest.
  var largest: (value: Int, line: Int, column: Int, file: String)?
  var smallest: Int?

  /// A column that reads every id as a name.
  static func names() -> IdentifierColumn {
    var c = IdentifierColumn()
    c.integers = nil
    c.names = NodeNameIndex()
    return c
  }

  /// The ids as indices `0..<count` and the names when mapped: integer ids as they are when
  /// `indices`, else numbered in ascending order (integers) or order of first appearance.
  func resolved(indices: Bool) -> (ids: [Int32], names: [String]?) {
    if let integers {
      if indices { return (integers.map { Int32($0) }, nil) }
      let sorted = Array(Set(integers)).sorted()
      let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
      return (integers.map { position[$0]! }, sorted.map(String.init))
    }
    return (nameEndpoints, names?.names ?? [])
  }

  /// Records one id cell.
  mutating func append(
    _ line: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, at number: Int, column: Int, file: String
  ) {
    if integers != nil, let v = TextCells.integer(line, range) {
      appendInteger(v, at: number, column: column, file: file)
      return
    }
    idCells += 1
    if names == nil {
      // The first name: every id so far becomes a name, in the order met.
      var index = NodeNameIndex()
      nameEndpoints = (integers ?? []).map { index.index(of: String($0)) }
      names = index
      integers = nil
    }
    nameEndpoints.append(names!.index(of: TextCells.text(line, range)))
  }

  /// Records one integer id.
  mutating func appendInteger(_ v: Int, at number: Int, column: Int, file: String) {
    idCells += 1
    guard integers != nil else {
      nameEndpoints.append(names!.index(of: String(v)))
      return
    }
    integers!.append(v)
    if largest == nil || v > largest!.value { largest = (v, number, column, file) }
    if smallest == nil || v < smallest! { smallest = v }
  }
}

extension DelimitedFiles {
  /// Reads an edge list (`source, target[, weight]` per line) whose ids are read as `ids` says;
  /// with ``NodeIdentifiers/integer`` an id that is not a non-negative integer below 2³¹ − 1 is
  /// an error naming its line and column.
  /// - Parameters:
  ///   - nodeLimit: when given, ids are node indices and must be below it (`limitName` names
  ///     where it comes from, e.g. `--nodes`).
  ///   - integerHint: what an error about a non-integer id adds (how to read other ids).
  static func readEdgeIds(
    _ url: URL, header: CSVHeader, weighted: Bool, ids: NodeIdentifiers, nodeLimit: Int? = nil,
    limitName: String = "--nodes", integerHint: String = " (--ids integer; --ids auto maps other ids to nodes)"
  ) throws -> IdentifierColumn {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var edges = ids == .string ? IdentifierColumn.names() : IdentifierColumn()
    let columns = weighted ? 3 : 2
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      header.matches(Self.looksLikeHeader(line, cells, ids: ids))
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      guard cells.count == columns else {
        let hint =
          weighted
          ? "(source, target, weight)"
          : "(source, target)\(cells.count == 3 ? "; pass --weighted to read the third as an edge weight" : "")"
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "\(columns) columns \(hint)",
          actual: "\(cells.count)")
      }
      for c in 0..<2 {
        if ids == .integer {
          guard let v = TextCells.integer(line, cells[c]), v >= 0, v < Int(Int32.max) else {
            throw GraphDataError(
              .parse, file: file, location: .line(number, column: c + 1),
              expected: "a non-negative integer node id\(integerHint)",
              actual: TextCells.quoted(line, cells[c]))
          }
          if let nodeLimit, v >= nodeLimit {
            throw GraphDataError(
              .index, file: file, location: .line(number, column: c + 1),
              expected: "node ids in 0..<\(nodeLimit) (\(limitName) \(nodeLimit))", actual: "\(v)")
          }
        }
        guard !cells[c].isEmpty else {
          throw GraphDataError(
            .parse, file: file, location: .line(number, column: c + 1), expected: "a node id", actual: "an empty cell")
        }
        edges.append(line, cells[c], at: number, column: c + 1, file: file)
      }
      if weighted {
        guard let w = TextCells.float(line, cells[2]) else {
          throw GraphDataError(
            .parse, file: file, location: .line(number, column: 3), expected: "a number (edge weight)",
            actual: TextCells.quoted(line, cells[2]))
        }
        guard w.isFinite else {
          throw GraphDataError(
            .nonFinite, file: file, location: .line(number, column: 3), expected: "a finite edge weight",
            actual: "\(w)")
        }
        if edges.weights == nil { edges.weights = [] }
        edges.weights!.append(w)
      }
    }
    return edges
  }

  /// Reads `id, value` lines, the id and the value kept as text.
  static func readIdentifiedText(
    _ url: URL, header: CSVHeader, ids: NodeIdentifiers
  ) throws -> [(line: Int, id: String, value: String)] {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var out: [(line: Int, id: String, value: String)] = []
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      header.matches(Self.looksLikeHeader(line, cells, ids: ids))
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      guard cells.count == 2 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "2 columns (node id, label)",
          actual: "\(cells.count)")
      }
      guard !cells[0].isEmpty else {
        throw GraphDataError(
          .parse, file: file, location: .line(number, column: 1), expected: "a node id", actual: "an empty cell")
      }
      out.append((number, TextCells.text(line, cells[0]), TextCells.text(line, cells[1])))
    }
    return out
  }

  /// Reads rows `id, x1, x2, …` (one node's features per line, keyed by its id).
  static func readIdentifiedRows(
    _ url: URL, header: CSVHeader
  ) throws -> (ids: [(line: Int, id: String)], columns: Int, values: [Float]) {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var ids: [(line: Int, id: String)] = []
    var values: [Float] = []
    var columns = -1
    var columnsLine = 0
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      // A header names its columns: its feature cells are not numbers.
      header.matches(cells.count > 1 && cells.dropFirst().contains { TextCells.float(line, $0) == nil })
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      if columns < 0 {
        guard cells.count >= 2 else {
          throw GraphDataError(
            .shape, file: file, location: .line(number, column: nil),
            expected: "a node id and at least one feature per row", actual: "\(cells.count) column")
        }
        columns = cells.count - 1
        columnsLine = number
      }
      guard cells.count == columns + 1 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil),
          expected: "a node id and \(columns) values (as on line \(columnsLine))", actual: "\(cells.count) cells")
      }
      ids.append((number, TextCells.text(line, cells[0])))
      for c in 1..<cells.count {
        values.append(try finiteNumber(line, cells[c], file: file, line: number, column: c + 1))
      }
    }
    return (ids, max(columns, 0), values)
  }

  /// Whether a first data row is a header under ``CSVHeader/auto``: its first cell is not an
  /// integer and — where ids may be names — every cell is a common column name (`source`,
  /// `target`, `node`, `id`, `label`, …); otherwise the row is data.
  static func looksLikeHeader(
    _ line: UnsafeMutableBufferPointer<UInt8>, _ cells: [Range<Int>], ids: NodeIdentifiers
  ) -> Bool {
    guard !cells.isEmpty, TextCells.integer(line, cells[0]) == nil else { return false }
    return ids == .integer || HeaderWords.areAll(line, cells)
  }
}
