import ArgumentParser
import Foundation
import GraphData

extension CSVHeader: ExpressibleByArgument {}

/// `graphkd convert csv EDGES.csv [--features F] [--labels L]`.
struct ConvertCSV: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "csv",
    abstract: "Convert an edge list (CSV/TSV) with optional features and labels.",
    discussion: """
      EDGES: one 'source,target[,weight]' per line, 0-based integer node ids; comma, tab or space \
      separated; '#' comments; .gz accepted. Undirected unless --directed (each edge is added both ways). \
      --features: one row of numbers per node (CSV/TSV) or a 2-D .npy array. --labels: 'node,label' \
      lines; string labels become class names.
      """
  )

  @Argument(help: "The edge list file.")
  var edges: String

  @Option(help: "Node features: a CSV/TSV with one row per node, or a .npy matrix.")
  var features: String?

  @Option(help: "Node labels: a CSV/TSV of 'node,label' lines.")
  var labels: String?

  @Flag(help: "Keep edges as listed instead of adding the reverse of each.")
  var directed = false

  @Flag(help: "Read a third column as the edge weight.")
  var weighted = false

  @Option(help: "Whether the files start with a header row: auto, present or absent.")
  var header = CSVHeader.auto

  @Option(help: "The number of nodes (default: the largest id + 1 or the number of feature rows).")
  var nodes: Int?

  @OptionGroup var output: ConvertOutputOptions

  func validate() throws {
    if let nodes, nodes < 0 { throw ValidationError("--nodes must be ≥ 0.") }
    try output.validate(defaultStem: fileStem(edges))
  }

  func run() throws {
    var importer = CSVImporter(
      edges: URL(fileURLWithPath: edges), features: features.map { URL(fileURLWithPath: $0) },
      labels: labels.map { URL(fileURLWithPath: $0) })
    importer.directed = directed
    importer.weighted = weighted
    importer.header = header
    importer.nodeCount = nodes
    try output.convert(importer, defaultStem: fileStem(edges))
  }
}
