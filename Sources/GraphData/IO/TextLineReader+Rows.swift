extension TextLineReader {
  /// Calls `body(lineNumber, line, cells)` for every data row of a delimited text file: blank
  /// lines and `#`/`%` comments are skipped, the delimiter (tab, comma or whitespace) is detected
  /// on the first data line, and that first data line is dropped when `isHeader(line, cells)`
  /// says it is a header. `cells` are byte ranges into `line`.
  func forEachRow(
    isHeader: (UnsafeMutableBufferPointer<UInt8>, [Range<Int>]) -> Bool,
    _ body: (Int, UnsafeMutableBufferPointer<UInt8>, [Range<Int>]) throws -> Void
  ) throws {
    var delimiter: TextCells.Delimiter?
    var cells: [Range<Int>] = []
    var firstData = true
    try forEachLine { number, line in
      guard !TextCells.isSkippable(line) else { return }
      let d = delimiter ?? TextCells.Delimiter.detect(line)
      delimiter = d
      TextCells.split(line, d, into: &cells)
      if firstData {
        firstData = false
        if isHeader(line, cells) { return }
      }
      try body(number, line, cells)
    }
  }
}

extension CSVHeader {
  /// Whether a first data row is a header under this policy: always (`present`), never
  /// (`absent`), or when `looksLikeHeader` says so (`auto`).
  func matches(_ looksLikeHeader: @autoclosure () -> Bool) -> Bool {
    switch self {
    case .present: return true
    case .auto: return looksLikeHeader()
    case .absent: return false
    }
  }
}
