import Foundation
import Tensors

/// Reads and writes ``Graph``s as HDF5 files in GraphKD's schema, version 1
/// (`docs/hdf5-schema.md`).
///
/// - Reading checks `format = "graphkd"` and `format_version = 1`, every shape and every index
///   range, and throws a ``GraphDataError`` naming the file, the HDF5 path and what was expected.
///   Arrays are read whole with one `H5Dread` each into preallocated Swift arrays.
/// - Writing goes to `<output>.tmp-<random>` and is renamed into place only when complete; an
///   existing output is replaced only with `overwrite: true`.
/// - ``appendSoftLabels(_:named:to:replacing:options:)`` and ``writeSplits(_:to:replacing:options:)`` change an
///   existing file crash-safely: they copy it, add the new group to the copy and rename the copy
///   over the original, so a crash leaves the original untouched and other datasets are copied
///   byte for byte.
///
/// Files open in h5py and give the same arrays:
///
/// ```swift
/// let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: "data/cora.h5"))
/// try HDF5GraphStore.write(graph, to: URL(fileURLWithPath: "/tmp/copy.h5"), overwrite: true)
/// ```
/// ```python
/// import h5py; f = h5py.File("/tmp/copy.h5"); f["graph/indptr"][:]
/// ```
public enum HDF5GraphStore {
  /// Storage options for written files.
  public struct WriteOptions: Sendable, Equatable {
    /// The deflate level (1…9) for numeric datasets, which are then chunked (≈ 1 MiB chunks) and
    /// byte-shuffled; `nil` stores them contiguously and uncompressed (fastest to load, largest).
    public var compressionLevel: Int?

    /// Options with the given deflate level (default 4).
    public init(compressionLevel: Int? = 4) {
      self.compressionLevel = compressionLevel
    }

    var layout: HDF5DatasetLayout {
      compressionLevel.map { .deflate(level: min(max($0, 1), 9)) } ?? .contiguous
    }
  }

  /// Reads the graph stored at `url`.
  /// - Throws: ``GraphDataError`` for a missing or corrupt file, a file of another format or
  ///   `format_version`, or any field that breaks the schema.
  public static func read(from url: URL) throws -> Graph {
    let file = try HDF5GraphReader.open(url)
    let reader = HDF5GraphReader(url: url, root: try rootGroup(file, url))
    let graph = try reader.readGraph(defaultName: url.deletingPathExtension().lastPathComponent)
    try closeAfterReading(file, url)
    return graph
  }

  /// Writes `graph` to `url` atomically.
  /// - Parameter overwrite: replace an existing file; otherwise an existing file is an error
  ///   raised before anything is written.
  public static func write(_ graph: Graph, to url: URL, overwrite: Bool = false, options: WriteOptions = .init())
    throws
  {
    try AtomicFile.write(to: url, overwrite: overwrite) { temporary in
      try writing(url) {
        let file = try HDF5File.create(at: temporary.path)
        try HDF5GraphWriter(root: try file.root(), layout: options.layout).write(graph)
        try file.close()
      }
    }
  }

  /// Adds soft-label run `name` to the existing file at `url` as `/soft_labels/<name>`,
  /// leaving every other dataset untouched.
  ///
  /// The file is checked first (format, version, node count): the run must have one row per
  /// node. The change is crash-safe (copy, modify the copy, rename).
  /// - Parameter replacing: replace an existing run of that name; otherwise it is an error.
  public static func appendSoftLabels(
    _ run: SoftLabelRun, named name: String, to url: URL, replacing: Bool = false,
    options: WriteOptions = .init()
  ) throws {
    try appendSoftLabels([name: run], to: url, replacing: replacing, options: options)
  }

