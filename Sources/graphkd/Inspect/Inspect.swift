import ArgumentParser
import Foundation
import GraphData

/// `graphkd inspect FILE.h5 [--json]`.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print a GraphKD HDF5 file's statistics: size, edges, degrees, features, classes, splits, soft labels.",
    discussion: """
      The file is read and validated in full. --json prints the same statistics as a JSON object \
      (the GraphSummary type) for scripts.
      """
  )

  @Argument(help: "The GraphKD HDF5 file.")
  var file: String

  @Flag(help: "Print JSON instead of text.")
  var json = false

  func run() throws {
    let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: file))
    let summary = GraphSummary(graph)
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    } else {
      print(GraphText.report(summary, file: file))
    }
  }
}
