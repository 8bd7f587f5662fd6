import ArgumentParser
import Foundation
import GraphData

extension CSVHeader: ExpressibleByArgument {}
extension NodeIdentifiers: ExpressibleByArgument {}

/// `graphkd convert csv EDGES.csv [--features F] [--labels L]`.
struct ConvertCSV: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "csv",
    abstract: "Convert an edge list (CSV/TSV) with optional features and labels.",
    discussion: """
      EDGES: one 'source,target[,weight]' per line; comma, tab or space separated; '#' comments; .gz \
      accepted. Undirected unless --directed (each edge is added both ways).

      Node ids (--ids): dense 0-based integers are node indices; any other ids (names, keys, large or \
      negative integers) are numbered 0..<N — integers in ascending order, names in order of first \
      appearance (edges, feature rows, labels) — and kept as /node_names. --ids integer insists on \
      indices, --ids string reads every id as a name.

      --features: with index ids, one row of numbers per node (CSV/TSV) or a 2-D .npy array; with \
      mapped ids, a CSV/TSV whose first column is the node id. --labels: 'node,label' lines; string \
      labels become class names; a labelled id no edge names becomes an isolated node (reported).
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

  @Option(help: "Node ids: auto (indices when dense 0-based integers, else mapped), integer or string.")
  var ids = NodeIdentifiers.auto

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
    importer.ids = ids
    try output.convert(importer, defaultStem: fileStem(edges))
  }
}
