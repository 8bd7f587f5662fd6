import Foundation
import Tensors
import Testing

@testable import GraphData

/// A file written by h5py in GraphKD's schema (with h5py's own dtypes: int32 row pointers,
/// int64 indices, float64 features, int8 labels, NumPy bool, fixed-length byte strings, gzip
/// chunks) loads and gives the arrays h5py stored. The fixture and the expected values come from
/// `scripts/make_h5py_fixture.py`.
@Suite("h5py-written files")
struct H5pyFixtureTests {
  struct Expected: Decodable {
    struct Run: Decodable {
      var probs: [Float], hidden: [Float], method: String, temperature: Double, seed: UInt64, config: String
      var created: String
    }
    struct Interactions: Decodable {
      var nUsers: Int, nItems: Int, indptr: [Int], indices: [Int32], testIndptr: [Int], testIndices: [Int32]
    }
    var name: String
    var directed: Bool
    var indptr: [Int]
    var indices: [Int32]
    var weights: [Float]
    var features: [Float]
    var featureShape: [Int]
    var labels: [Int]
    var classNames: [String]
    var nodeNames: [String]
    var splits: [String: [[Int]]]
    var softLabels: [String: Run]
    var interactions: Interactions
  }

  @Test func loadsWithTheSameArrays() throws {
    let graph = try HDF5GraphStore.read(from: Fixtures.url("h5py/schema_v1.h5"))
    let data = try Data(contentsOf: Fixtures.url("h5py/schema_v1.expected.json"))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let e = try decoder.decode(Expected.self, from: data)
    #expect(graph.name == e.name)
    #expect(graph.isDirected == e.directed)
    #expect(graph.adjacency.rowPointers == e.indptr)
    #expect(graph.adjacency.columnIndices == e.indices)
    #expect(graph.adjacency.values == e.weights)
    #expect(graph.features == .dense(try Tensor(shape: e.featureShape, scalars: e.features)))
    #expect(graph.labels == e.labels)
    #expect(graph.classNames == e.classNames)
    #expect(graph.nodeNames == e.nodeNames)
    for (name, parts) in e.splits {
      #expect(graph.splits[name]?.train == parts[0])
      #expect(graph.splits[name]?.validation == parts[1])
      #expect(graph.splits[name]?.test == parts[2])
    }
    #expect(graph.splits["k1_seed0"]?.labelsPerClass == 1)
    #expect(graph.splits["k1_seed0"]?.seed == 0)
    let run = try #require(graph.softLabels["teacher"])
    let expectedRun = try #require(e.softLabels["teacher"])
    #expect(run.probabilities.scalars == expectedRun.probs)
    #expect(run.hidden?.scalars == expectedRun.hidden)
    #expect(run.method == expectedRun.method)
    #expect(run.temperature == expectedRun.temperature)
    #expect(run.seed == expectedRun.seed)
    #expect(run.configJSON == expectedRun.config)
    #expect(run.created == expectedRun.created)
    let i = try #require(graph.interactions)
    #expect(i.userCount == e.interactions.nUsers && i.itemCount == e.interactions.nItems)
    #expect(i.observed.rowPointers == e.interactions.indptr)
    #expect(i.observed.columnIndices == e.interactions.indices)
    #expect(i.heldOut["test"]?.rowPointers == e.interactions.testIndptr)
    #expect(i.heldOut["test"]?.columnIndices == e.interactions.testIndices)
  }

  /// Reading, appending soft labels and reading again keeps h5py's arrays.
  @Test func appendingToAnH5pyFileKeepsItsArrays() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("copy.h5")
    try FileManager.default.copyItem(at: Fixtures.url("h5py/schema_v1.h5"), to: url)
    var graph = try HDF5GraphStore.read(from: url)
    let run = SoftLabelRun(
      probabilities: Tensor(repeating: 0.5, shape: [6, 2]), method: "mlp", temperature: 1, seed: 1, configJSON: "{}",
      created: "2025-03-01T00:00:00Z")
    try HDF5GraphStore.appendSoftLabels(run, named: "student", to: url)
    try graph.setSoftLabels(run, named: "student")
    #expect(try HDF5GraphStore.read(from: url) == graph)
  }
}