  /// Adds several soft-label runs (keyed by name) to the existing file at `url` in one
  /// crash-safe rewrite, like ``appendSoftLabels(_:named:to:replacing:options:)`` for each.
  public static func appendSoftLabels(
    _ runs: [String: SoftLabelRun], to url: URL, replacing: Bool = false, options: WriteOptions = .init()
  ) throws {
    let display = AtomicFile.displayName(url)
    let n = try nodeCount(of: url)
    for (name, run) in runs {
      try GraphDataError.attributing(to: display) { try GraphSchema.checkName(name, field: "soft_labels") }
      try Graph.checkSoftLabels(run, named: name, nodeCount: n, file: display)
    }
    let ordered = runs.sorted { $0.key < $1.key }
    try modify(url, group: "soft_labels", members: ordered.map(\.key), replacing: replacing) { parent in
      for (name, run) in ordered {
        try HDF5GraphWriter.writeSoftLabels(run, named: name, in: parent, layout: options.layout)
      }
    }
  }

  /// Adds (or with `replacing`, replaces) the named splits in the existing file at `url` as
  /// `/splits/<name>`, leaving every other dataset untouched. Crash-safe like
  /// ``appendSoftLabels(_:named:to:replacing:options:)``.
  public static func writeSplits(
    _ splits: [String: Split], to url: URL, replacing: Bool = false, options: WriteOptions = .init()
  ) throws {
    let display = AtomicFile.displayName(url)
    let n = try nodeCount(of: url)
    for (name, split) in splits {
      try GraphDataError.attributing(to: display) { try GraphSchema.checkName(name, field: "splits") }
      try Graph.checkSplit(split, named: name, nodeCount: n, file: display, fieldPrefix: "/splits/\(name)")
    }
    let ordered = splits.sorted { $0.key < $1.key }
    try modify(url, group: "splits", members: ordered.map(\.key), replacing: replacing) { parent in
      for (name, split) in ordered {
        try HDF5GraphWriter.writeSplit(split, named: name, in: parent, layout: options.layout)
      }
    }
  }

  /// The node count of the file at `url`, after checking its format and version, without
  /// reading any array.
  public static func nodeCount(of url: URL) throws -> Int {
    let file = try HDF5GraphReader.open(url)
    let reader = HDF5GraphReader(url: url, root: try rootGroup(file, url))
    try reader.checkFormat()
    let n = try reader.nodeCount()
    try closeAfterReading(file, url)
    return n
  }

  // MARK: Helpers

  static func modify(
    _ url: URL, group: String, members: [String], replacing: Bool, add: (HDF5Group) throws -> Void
  ) throws {
    let display = AtomicFile.displayName(url)
    try AtomicFile.modify(url) { temporary in
      try writing(url) {
        let file = try HDF5File.open(at: temporary.path, writable: true)
        let parent = try file.root().openOrCreateGroup(group)
        for member in members { try replaceMember(member, of: parent, replacing: replacing, file: display) }
        try add(parent)
        try file.close()
      }
    }
  }

  static func replaceMember(_ name: String, of parent: HDF5Group, replacing: Bool, file: String) throws {
    guard try parent.child(name) != nil else { return }
    guard replacing else {
      throw GraphDataError(
        .outputExists, file: file, location: .field(parent.childPath(name)),
        expected: "no existing '\(parent.childPath(name))' (pass --force to replace it)", actual: "an existing group")
    }
    try parent.removeChild(name)
  }

  static func rootGroup(_ file: HDF5File, _ url: URL) throws -> HDF5Group {
    do {
      return try file.root()
    } catch let error as HDF5Error {
      throw GraphDataError(
        .corruptFile, file: AtomicFile.displayName(url), location: .field("/"), expected: "a readable root group",
        actual: error.message)
    }
  }

  static func closeAfterReading(_ file: HDF5File, _ url: URL) throws {
    do {
      try file.close()
    } catch let error as HDF5Error {
      throw GraphDataError(
        .corruptFile, file: AtomicFile.displayName(url), location: .file, expected: "a cleanly closing HDF5 file",
        actual: error.message)
    }
  }

  /// Turns HDF5 failures while writing `url` into ``GraphDataError``s naming it.
  static func writing(_ url: URL, _ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as HDF5Error {
      throw GraphDataError(
        .io, file: AtomicFile.displayName(url), location: .file,
        expected: "a successful HDF5 write (\(error.operation))",
        actual: error.message)
    }
  }
}
