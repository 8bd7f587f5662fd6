import Foundation

/// A Markdown table of ``CostReport``s, one row per model, with the speed-up of each model's
/// smallest request over the reference row (the first, typically the teacher).
///
/// Columns: model, architecture, parameters, MACs per node, peak resident MB during full-graph
/// inference (process total) and the MB the pass added, full-graph latency, per-request latency
/// for each batch size of the reference row (median / p90 in milliseconds, with the mean number of
/// nodes gathered per request), the speed-up, and test accuracy when known.
///
/// ```swift
/// let table = CostTable(reports: [teacherReport, gcnStudentReport, mlpStudentReport])
/// print(table.markdown)
/// ```
public struct CostTable: Sendable {
  /// The rows, reference first.
  public var reports: [CostReport]

  /// Creates a table; `reports[0]` is the reference for the speed-up column.
  public init(reports: [CostReport]) { self.reports = reports }

  /// The batch sizes shown: those of the reference row.
  public var batchSizes: [Int] { reports.first?.requestLatencies.map(\.batchSize) ?? [] }

  /// The smallest request's median latency of the reference divided by each row's (`nil` where
  /// either is missing).
  public var requestSpeedups: [Double?] {
    guard let reference = reports.first, let size = batchSizes.min(),
      let base = reference.requestLatency(batchSize: size)?.latency.medianSeconds
    else { return reports.map { _ in nil } }
    return reports.map { report in
      report.requestLatency(batchSize: size).map { base / $0.latency.medianSeconds }
    }
  }

  /// Column titles.
  public var headers: [String] {
    var h = [
      "model", "architecture", "parameters", "MACs / node", "peak MB", "inference +MB", "full graph ms (p90)",
    ]
    for size in batchSizes { h.append("request ×\(size) ms (p90)") }
    for size in batchSizes { h.append("nodes gathered ×\(size)") }
    if let size = batchSizes.min() { h.append("speed-up ×\(size)") }
    h.append("test acc %")
    return h
  }

  /// One row of cells per report.
  public var rows: [[String]] {
    let speedups = requestSpeedups
    return reports.enumerated().map { i, r in
      let c = r.configuration
      let widths = c.hiddenDimensions.map(String.init).joined(separator: "-")
      var cells = [
        r.name, c.architecture.rawValue + (widths.isEmpty ? "" : " " + widths), Self.grouped(r.parameterCount),
        Self.grouped(Int(r.multiplyAccumulatesPerNode.rounded())),
        Self.fixed(Double(r.memory.peakResidentBytes) / 1e6, 0),
        Self.fixed(Double(r.memory.incrementBytes) / 1e6, 1), Self.milliseconds(r.fullGraphLatency),
      ]
      for size in batchSizes {
        cells.append(r.requestLatency(batchSize: size).map { Self.milliseconds($0.latency) } ?? "")
      }
      for size in batchSizes {
        cells.append(r.requestLatency(batchSize: size).map { Self.fixed($0.meanSubgraphNodes, 1) } ?? "")
      }
      if !batchSizes.isEmpty { cells.append(speedups[i].map { Self.fixed($0, 1) + "×" } ?? "") }
      cells.append(r.testAccuracy.map { Self.fixed($0 * 100, 1) } ?? "")
      return cells
    }
  }

  /// The table in Markdown with aligned columns.
  public var markdown: String { TextTable(headers: headers, rows: rows).rendered }

  private static func milliseconds(_ s: LatencySummary) -> String {
    "\(fixed(s.medianSeconds * 1e3, 3)) (\(fixed(s.p90Seconds * 1e3, 3)))"
  }

  private static func fixed(_ x: Double, _ decimals: Int) -> String { NumberFormat.fixed(x, decimals) }

  private static func grouped(_ x: Int) -> String { NumberFormat.grouped(x) }
}
