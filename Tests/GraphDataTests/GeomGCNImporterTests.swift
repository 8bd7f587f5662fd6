import Foundation
import Tensors
import Testing

@testable import GraphData

/// The Geom-GCN folder format on the real Texas files (dense features, ten splits, one of them
/// stored as NumPy bool) and on small files with Actor's quirks (index lists, a declared width one
/// short, a repeated index, rows out of order).
@Suite("GeomGCNImporter")
struct GeomGCNImporterTests {
  @Test func importsTexasWithItsTenSplits() throws {
    var notes: [String] = []
    let graph = try GeomGCNImporter(directory: Fixtures.url("geom-gcn/texas")).importGraph { notes.append($0) }
    #expect(graph.name == "texas" && graph.nodeCount == 183 && !graph.isDirected)
    #expect(graph.features?.dimension == 1703 && graph.classCount == 5)
    #expect(graph.labels.allSatisfy { (0..<5).contains($0) })
    #expect(graph.splits.keys.sorted() == (0..<10).map { "geom_gcn_\($0)" }.sorted())
    // Split 2 stores its masks as bool, the others as uint8: both read the same way.
    for (name, split) in graph.splits {
      #expect(split.train.count == 87 && split.validation.count == 59 && split.test.count == 37, "\(name)")
    }
    #expect(graph.adjacency.isSymmetric)
    // 325 directed edges in the file; pairs listed both ways merge.
    #expect(graph.storedEdgeCount >= 325 && notes.contains { $0.contains("48 / 32 / 20 %") }, "\(notes)")
    // Node 0's row of the file: its features are the positions of its ones.
    let text = try String(contentsOf: Fixtures.url("geom-gcn/texas/out1_node_feature_label.txt"), encoding: .utf8)
    let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("0\t") })
    let values = row.split(separator: "\t")[1].split(separator: ",")
    let ones = values.indices.filter { values[$0] == "1" }.map { Int32($0) }
    guard case .sparse(let x)? = graph.features else { throw TensorError.value("test", expected: "sparse", actual: "") }
    #expect(Array(x.columnIndices[x.rowPointers[0]..<x.rowPointers[1]]) == ones)
    #expect(graph.labels[0] == Int(row.split(separator: "\t")[2]))
  }

  /// Actor's layout in miniature.
  static func actorLike(_ dir: TemporaryDirectory, nodes: String, edges: String) throws -> URL {
    let folder = dir.file("film")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try TestFiles.write(nodes, to: folder.appendingPathComponent(GeomGCNImporter.nodeFile))
    try TestFiles.write(edges, to: folder.appendingPathComponent(GeomGCNImporter.edgeFile))
    return folder
  }

  @Test func handlesActorsQuirks() throws {
    let dir = try TemporaryDirectory()
    let folder = try Self.actorLike(
      dir,
      nodes: "node_id\tfeature(feature_amount:3)\tlabel\n2\t3,0\t1\n0\t1,1\t0\n1\t2\t1\n",
      edges: "node_id\tnode_id\n0\t1\n1\t0\n2\t2\n")
    var notes: [String] = []
    let graph = try GeomGCNImporter(directory: folder).importGraph { notes.append($0) }
    #expect(graph.features?.dimension == 4)  // index 3 with a declared width of 3
    #expect(notes.contains { $0.contains("declares 3 features but indices reach 3") })
    #expect(notes.contains { $0.contains("1 feature indices listed twice") })
    #expect(graph.labels == [0, 1, 1])  // rows in node-id order, not file order
    guard case .sparse(let x)? = graph.features else { throw TensorError.value("test", expected: "sparse", actual: "") }
    #expect(x.rowPointers == [0, 1, 2, 4] && x.columnIndices == [1, 2, 0, 3])
    #expect(graph.splits.isEmpty && graph.storedEdgeCount == 3)
  }

  @Test func badFilesNameTheLine() throws {
    let dir = try TemporaryDirectory()
    let cases: [(nodes: String, edges: String, expected: String)] = [
      (
        "node_id\tfeature\tlabel\n0\t0,1\t0\n0\t1,0\t1\n", "node_id\tnode_id\n",
        "line 3, column 1: expected each node id once"
      ),
      (
        "node_id\tfeature\tlabel\n0\t0,1\t0\n5\t1,0\t1\n", "node_id\tnode_id\n",
        "line 3, column 1: expected a node id in 0..<2"
      ),
      (
        "node_id\tfeature\tlabel\n0\t0,1\t0\n1\t1,0,1\t1\n", "node_id\tnode_id\n",
        "line 3, column 2: expected 2 feature values"
      ),
      (
        "node_id\tfeature\tlabel\n0\t0,x\t0\n", "node_id\tnode_id\n",
        "line 2, column 2: expected comma-separated numbers"
      ),
      (
        "node_id\tfeature\tlabel\n0\t0,1\t0\n1\t1,0\t1\n", "node_id\tnode_id\n0\t2\n",
        "line 2, column 2: expected a node id in 0..<2"
      ),
      ("0\t0,1\t0\n", "node_id\tnode_id\n", "line 1: expected a header row"),
    ]
    for c in cases {
      let folder = try Self.actorLike(dir, nodes: c.nodes, edges: c.edges)
      do {
        _ = try GeomGCNImporter(directory: folder).importGraph()
        Issue.record("expected a refusal for \(c.expected)")
      } catch let error as GraphDataError {
        #expect(error.description.contains(c.expected), "\(error)")
      }
    }
    _ = expectGraphDataError(.missingFile) { _ = try GeomGCNImporter(directory: dir.file("nowhere")).importGraph() }
  }
}
