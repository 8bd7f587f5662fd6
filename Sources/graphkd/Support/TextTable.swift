/// A Markdown table printed with aligned columns.
struct TextTable {
  var headers: [String]
  var rows: [[String]] = []

  init(headers: [String]) { self.headers = headers }

  mutating func append(_ row: [String]) { rows.append(row) }

  var rendered: String {
    let widths = headers.indices.map { c in
      ([headers[c]] + rows.map { c < $0.count ? $0[c] : "" }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      "| "
        + headers.indices.map { c in
          let s = c < cells.count ? cells[c] : ""
          return s + String(repeating: " ", count: widths[c] - s.count)
        }.joined(separator: " | ") + " |"
    }
    let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
    return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
  }
}

/// Formats a number with a fixed count of decimals.
func fixed(_ x: Double, _ decimals: Int = 2) -> String {
  guard x.isFinite else { return "\(x)" }
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let r = (x * scale).rounded() / scale
  var s = "\(r)"
  if let dot = s.firstIndex(of: ".") {
    let have = s.distance(from: dot, to: s.endIndex) - 1
    if have < decimals { s += String(repeating: "0", count: decimals - have) }
    if decimals == 0 { s = String(s[..<dot]) }
  }
  return s
}
