import Foundation

/// Splitting a text line into cells and parsing numbers from them in place.
enum TextCells {
  /// How cells are separated.
  enum Delimiter: Equatable {
    case comma
    case tab
    /// Runs of spaces or tabs.
    case whitespace

    /// The delimiter of a line: tab if it has one, else comma if it has one, else whitespace.
    static func detect(_ line: UnsafeMutableBufferPointer<UInt8>) -> Delimiter {
      if line.contains(UInt8(ascii: "\t")) { return .tab }
      if line.contains(UInt8(ascii: ",")) { return .comma }
      return .whitespace
    }
  }

  /// Whether a line is blank or a comment (`#` or `%` first).
  static func isSkippable(_ line: UnsafeMutableBufferPointer<UInt8>) -> Bool {
    for b in line {
      if b == 0x20 || b == 0x09 { continue }
      return b == UInt8(ascii: "#") || b == UInt8(ascii: "%")
    }
    return true
  }

  /// The cell ranges of `line` (surrounding spaces trimmed), appended to `cells` after clearing.
  static func split(_ line: UnsafeMutableBufferPointer<UInt8>, _ delimiter: Delimiter, into cells: inout [Range<Int>]) {
    cells.removeAll(keepingCapacity: true)
    let n = line.count
    switch delimiter {
    case .whitespace:
      var k = 0
      while k < n {
        while k < n && (line[k] == 0x20 || line[k] == 0x09) { k += 1 }
        guard k < n else { break }
        let start = k
        while k < n && line[k] != 0x20 && line[k] != 0x09 { k += 1 }
        cells.append(start..<k)
      }
    case .comma, .tab:
      let separator = delimiter == .comma ? UInt8(ascii: ",") : UInt8(ascii: "\t")
      var start = 0
      for k in 0...n where k == n || line[k] == separator {
        var (a, b) = (start, k)
        while a < b && line[a] == 0x20 { a += 1 }
        while b > a && line[b - 1] == 0x20 { b -= 1 }
        cells.append(a..<b)
        start = k + 1
      }
    }
  }

  /// The cell as an integer, or `nil` when it is not one (optional sign, decimal digits).
  static func integer(_ line: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
    var k = range.lowerBound
    guard k < range.upperBound else { return nil }
    var negative = false
    if line[k] == UInt8(ascii: "-") || line[k] == UInt8(ascii: "+") {
      negative = line[k] == UInt8(ascii: "-")
      k += 1
    }
    guard k < range.upperBound else { return nil }
    var value = 0
    while k < range.upperBound {
      let d = Int(truncatingIfNeeded: line[k]) - 48
      guard d >= 0 && d <= 9 else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(d)
      guard !o1 && !o2 else { return nil }
      value = s
      k += 1
    }
    return negative ? -value : value
  }

  /// The cell as a float (anything `strtof` accepts in full, including `nan` and `inf`), or
  /// `nil`. Writes a terminating zero after the cell temporarily; the byte is restored.
  static func float(_ line: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Float? {
    guard !range.isEmpty, let base = line.baseAddress else { return nil }
    let endPointer = base + range.upperBound
    let saved = endPointer.pointee
    endPointer.pointee = 0
    defer { endPointer.pointee = saved }
    var parsedEnd: UnsafeMutablePointer<CChar>?
    let start = UnsafeMutableRawPointer(base + range.lowerBound).assumingMemoryBound(to: CChar.self)
    let value = strtof(start, &parsedEnd)
    let consumed = parsedEnd.map { start.distance(to: $0) } ?? 0
    guard consumed == range.count else { return nil }
    return value
  }

  /// The cell as a string, without surrounding double quotes.
  static func text(_ line: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    var r = range
    if r.count >= 2 && line[r.lowerBound] == 0x22 && line[r.upperBound - 1] == 0x22 {
      r = (r.lowerBound + 1)..<(r.upperBound - 1)
    }
    return String(decoding: UnsafeBufferPointer(rebasing: line[r]), as: UTF8.self)
  }

  /// The cell quoted for an error message, shortened to 40 characters.
  static func quoted(_ line: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    let s = String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
    return "\"" + (s.count > 40 ? String(s.prefix(40)) + "…" : s) + "\""
  }
}
