import ArgumentParser
import Foundation
import GraphData

/// `graphkd convert npz FILE.npz`.
struct ConvertNPZ: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "npz",
    abstract: "Convert a NumPy .npz graph in CSR layout (gnn-benchmark / Planetoid exports).",
    discussion: """
      Keys: adj_indptr, adj_indices, adj_shape (required), adj_data; attr_indptr, attr_indices, \
      attr_data, attr_shape (sparse features) or attr_matrix (dense); labels; class_names, node_names; \
      idx_train, idx_val, idx_test (stored as split 'public'). Stored and deflate-compressed archives, \
      any byte order. Example: graphkd convert npz cora_planetoid.npz --name cora -o data/cora.h5
      """
  )

  @Argument(help: "The .npz file.")
  var input: String

  @OptionGroup var output: ConvertOutputOptions

  func validate() throws { try output.validate(defaultStem: fileStem(input)) }

  func run() throws {
    try output.convert(NPZImporter(url: URL(fileURLWithPath: input)), defaultStem: fileStem(input))
  }
}
