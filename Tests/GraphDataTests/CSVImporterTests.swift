import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("CSVImporter")
struct CSVImporterTests {
  @Test func edgesFeaturesAndNamedLabels() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("source,target\n0,1\n1,2\n# a comment\n\n2,0\n1,0\n", to: dir.file("edges.csv"))
    try TestFiles.write("f1,f2\n1,0\n0.5,2\n0,0\n3,1e-3\n", to: dir.file("features.csv"))
    try TestFiles.write("node,label\n0,cat\n2,dog\n3,cat\n", to: dir.file("labels.csv"))
    var notes: [String] = []
    let graph = try CSVImporter(
      edges: dir.file("edges.csv"), features: dir.file("features.csv"), labels: dir.file("labels.csv")
    ).importGraph { notes.append($0) }
    #expect(graph.name == "edges")
    #expect(graph.nodeCount == 4)  // node 3 appears only in features and labels
    #expect(!graph.isDirected)
    #expect(graph.adjacency.rowPointers == [0, 2, 4, 6, 6])
    #expect(graph.adjacency.columnIndices == [1, 2, 0, 2, 0, 1])
    #expect(graph.features == .dense(try Tensor(shape: [4, 2], scalars: [1, 0, 0.5, 2, 0, 0, 3, 0.001])))
    #expect(graph.classNames == ["cat", "dog"])
    #expect(graph.labels == [0, -1, 1, 0])
    #expect(notes == ["merged 2 duplicate edge entries (an edge listed in both directions counts twice)"])
  }

  @Test func directedWeightedTSVWithNumericLabelsAndNPYFeatures() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.writeGzip("0\t1\t0.5\n1\t2\t2\n", to: dir.file("e.tsv.gz"))
    try TestFiles.write("0 2\n1 0\n2 1\n", to: dir.file("y.txt"))
    let npz = try NumPyArchiveWriter(url: dir.file("x.npz"))
    try npz.add("x", values: [1, 2, 3, 4, 5, 6] as [Double], shape: [3, 2])
    // A bare .npy: the entry of a stored .npz is the .npy file itself; extract it.
    let entry = try Data(contentsOf: dir.file("x.npz"))
    let start = entry.range(of: Data([0x93] + Array("NUMPY".utf8)))!.lowerBound
    try entry[start..<(start + 128 + 48)].write(to: dir.file("x.npy"))
    var importer = CSVImporter(edges: dir.file("e.tsv.gz"), features: dir.file("x.npy"), labels: dir.file("y.txt"))
    importer.directed = true
    importer.weighted = true
    let graph = try importer.importGraph()
    #expect(graph.isDirected)
    #expect(graph.adjacency.values == [0.5, 2])
    #expect(graph.labels == [2, 0, 1])
    #expect(graph.classNames == nil)
    #expect(graph.features?.denseTensor() == (try Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])))
  }

  @Test func nonNumericCellNamesItsLine() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n1,2\n2,x3\n", to: dir.file("edges.csv"))
    let error = expectGraphDataError(.parse) { _ = try CSVImporter(edges: dir.file("edges.csv")).importGraph() }
    #expect(
      error?.description.hasSuffix(
        "edges.csv: line 3, column 2: expected a non-negative integer node id, but got \"x3\"") == true)
  }

  @Test func nonNumericFeatureNamesItsLine() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n", to: dir.file("edges.csv"))
    try TestFiles.write("1,2\n3,abc\n", to: dir.file("x.csv"))
    let error = expectGraphDataError(.parse) {
      _ = try CSVImporter(edges: dir.file("edges.csv"), features: dir.file("x.csv")).importGraph()
    }
    #expect(error?.description.hasSuffix("x.csv: line 2, column 2: expected a number, but got \"abc\"") == true)
  }

  @Test func nonFiniteFeature() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n", to: dir.file("edges.csv"))
    try TestFiles.write("1,2\nnan,0\n", to: dir.file("x.csv"))
    let error = expectGraphDataError(.nonFinite) {
      _ = try CSVImporter(edges: dir.file("edges.csv"), features: dir.file("x.csv")).importGraph()
    }
    #expect(error?.description.hasSuffix("x.csv: line 2, column 1: expected a finite number, but got \"nan\"") == true)
  }

  @Test func ragedFeatureRows() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n", to: dir.file("edges.csv"))
    try TestFiles.write("1,2\n3\n", to: dir.file("x.csv"))
    let error = expectGraphDataError(.shape) {
      _ = try CSVImporter(edges: dir.file("edges.csv"), features: dir.file("x.csv")).importGraph()
    }
    #expect(error?.description.hasSuffix("x.csv: line 2: expected 2 values (as on line 1), but got 1") == true)
  }

  @Test func featureRowCountDiffersFromNodeCount() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n1,4\n", to: dir.file("edges.csv"))
    try TestFiles.write("1\n2\n", to: dir.file("x.csv"))
    let error = expectGraphDataError(.shape) {
      _ = try CSVImporter(edges: dir.file("edges.csv"), features: dir.file("x.csv")).importGraph()
    }
    #expect(error?.description.contains("x.csv: expected 5 feature rows (one per node") == true)
  }

  @Test func thirdColumnWithoutWeightedFlag() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1,0.5\n", to: dir.file("edges.csv"))
    let error = expectGraphDataError(.shape) { _ = try CSVImporter(edges: dir.file("edges.csv")).importGraph() }
    #expect(error?.description.contains("pass --weighted") == true)
  }

  @Test func nodeIdBeyondTheGivenCount() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n1,7\n", to: dir.file("edges.csv"))
    var importer = CSVImporter(edges: dir.file("edges.csv"))
    importer.nodeCount = 5
    let error = expectGraphDataError(.index) { _ = try importer.importGraph() }
    #expect(
      error?.description.hasSuffix("edges.csv: line 2, column 2: expected node ids in 0..<5 (--nodes 5), but got 7")
        == true)
  }

  @Test func labelledTwice() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n", to: dir.file("edges.csv"))
    try TestFiles.write("0,a\n1,b\n0,b\n", to: dir.file("y.csv"))
    let error = expectGraphDataError(.value) {
      _ = try CSVImporter(edges: dir.file("edges.csv"), labels: dir.file("y.csv")).importGraph()
    }
    #expect(
      error?.description.hasSuffix(
        "y.csv: line 3, column 1: expected each node labelled once, but got node 0 again (first on line 1)") == true)
  }

  @Test func corruptGzip() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.writeGzip(String(repeating: "0,1\n1,2\n", count: 5000), to: dir.file("e.csv.gz"))
    try TestFiles.truncate(dir.file("e.csv.gz"), to: dir.file("cut.csv.gz"), keeping: 60)
    let error = expectGraphDataError(.corruptFile) { _ = try CSVImporter(edges: dir.file("cut.csv.gz")).importGraph() }
    #expect(
      error?.description.contains(
        "cut.csv.gz: expected a readable text or gzip file, but got unexpected end of file (after line") == true)
  }
}
