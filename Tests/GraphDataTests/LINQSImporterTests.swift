import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("LINQSImporter")
struct LINQSImporterTests {
  /// Four papers in the Cora raw layout (tab separated, 5 word features, class last).
  static let content = """
    31336\t0\t1\t0\t0\t1\tNeural_Networks
    1061127\t1\t0\t0\t0\t0\tRule_Learning
    1106406\t0\t0\t1\t1\t0\tReinforcement_Learning
    13195\t0\t0\t0\t0\t0\tNeural_Networks

    """

  /// `<cited> <citing>`; one citation names a paper that is not in the content file.
  static let cites = """
    31336\t1061127
    1061127\t1106406
    31336\t13195
    1106406\t1061127
    99999\t31336

    """

  @Test func importsCoraStyleFiles() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write(Self.content, to: dir.file("cora.content"))
    try TestFiles.write(Self.cites, to: dir.file("cora.cites"))
    var notes: [String] = []
    let graph = try LINQSImporter(content: dir.file("cora.content"), cites: dir.file("cora.cites"))
      .importGraph { notes.append($0) }
    #expect(graph.name == "cora")
    #expect(graph.nodeNames == ["31336", "1061127", "1106406", "13195"])
    #expect(graph.classNames == ["Neural_Networks", "Reinforcement_Learning", "Rule_Learning"])
    #expect(graph.labels == [0, 2, 1, 0])
    #expect(!graph.isDirected)
    // Undirected edges: 0–1, 1–2, 0–3 (1–2 cited both ways is one edge).
    #expect(graph.adjacency.rowPointers == [0, 2, 4, 5, 6])
    #expect(graph.adjacency.columnIndices == [1, 3, 0, 2, 1, 0])
    guard case .sparse(let x)? = graph.features else {
      Issue.record("expected sparse features")
      return
    }
    #expect(x.columnCount == 5)
    #expect(x.rowPointers == [0, 2, 3, 5, 5])
    #expect(x.columnIndices == [1, 4, 0, 2, 3])
    #expect(notes.contains("dropped 1 citations naming papers absent from \(dir.file("cora.content").relativePath)"))
  }

  @Test func directedKeepsCitingToCited() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write(Self.content, to: dir.file("cora.content"))
    try TestFiles.write(Self.cites, to: dir.file("cora.cites"))
    let graph = try LINQSImporter(content: dir.file("cora.content"), cites: dir.file("cora.cites"), directed: true)
      .importGraph()
    #expect(graph.isDirected)
    // 1→0, 2→1, 3→0, 1→2
    #expect(graph.adjacency.rowPointers == [0, 0, 2, 3, 4])
    #expect(graph.adjacency.columnIndices == [0, 2, 1, 0])
  }

  @Test func importsPubMedTabFiles() throws {
    let dir = try TemporaryDirectory()
    let node = """
      NODE\tpaper:
      cat=1,2,3:label\tnumeric:w-rat:0.0\tnumeric:w-insulin:0.0\tnumeric:w-mice:0.0\tstring:summary
      12187484\tlabel=1\tw-rat=0.09\tw-mice=0.5\tsummary=w-rat,w-mice
      2344352\tlabel=3\tw-insulin=0.2\tsummary=w-insulin
      14654069\tlabel=2\tsummary=

      """
    let cites = """
      DIRECTED\t\t\tcites
      NO_FEATURES
      33824\tpaper:12187484\t|\tpaper:2344352
      33825\tpaper:14654069\t|\tpaper:12187484

      """
    try TestFiles.write(node, to: dir.file("Pubmed-Diabetes.NODE.paper.tab"))
    try TestFiles.write(cites, to: dir.file("Pubmed-Diabetes.DIRECTED.cites.tab"))
    let graph = try LINQSImporter(
      content: dir.file("Pubmed-Diabetes.NODE.paper.tab"), cites: dir.file("Pubmed-Diabetes.DIRECTED.cites.tab"),
      name: "pubmed", directed: true
    ).importGraph()
    #expect(graph.classNames == ["1", "2", "3"])
    #expect(graph.labels == [0, 2, 1])
    #expect(graph.nodeNames == ["12187484", "2344352", "14654069"])
    #expect(graph.adjacency.rowPointers == [0, 1, 1, 2])
    #expect(graph.adjacency.columnIndices == [1, 0])
    guard case .sparse(let x)? = graph.features else {
      Issue.record("expected sparse features")
      return
    }
    #expect(x.columnCount == 3)
    #expect(x.columnIndices == [0, 2, 1])
    #expect(x.values == [0.09, 0.5, 0.2])
  }

  @Test func inconsistentRowWidth() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("1\t0\t1\tA\n2\t1\tB\n", to: dir.file("x.content"))
    try TestFiles.write("1\t2\n", to: dir.file("x.cites"))
    let error = expectGraphDataError(.shape) {
      _ = try LINQSImporter(content: dir.file("x.content"), cites: dir.file("x.cites")).importGraph()
    }
    #expect(
      error?.description.hasSuffix(
        "x.content: line 2: expected 4 cells (paper id, 2 features, class; as on line 1), but got 3") == true)
  }

  @Test func nonNumericWordFeature() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("1\t0\t1\tA\n2\tone\t0\tB\n", to: dir.file("x.content"))
    try TestFiles.write("1\t2\n", to: dir.file("x.cites"))
    let error = expectGraphDataError(.parse) {
      _ = try LINQSImporter(content: dir.file("x.content"), cites: dir.file("x.cites")).importGraph()
    }
    #expect(
      error?.description.hasSuffix("x.content: line 2, column 2: expected a number (word feature), but got \"one\"")
        == true)
  }
}
