import Foundation
import GraphData
import GraphKD

/// A reader under fuzzing, fed one input at a time. Readers of several files (an edge list with
/// its features and labels, LINQS, an OGB folder) take one input split at `separator` lines.
enum FuzzTarget: String, CaseIterable {
  case npy, npz, hdf5Graph = "hdf5-graph", hdf5Model = "hdf5-model", csv, linqs, ogb, interactions
  case usersDat = "users-dat", json

  /// The line that separates the files of a multi-file input.
  static let separator = Data("\n===\n".utf8)

  /// The target named by `GRAPHKD_FUZZ_TARGET`.
  static let current: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["GRAPHKD_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      FileHandle.standardError.write(
        Data("GRAPHKD_FUZZ_TARGET must be one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
      exit(2)
    }
    return target
  }()

  /// A private scratch directory for the input's files.
  static let directory: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "graphkd-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  /// Runs one input; thrown errors are the readers' answer to bad input and are ignored.
  func run(_ data: Data) {
    let dir = Self.directory
    func file(_ name: String, _ bytes: Data) -> URL {
      let url = dir.appendingPathComponent(name)
      try? bytes.write(to: url)
      return url
    }
    let parts = Self.split(data)
    func part(_ i: Int) -> Data { i < parts.count ? parts[i] : Data() }
    switch self {
    case .npy:
      var csv = CSVImporter(edges: file("edges.csv", Data("0,1\n".utf8)), features: file("x.npy", data))
      csv.ids = .integer
      _ = try? csv.importGraph()
    case .npz:
      _ = try? NPZImporter(url: file("g.npz", data)).importGraph()
    case .hdf5Graph:
      _ = try? HDF5GraphStore.read(from: file("g.h5", data))
    case .hdf5Model:
      _ = try? HDF5ModelStore.read(from: file("m.h5", data))
    case .csv:
      let csv = CSVImporter(
        edges: file("edges.csv", part(0)), features: parts.count > 1 ? file("features.csv", part(1)) : nil,
        labels: parts.count > 2 ? file("labels.csv", part(2)) : nil)
      _ = try? csv.importGraph()
    case .linqs:
      _ = try? LINQSImporter(content: file("g.content", part(0)), cites: file("g.cites", part(1))).importGraph()
    case .ogb:
      let raw = dir.appendingPathComponent("ogb/raw")
      try? FileManager.default.removeItem(at: dir.appendingPathComponent("ogb"))
      try? FileManager.default.createDirectory(at: raw, withIntermediateDirectories: true)
      for (i, name) in ["edge.csv", "num-node-list.csv", "node-feat.csv", "node-label.csv"].enumerated()
      where i < parts.count {
        try? parts[i].write(to: raw.appendingPathComponent(name))
      }
      _ = try? OGBImporter(directory: dir.appendingPathComponent("ogb")).importGraph()
    case .interactions:
      let held = parts.count > 1 ? [("test", file("test.tsv", part(1)))] : []
      _ = try? InteractionsImporter(source: .pairs(observed: file("train.tsv", part(0)), heldOut: held))
        .importGraph()
    case .usersDat:
      _ = try? InteractionsImporter(source: .userLists(file("users.dat", data))).importGraph()
    case .json:
      _ = try? JSONDecoder().decode(PipelineConfiguration.self, from: data)
    }
  }

  /// The files of a multi-file input.
  static func split(_ data: Data) -> [Data] {
    var parts: [Data] = []
    var rest = data[...]
    while let r = rest.range(of: separator) {
      parts.append(Data(rest[..<r.lowerBound]))
      rest = rest[r.upperBound...]
    }
    parts.append(Data(rest))
    return parts
  }
}
