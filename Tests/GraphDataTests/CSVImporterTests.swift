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
    var importer = CSVImporter(edges: dir.file("edges.csv"))
    importer.ids = .integer
    let error = expectGraphDataError(.parse) { _ = try importer.importGraph() }
    #expect(
      error?.description.hasSuffix(
        "edges.csv: line 3, column 2: expected a non-negative integer node id (--ids integer; --ids auto maps other "
          + "ids to nodes), but got \"x3\"") == true)
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

  // MARK: Node ids as they come

  @Test func stringIdsAreNumberedInOrderOfFirstAppearanceWithKeyedFeaturesAndLabels() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("source,target\nP-17,C-3\nC-3,X9\nX9,P-17\n", to: dir.file("edges.csv"))
    // Features keyed by id, in another order; a node (Q) with features and no edge.
    try TestFiles.write("id,f1,f2\nX9,3,3\nQ,4,4\nP-17,1,1\nC-3,2,2\n", to: dir.file("features.csv"))
    try TestFiles.write("node,label\nC-3,b\nP-17,a\n", to: dir.file("labels.csv"))
    var notes: [String] = []
    let graph = try CSVImporter(
      edges: dir.file("edges.csv"), features: dir.file("features.csv"), labels: dir.file("labels.csv")
    ).importGraph { notes.append($0) }
    #expect(graph.nodeNames == ["P-17", "C-3", "X9", "Q"])
    #expect(graph.adjacency.rowPointers == [0, 2, 4, 6, 6])
    #expect(graph.adjacency.columnIndices == [1, 2, 0, 2, 0, 1])
    #expect(graph.features == .dense(try Tensor(shape: [4, 2], scalars: [1, 1, 2, 2, 3, 3, 4, 4])))
    #expect(graph.classNames == ["a", "b"] && graph.labels == [0, 1, -1, -1])
    #expect(notes.contains("1 nodes have feature rows but no edges (isolated nodes)"), "\(notes)")
  }

  @Test func sparseOrHugeIntegerIdsAreNumberedAscending() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("900000000001,5\n5,-3\n", to: dir.file("edges.csv"))
    try TestFiles.write("-3,x\n77,y\n", to: dir.file("labels.csv"))
    var notes: [String] = []
    let graph = try CSVImporter(edges: dir.file("edges.csv"), labels: dir.file("labels.csv")).importGraph {
      notes.append($0)
    }
    // Ascending over every id, the labelled-only 77 included (an isolated node, reported).
    #expect(graph.nodeNames == ["-3", "5", "77", "900000000001"])
    #expect(graph.labels == [0, -1, 1, -1])
    #expect(graph.adjacency.rowPointers == [0, 1, 3, 3, 4])
    #expect(notes.contains { $0.hasPrefix("node ids are not dense 0-based indices (largest 900000000001") })
    #expect(
      notes.contains {
        $0.hasPrefix("1 labelled ids name no edge or feature row (first: '77' on") && $0.contains("line 2")
      }, "\(notes)")
  }

  @Test func denseIntegerIdsKeepTheFastPathAndNoNames() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n1,2\n", to: dir.file("edges.csv"))
    for ids in [NodeIdentifiers.auto, .integer] {
      var importer = CSVImporter(edges: dir.file("edges.csv"))
      importer.ids = ids
      let graph = try importer.importGraph()
      #expect(graph.nodeCount == 3 && graph.nodeNames == nil)
    }
    // --ids string reads the same digits as names: numbered in order of first appearance.
    try TestFiles.write("2,0\n0,1\n", to: dir.file("names.csv"))
    var importer = CSVImporter(edges: dir.file("names.csv"))
    importer.ids = .string
    #expect(try importer.importGraph().nodeNames == ["2", "0", "1"])
  }

  @Test func aStringFirstLineIsDataUnlessItNamesColumns() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("alice,bob\nbob,carol\n", to: dir.file("people.csv"))
    #expect(try CSVImporter(edges: dir.file("people.csv")).importGraph().nodeNames == ["alice", "bob", "carol"])
    try TestFiles.write("from,to\nalice,bob\n", to: dir.file("named.csv"))
    #expect(try CSVImporter(edges: dir.file("named.csv")).importGraph().nodeNames == ["alice", "bob"])
  }

  @Test func mappedIdsRefuseAPositionalFeatureMatrixAndMissingRows() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("a,b\nb,c\n", to: dir.file("edges.csv"))
    try TestFiles.write("a,1\nb,2\n", to: dir.file("features.csv"))
    let missing = expectGraphDataError(.value) {
      _ = try CSVImporter(edges: dir.file("edges.csv"), features: dir.file("features.csv")).importGraph()
    }
    #expect(missing?.description.contains("expected a feature row for every node, but got none for node c") == true)
    try TestFiles.write("x", to: dir.file("x.npy"))
    let npy = expectGraphDataError(.value) {
      _ = try CSVImporter(edges: dir.file("edges.csv"), features: dir.file("x.npy")).importGraph()
    }
    #expect(npy?.description.contains("a .npy matrix has no id column") == true)
  }

  @Test func aDeclaredNodeCountIsCheckedAgainstTheMachine() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0,1\n", to: dir.file("edges.csv"))
    var importer = CSVImporter(edges: dir.file("edges.csv"))
    importer.nodeCount = Int(Int32.max) + 1
    let error = expectGraphDataError(.value) { _ = try importer.importGraph() }
    #expect(error?.description.contains("expected a node count this machine can hold") == true)
  }
}
