import ArgumentParser
import Foundation
import GraphData

/// `graphkd convert ogb DATASET_DIR`.
struct ConvertOGB: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ogb",
    abstract: "Convert an OGB node-property dataset folder (raw/*.csv.gz, split/<name>/*.csv.gz).",
    discussion: """
      Reads raw/edge.csv.gz, raw/num-node-list.csv.gz, raw/node-feat.csv.gz, raw/node-label.csv.gz, \
      split/<name>/{train,valid,test}.csv.gz and mapping/ names, as downloaded by the OGB loaders. \
      Example: graphkd convert ogb dataset/ogbn_arxiv --symmetrize -o arxiv.h5
      """
  )

  @Argument(help: "The dataset folder (containing raw/ and split/).")
  var directory: String

  @Flag(help: "Add the reverse of every edge (an undirected graph).")
  var symmetrize = false

  @OptionGroup var output: ConvertOutputOptions

  var stem: String { URL(fileURLWithPath: directory).standardized.lastPathComponent }

  func validate() throws { try output.validate(defaultStem: stem) }

  func run() throws {
    try output.convert(
      OGBImporter(directory: URL(fileURLWithPath: directory), symmetrize: symmetrize), defaultStem: stem)
  }
}
