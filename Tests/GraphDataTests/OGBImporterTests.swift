import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("OGBImporter")
struct OGBImporterTests {
  /// A five-node dataset in OGB's raw layout, gzip-compressed like the downloads.
  private func makeDataset(_ dir: TemporaryDirectory, labels: String = "0\n1\n2\nnan\n1\n") throws -> URL {
    let root = dir.file("ogbn_tiny")
    let fm = FileManager.default
    for sub in ["raw", "split/time", "mapping"] {
      try fm.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    func gz(_ path: String, _ text: String) throws {
      try TestFiles.writeGzip(text, to: root.appendingPathComponent(path))
    }
    try gz("raw/edge.csv.gz", "0,1\n1,2\n2,3\n3,0\n1,4\n")
    try gz("raw/num-node-list.csv.gz", "5\n")
    try gz("raw/num-edge-list.csv.gz", "5\n")
    try gz("raw/node-feat.csv.gz", "0.1,-0.2\n1.5,2\n0,0\n-3e-2,4\n1,1\n")
    try gz("raw/node-label.csv.gz", labels)
    try gz("split/time/train.csv.gz", "0\n1\n")
    try gz("split/time/valid.csv.gz", "2\n")
    try gz("split/time/test.csv.gz", "4\n")
    try gz("mapping/labelidx2arxivcategeory.csv.gz", "label idx,arxiv category\n0,cs ai\n1,cs lg\n2,cs cv\n")
    try gz(
      "mapping/nodeidx2paperid.csv.gz",
      "node idx,paper id\n0,9657784\n1,39886162\n2,116214155\n3,121432379\n4,231147053\n")
    return root
  }

  @Test func importsTheRawFolder() throws {
    let dir = try TemporaryDirectory()
    let root = try makeDataset(dir)
    var notes: [String] = []
    let graph = try OGBImporter(directory: root).importGraph { notes.append($0) }
    #expect(graph.name == "ogbn_tiny")
    #expect(graph.isDirected)
    #expect(graph.nodeCount == 5)
    #expect(graph.adjacency.columnIndices == [1, 2, 4, 3, 0])
    #expect(graph.features == .dense(try Tensor(shape: [5, 2], scalars: [0.1, -0.2, 1.5, 2, 0, 0, -0.03, 4, 1, 1])))
    #expect(graph.labels == [0, 1, 2, -1, 1])
    #expect(graph.classNames == ["cs ai", "cs lg", "cs cv"])
    #expect(graph.nodeNames?.last == "231147053")
    #expect(graph.splits["time"] == Split(train: [0, 1], validation: [2], test: [4]))
    #expect(notes == ["the edges are directed; pass --symmetrize for an undirected graph"])
  }

  @Test func symmetrizeMakesItUndirected() throws {
    let dir = try TemporaryDirectory()
    let graph = try OGBImporter(directory: try makeDataset(dir).appendingPathComponent("raw"), symmetrize: true)
      .importGraph()
    #expect(!graph.isDirected)
    #expect(graph.storedEdgeCount == 10)
  }

  @Test func multiLabelDatasetsAreRefused() throws {
    let dir = try TemporaryDirectory()
    let root = try makeDataset(dir, labels: "0,1\n1,0\n1,1\n0,0\n1,0\n")
    let error = expectGraphDataError(.shape) { _ = try OGBImporter(directory: root).importGraph() }
    #expect(
      error?.description.contains("node-label.csv.gz: line 1: expected 1 label per line (multi-label datasets") == true)
  }

  @Test func missingEdgeFile() throws {
    let dir = try TemporaryDirectory()
    let root = try makeDataset(dir)
    try FileManager.default.removeItem(at: root.appendingPathComponent("raw/edge.csv.gz"))
    let error = expectGraphDataError(.missingFile) { _ = try OGBImporter(directory: root).importGraph() }
    #expect(
      error?.description.contains("raw/edge.csv.gz: expected the edge list of an OGB node-property dataset") == true)
  }
}
