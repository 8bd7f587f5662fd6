import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("NPZImporter")
struct NPZImporterTests {
  @Test func importsCoraPlanetoid() throws {
    var notes: [String] = []
    let graph = try NPZImporter(url: Fixtures.coraPlanetoid, name: "cora").importGraph { notes.append($0) }
    #expect(graph.nodeCount == 2708)
    #expect(graph.storedEdgeCount == 10556)
    #expect(!graph.isDirected)
    #expect(graph.features?.dimension == 1433)
    #expect(graph.features?.isSparse == true)
    #expect(graph.classCount == 7)
    let split = try #require(graph.splits["public"])
    #expect(split.train.count == 140 && split.validation.count == 500 && split.test.count == 1000)
    #expect(notes.isEmpty)
  }

  @Test func importsCoraGNNBenchmarkWithNamesAndUnsortedRows() throws {
    let graph = try NPZImporter(url: Fixtures.coraGNNBenchmark).importGraph()
    #expect(graph.name == "cora")
    #expect(graph.nodeCount == 2708)
    #expect(graph.storedEdgeCount == 5429)
    #expect(graph.isDirected)
    #expect(graph.classNames?.count == 7)
    #expect(graph.classNames?.first == "Case_Based")
    #expect(graph.nodeNames?.first == "1000012")
    #expect(graph.adjacency.hasSortedUniqueRows)
  }
}
