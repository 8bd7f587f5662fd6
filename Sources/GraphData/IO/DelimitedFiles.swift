import Foundation

/// Readers for the delimited text files the importers share: edge lists, numeric rows, and
/// `key,value` columns. Each accepts comma-, tab- or whitespace-separated cells (detected from
/// the first data line), skips blank lines and `#`/`%` comments, reads `.gz` transparently, and
/// reports a bad cell with its line and column.
enum DelimitedFiles {
  /// The cell as a finite number; an error naming the file, line and column otherwise.
  /// - Parameter what: the expected value, e.g. `a number (edge weight)`.
  static func finiteNumber(
    _ line: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, file: String, line number: Int, column: Int,
    what: String = "a number"
  ) throws -> Float {
    guard let v = TextCells.float(line, range) else {
      throw GraphDataError(
        .parse, file: file, location: .line(number, column: column), expected: what,
        actual: TextCells.quoted(line, range))
    }
    guard v.isFinite else {
      throw GraphDataError(
        .nonFinite, file: file, location: .line(number, column: column), expected: "a finite number",
        actual: TextCells.quoted(line, range))
    }
    return v
  }

  /// Reads rows of numbers (one node's features per line) into a row-major array.
  static func readRows(_ url: URL, header: CSVHeader) throws -> (rows: Int, columns: Int, values: [Float]) {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var values: [Float] = []
    var columns = -1
    var columnsLine = 0
    var rows = 0
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      header.matches(cells.contains { TextCells.float(line, $0) == nil })
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      if columns < 0 {
        columns = cells.count
        columnsLine = number
        values.reserveCapacity(columns * 1024)
      }
      guard cells.count == columns else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil),
          expected: "\(columns) values (as on line \(columnsLine))", actual: "\(cells.count)")
      }
      for (c, range) in cells.enumerated() {
        values.append(try finiteNumber(line, range, file: file, line: number, column: c + 1))
      }
      rows += 1
    }
    return (rows, max(columns, 0), values)
  }

  /// Reads one non-negative integer per line (split index files), each below `bound`.
  static func readIndices(_ url: URL, bound: Int, boundName: String) throws -> [Int] {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var out: [Int] = []
    // A first row that does not start with a number is a header.
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      !cells.isEmpty && TextCells.integer(line, cells[0]) == nil
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      guard cells.count == 1 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "1 column (a node index)",
          actual: "\(cells.count)")
      }
      guard let v = TextCells.integer(line, cells[0]), v >= 0 else {
        throw GraphDataError(
          .parse, file: file, location: .line(number, column: 1), expected: "a non-negative integer node index",
          actual: TextCells.quoted(line, cells[0]))
      }
      guard v < bound else {
        throw GraphDataError(
          .index, file: file, location: .line(number, column: 1),
          expected: "node indices in 0..<\(bound) (\(boundName))",
          actual: "\(v)")
      }
      out.append(v)
    }
    return out
  }

  /// Reads `key, value` lines: the key a non-negative integer, the value kept as text.
  /// - Returns: the pairs in file order, with each pair's line number.
  static func readKeyedText(_ url: URL, header: CSVHeader, keyName: String) throws -> [(
    line: Int, key: Int, value: String
  )] {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var out: [(line: Int, key: Int, value: String)] = []
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      header.matches(!cells.isEmpty && TextCells.integer(line, cells[0]) == nil)
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      guard cells.count == 2 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "2 columns (\(keyName), value)",
          actual: "\(cells.count)")
      }
      guard let key = TextCells.integer(line, cells[0]), key >= 0, key < Int(Int32.max) else {
        throw GraphDataError(
          .parse, file: file, location: .line(number, column: 1), expected: "a non-negative integer \(keyName)",
          actual: TextCells.quoted(line, cells[0]))
      }
      out.append((number, key, TextCells.text(line, cells[1])))
    }
    return out
  }
}
