import Foundation
import Tensors

/// A model's predictions for a set of nodes, written as a file another program reads: HDF5,
/// NumPy `.npy` or CSV, chosen by the output's extension, always through a temporary file and a
/// rename.
///
/// - `.h5`: `/nodes` (int64), `/predicted` (int64), `/probabilities` (float32 `[n, C]`), and
///   `/class_names`, `/node_names` when known; root attributes `format = "graphkd-predictions"`,
///   `format_version = 1`.
/// - `.npy`: the probabilities alone, float32 `[n, C]`, rows in the order of ``nodes``.
/// - `.csv`: a header, then one row per node: `node`, `name` (when known), `predicted`,
///   `predicted_class` (when known), and one probability column per class (`p_<class>`).
///
/// ```swift
/// let table = NodePredictionTable(nodes: [0, 1], probabilities: p, predicted: [3, 1])
/// try table.write(to: URL(fileURLWithPath: "predictions.csv"), overwrite: true)
/// ```
public struct NodePredictionTable: Sendable {
  /// The nodes predicted, as indices into the graph.
  public var nodes: [Int]
  /// `[nodes.count, C]` class probabilities.
  public var probabilities: Tensor
  /// The predicted class of each node.
  public var predicted: [Int]
  /// Class names in class-id order, when known.
  public var classNames: [String]?
  /// The nodes' names (one per entry of ``nodes``), when the graph has them.
  public var nodeNames: [String]?

  /// The extensions ``write(to:overwrite:)`` understands.
  public static let extensions = ["h5", "npy", "csv"]

  /// Creates a table.
  public init(
    nodes: [Int], probabilities: Tensor, predicted: [Int], classNames: [String]? = nil, nodeNames: [String]? = nil
  ) {
    self.nodes = nodes
    self.probabilities = probabilities
    self.predicted = predicted
    self.classNames = classNames
    self.nodeNames = nodeNames
  }

  /// Writes the table in the format of `url`'s extension (`.h5`, `.npy` or `.csv`).
  /// - Throws: ``GraphDataError`` for another extension, an existing output without
  ///   `overwrite`, a missing directory or a failed write.
  public func write(to url: URL, overwrite: Bool = false) throws {
    let display = AtomicFile.displayName(url)
    let ext = url.pathExtension.lowercased()
    guard Self.extensions.contains(ext) else {
      throw GraphDataError(
        .value, file: display, location: .file, expected: "an output ending in .h5, .npy or .csv",
        actual: ext.isEmpty ? "no extension" : "'.\(ext)'")
    }
    try AtomicFile.write(to: url, overwrite: overwrite) { temporary in
      switch ext {
      case "h5":
        try HDF5GraphStore.writing(url) {
          let file = try HDF5File.create(at: temporary.path)
          let root = try file.root()
          try root.setAttribute("format", string: "graphkd-predictions")
          try root.setAttribute("format_version", integer: 1)
          try root.createDataset("nodes", values: nodes, layout: .contiguous)
          try root.createDataset("predicted", values: predicted, layout: .contiguous)
          try probabilities.withUnsafeBufferPointer {
            _ = try root.createDataset("probabilities", shape: probabilities.shape, values: $0, layout: .contiguous)
          }
          if let classNames { try root.createStringDataset("class_names", values: classNames, layout: .contiguous) }
          if let nodeNames { try root.createStringDataset("node_names", values: nodeNames, layout: .contiguous) }
          try file.close()
        }
      case "npy":
        let payload = probabilities.withUnsafeBufferPointer { Data(buffer: $0) }
        try save(NumPyArchiveWriter.npyFile(descr: "<f4", shape: probabilities.shape, payload: payload), temporary)
      default:
        try save(Data(csv.utf8), temporary)
      }
    }
  }

  /// The CSV text.
  public var csv: String {
    let c = probabilities.columnCount
    var header = ["node"]
    if nodeNames != nil { header.append("name") }
    header.append("predicted")
    if classNames != nil { header.append("predicted_class") }
    header += (0..<c).map { "p_" + (classNames?[$0] ?? "\($0)") }
    var lines = [header.map(Self.cell).joined(separator: ",")]
    lines.reserveCapacity(nodes.count + 1)
    probabilities.withUnsafeBufferPointer { p in
      for (r, node) in nodes.enumerated() {
        var row = ["\(node)"]
        if let nodeNames { row.append(Self.cell(nodeNames[r])) }
        row.append("\(predicted[r])")
        if let classNames { row.append(Self.cell(classNames[predicted[r]])) }
        for j in 0..<c { row.append("\(p[r * c + j])") }
        lines.append(row.joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A CSV cell, quoted when it holds a comma, quote or line break.
  static func cell(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private func save(_ data: Data, _ url: URL) throws {
    do {
      try data.write(to: url)
    } catch {
      throw GraphDataError(
        .io, file: AtomicFile.displayName(url), location: .file, expected: "a writable output",
        actual: error.localizedDescription)
    }
  }
}
