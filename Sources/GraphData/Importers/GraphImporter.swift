/// Something that turns files in a foreign format into a ``Graph``.
///
/// One importer per format, one file each, each exposed as a `graphkd convert <format>`
/// subcommand: ``NPZImporter``, ``CSVImporter``, ``LINQSImporter``, ``OGBImporter``,
/// ``InteractionsImporter``. An importer validates everything it reads and throws a
/// ``GraphDataError`` naming the file, the field or line, what it expected and what it found.
///
/// ```swift
/// let graph = try NPZImporter(url: URL(fileURLWithPath: "cora.npz"), name: "cora").importGraph { print($0) }
/// try HDF5GraphStore.write(graph, to: URL(fileURLWithPath: "cora.h5"))
/// ```
public protocol GraphImporter {
  /// Reads the source and builds the graph.
  /// - Parameter note: receives remarks worth telling the user that are not errors (duplicate
  ///   edges merged, keys ignored, citations to unknown papers dropped).
  func importGraph(note: (String) -> Void) throws -> Graph
}

extension GraphImporter {
  /// Reads the source and builds the graph, discarding remarks.
  public func importGraph() throws -> Graph { try importGraph { _ in } }
}
