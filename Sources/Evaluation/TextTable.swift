/// A Markdown table with aligned columns: what `graphkd` prints and what ``CostTable`` renders.
///
/// ```swift
/// var table = TextTable(headers: ["model", "accuracy %"])
/// table.append(["teacher", NumberFormat.fixed(83.94, 1)])
/// print(table.rendered)  // | model   | accuracy % | …
/// ```
public struct TextTable: Sendable {
  /// Column titles.
  public var headers: [String]
  /// Rows of cells (a short row is padded with empty cells).
  public var rows: [[String]]

  /// Creates a table.
  public init(headers: [String], rows: [[String]] = []) {
    self.headers = headers
    self.rows = rows
  }

  /// Adds a row.
  public mutating func append(_ row: [String]) { rows.append(row) }

  /// The table in Markdown, every column as wide as its widest cell.
  public var rendered: String {
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
