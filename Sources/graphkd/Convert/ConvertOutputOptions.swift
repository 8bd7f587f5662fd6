import ArgumentParser
import Foundation
import GraphData

/// Options every `convert` subcommand shares: where to write, whether to overwrite, the graph's
/// name and the compression of the HDF5 datasets.
struct ConvertOutputOptions: ParsableArguments {
  @Option(name: [.short, .long], help: "The HDF5 file to write (default: <input name>.h5 in the current directory).")
  var output: String?

  @Flag(help: "Replace the output file if it exists.")
  var force = false

  @Option(help: "The graph's name stored in the file (default: from the input's name).")
  var name: String?

  @Option(help: "Deflate level 1-9 for the datasets, or 0 to store them uncompressed (fastest to load).")
  var compressionLevel = 4

  /// Checks the options that do not depend on the input; `defaultStem` names the default output.
  func validate(defaultStem: String) throws {
    guard (0...9).contains(compressionLevel) else {
      throw ValidationError("--compression-level must be between 0 (none) and 9; try --compression-level 4.")
    }
    let url = outputURL(defaultStem: defaultStem)
    if FileManager.default.fileExists(atPath: url.path) && !force {
      throw ValidationError(
        "\(url.relativePath) already exists; pass --force to replace it, or choose another file with --output.")
    }
  }

  /// The output path.
  func outputURL(defaultStem: String) -> URL {
    URL(fileURLWithPath: output ?? "\(defaultStem).h5")
  }

  /// Imports with `importer`, writes the file atomically and prints a one-line summary; notes
  /// go to standard error.
  func convert(_ importer: some GraphImporter, defaultStem: String) throws {
    let url = outputURL(defaultStem: defaultStem)
    // Fail before the (possibly long) import when the output cannot be written.
    if FileManager.default.fileExists(atPath: url.path) && !force {
      throw GraphDataError(
        .outputExists, file: url.relativePath, location: .file,
        expected: "no existing output file (pass --force to replace it)", actual: "an existing file")
    }
    var graph = try importer.importGraph { note in
      FileHandle.standardError.write(Data("note: \(note)\n".utf8))
    }
    if let name { graph.name = name }
    try HDF5GraphStore.write(
      graph, to: url, overwrite: force,
      options: .init(compressionLevel: compressionLevel == 0 ? nil : compressionLevel))
    print("wrote \(url.relativePath): \(GraphText.headline(GraphSummary(graph)))")
  }
}

/// The file name without directories and extensions (`cora` for `../data/cora.npz`).
func fileStem(_ path: String) -> String {
  let last = URL(fileURLWithPath: path).lastPathComponent
  for suffix in [".csv.gz", ".tsv.gz"] where last.hasSuffix(suffix) { return String(last.dropLast(suffix.count)) }
  return URL(fileURLWithPath: last).deletingPathExtension().lastPathComponent
}
