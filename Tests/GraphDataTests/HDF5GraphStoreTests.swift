import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("HDF5GraphStore")
struct HDF5GraphStoreTests {
  @Test(arguments: [4, nil] as [Int?])
  func writeThenReadGivesTheSameGraph(compression: Int?) throws {
    let dir = try TemporaryDirectory()
    let graph = try SampleGraphs.complete()
    let url = dir.file("sample.h5")
    try HDF5GraphStore.write(graph, to: url, options: .init(compressionLevel: compression))
    let back = try HDF5GraphStore.read(from: url)
    #expect(back == graph)
    #expect(try dir.contents() == ["sample.h5"])
  }

  @Test func sparseFeaturesAndInteractionsRoundTrip() throws {
    let dir = try TemporaryDirectory()
    let observed = try CSRMatrix(rowCount: 2, columnCount: 3, rows: [0, 0, 1], columns: [0, 2, 1])
    let test = try CSRMatrix(rowCount: 2, columnCount: 3, rows: [1], columns: [2])
    let interactions = try Interactions(observed: observed, heldOut: ["test": test])
    let features = try CSRMatrix(
      rowCount: 5, columnCount: 4, rows: [0, 3, 4], columns: [1, 0, 3], values: [1, 0.5, 2])
    let adjacency = try CSRMatrix(rowCount: 5, columnCount: 5, rows: [0, 2, 1], columns: [2, 0, 1])
    let graph = try Graph(
      name: "bipartite-ish", isDirected: true, adjacency: adjacency, features: .sparse(features),
      interactions: interactions)
    let url = dir.file("g.h5")
    try HDF5GraphStore.write(graph, to: url)
    #expect(try HDF5GraphStore.read(from: url) == graph)
  }

  @Test func anExistingOutputIsKeptWithoutOverwrite() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("g.h5")
    try TestFiles.write("precious", to: url)
    let error = expectGraphDataError(.outputExists) {
      try HDF5GraphStore.write(try SampleGraphs.complete(), to: url)
    }
    #expect(error?.description.contains("pass --force") == true)
    #expect(try String(contentsOf: url, encoding: .utf8) == "precious")
    #expect(try dir.contents() == ["g.h5"])
    try HDF5GraphStore.write(try SampleGraphs.complete(), to: url, overwrite: true)
    #expect(try HDF5GraphStore.read(from: url).name == "sample")
  }

  @Test func aFailedWriteLeavesNoTemporaryFile() throws {
    let dir = try TemporaryDirectory()
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try AtomicFile.write(to: dir.file("out.h5"), overwrite: false) { temporary in
        try TestFiles.write("half", to: temporary)
        throw Boom()
      }
    }
    #expect(try dir.contents().isEmpty)
  }

  @Test func appendSoftLabelsAddsOneGroupAndKeepsEverythingElse() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("g.h5")
    var graph = try SampleGraphs.complete()
    try HDF5GraphStore.write(graph, to: url)
    let probs = try Tensor(shape: [5, 2], scalars: [1, 0, 0, 1, 0.5, 0.5, 0.3, 0.7, 0.6, 0.4])
    let run = SoftLabelRun(
      probabilities: probs, method: "self-kd/ema", temperature: 1.5, seed: UInt64.max, configJSON: "{}",
      created: "2025-02-01T00:00:00Z", metrics: ["validation_accuracy": 0.816, "calibration_error": 0.03])
    try HDF5GraphStore.appendSoftLabels(run, named: "ema", to: url)
    #expect(try HDF5GraphStore.read(from: url).softLabels["ema"]?.metrics["validation_accuracy"] == 0.816)
    try graph.setSoftLabels(run, named: "ema")
    #expect(try HDF5GraphStore.read(from: url) == graph)
    #expect(try dir.contents() == ["g.h5"])

    // The same name again: refused unless replacing (found in the copy, which is removed; the
    // original is untouched).
    let before = try Data(contentsOf: url)
    let error = expectGraphDataError(.outputExists) { try HDF5GraphStore.appendSoftLabels(run, named: "ema", to: url) }
    #expect(error?.description.contains("/soft_labels/ema") == true)
    #expect(try Data(contentsOf: url) == before)
    #expect(try dir.contents() == ["g.h5"])
    var other = run
    other.method = "gcn"
    try HDF5GraphStore.appendSoftLabels(other, named: "ema", to: url, replacing: true)
    #expect(try HDF5GraphStore.read(from: url).softLabels["ema"]?.method == "gcn")
  }

  @Test func appendSoftLabelsOfTheWrongShapeChangesNothing() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("g.h5")
    try HDF5GraphStore.write(try SampleGraphs.complete(), to: url)
    let before = try Data(contentsOf: url)
    let run = SoftLabelRun(
      probabilities: Tensor(repeating: 0.5, shape: [4, 2]), method: "m", temperature: 1, seed: 0, configJSON: "{}",
      created: "now")
    let error = expectGraphDataError(.shape) { try HDF5GraphStore.appendSoftLabels(run, named: "bad", to: url) }
    #expect(
      error?.description
        == "g.h5: field 'soft_labels/bad/probs': expected shape [5, C] (one row per node), but got shape [4, 2]"
        || error?.description.hasSuffix(
          "field 'soft_labels/bad/probs': expected shape [5, C] (one row per node), but got shape [4, 2]") == true
    )
    #expect(try Data(contentsOf: url) == before)
    #expect(try dir.contents() == ["g.h5"])
  }

  /// Several runs in one rewrite: all land, and one bad run keeps the file as it was.
  @Test func appendSoftLabelsAddsSeveralRunsAtOnceOrNone() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("g.h5")
    try HDF5GraphStore.write(try SampleGraphs.complete(), to: url)
    func run(_ method: String, rows: Int) -> SoftLabelRun {
      SoftLabelRun(
        probabilities: Tensor(repeating: 0.5, shape: [rows, 2]), method: method, temperature: 1, seed: 0,
        configJSON: "{}", created: "now")
    }
    let before = try Data(contentsOf: url)
    let error = expectGraphDataError(.shape) {
      try HDF5GraphStore.appendSoftLabels(["a": run("a", rows: 5), "b": run("b", rows: 4)], to: url)
    }
    #expect(error != nil)
    #expect(try Data(contentsOf: url) == before)
    try HDF5GraphStore.appendSoftLabels(["a": run("a", rows: 5), "b": run("b", rows: 5)], to: url)
    let stored = try HDF5GraphStore.read(from: url).softLabels
    #expect(stored["a"]?.method == "a" && stored["b"]?.method == "b", "\(stored.keys.sorted())")
    #expect(try dir.contents() == ["g.h5"])
  }

  @Test func writeSplitsAddsAndReplaces() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("g.h5")
    var graph = try SampleGraphs.complete()
    try HDF5GraphStore.write(graph, to: url)
    let split = Split(train: [0, 3], validation: [1], test: [4], labelsPerClass: 1, seed: 3)
    try HDF5GraphStore.writeSplits(["k1_seed3": split], to: url)
    try graph.setSplit(split, named: "k1_seed3")
    #expect(try HDF5GraphStore.read(from: url) == graph)
    _ = expectGraphDataError(.outputExists) { try HDF5GraphStore.writeSplits(["public": split], to: url) }
    try HDF5GraphStore.writeSplits(["public": split], to: url, replacing: true)
    #expect(try HDF5GraphStore.read(from: url).splits["public"] == split)
  }
}
