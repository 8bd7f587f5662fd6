import ArgumentParser
import Foundation
import GraphData

/// `graphkd convert geom-gcn geom-gcn/texas`.
struct ConvertGeomGCN: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "geom-gcn",
    abstract: "Convert a graph folder as the Geom-GCN authors distribute it (WebKB, Actor) with its ten splits.",
    discussion: """
      Reads out1_node_feature_label.txt (dense features, or active-feature index lists), \
      out1_graph_edges.txt and the <name>_split_0.6_0.2_<i>.npz masks, stored as splits \
      geom_gcn_<i>. Node i is node_id i; edges are added in both directions unless --directed. \
      The real files' quirks (a declared feature count one short, repeated indices, 48/32/20 splits) \
      are handled and reported.
      """
  )

  @Argument(help: "The graph's folder (e.g. geom-gcn/film).")
  var directory: String

  @Flag(help: "Keep the edges as listed.")
  var directed = false

  @OptionGroup var output: ConvertOutputOptions

  var stem: String { URL(fileURLWithPath: directory).lastPathComponent }

  func validate() throws { try output.validate(defaultStem: stem) }

  func run() throws {
    try output.convert(
      GeomGCNImporter(directory: URL(fileURLWithPath: directory), directed: directed), defaultStem: stem)
  }
}
