import ArgumentParser

/// `graphkd convert <format>`: import a graph from a foreign format into GraphKD's HDF5 schema.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert a graph from .npz, CSV, LINQS, OGB or interaction files to GraphKD HDF5.",
    discussion: """
      Every importer validates what it reads and stops at the first problem with the file, the field \
      or line, what it expected and what it found. The output is written to a temporary file and \
      renamed into place only when complete; an existing output is replaced only with --force.
      """,
    subcommands: [
      ConvertNPZ.self, ConvertCSV.self, ConvertLINQS.self, ConvertOGB.self, ConvertInteractions.self,
      ConvertGeomGCN.self,
    ]
  )
}
