import ArgumentParser
import Foundation
import GraphData

/// `graphkd convert linqs cora.content cora.cites`.
struct ConvertLINQS: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "linqs",
    abstract: "Convert a LINQS citation graph (Cora/CiteSeer .content + .cites, or PubMed .tab files).",
    discussion: """
      Nodes follow the content file's order; paper ids become node names and the sorted class names \
      classes 0..<C. Citations are added in both directions unless --directed. Citations naming \
      papers missing from the content file are dropped with a note.
      """
  )

  @Argument(help: "The .content file (or PubMed's .NODE.paper.tab).")
  var content: String

  @Argument(help: "The .cites file (or PubMed's .DIRECTED.cites.tab).")
  var cites: String

  @Flag(help: "Keep citing → cited edges only.")
  var directed = false

  @OptionGroup var output: ConvertOutputOptions

  var stem: String {
    URL(fileURLWithPath: content).lastPathComponent.split(separator: ".").first.map(String.init) ?? "graph"
  }

  func validate() throws { try output.validate(defaultStem: stem) }

  func run() throws {
    let importer = LINQSImporter(
      content: URL(fileURLWithPath: content), cites: URL(fileURLWithPath: cites), directed: directed)
    try output.convert(importer, defaultStem: stem)
  }
}
