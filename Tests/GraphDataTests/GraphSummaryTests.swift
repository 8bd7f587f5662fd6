import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("GraphSummary")
struct GraphSummaryTests {
  @Test func coraStatistics() throws {
    let s = GraphSummary(LabelsPerClassSplitterTests.cora)
    #expect(s.nodes == 2708)
    #expect(s.edges == 5278)
    #expect(s.storedEntries == 10556)
    #expect(!s.directed && s.symmetric)
    #expect(s.selfLoops == 0 && s.isolatedNodes == 0)
    #expect(s.degree.min == 1 && s.degree.max == 168)
    #expect(s.features?.dimension == 1433 && s.features?.nonzeros == 49216)
    #expect(s.classes.count == 7 && s.classes.map(\.count).reduce(0, +) == 2708)
    #expect(s.splits.map(\.name) == ["public"])
    #expect(s.splits[0].trainPerClass == [20, 20, 20, 20, 20, 20, 20])
  }

  @Test func selfLoopsIsolatedNodesAndDirectedDegrees() throws {
    // 0 → 1, 1 → 1 (loop), 3 → 0; node 2 isolated; node 4 only has a self loop.
    let a = try CSRMatrix(rowCount: 5, columnCount: 5, rows: [0, 1, 3, 4], columns: [1, 1, 0, 4])
    let s = GraphSummary(try Graph(name: "d", isDirected: true, adjacency: a))
    #expect(s.edges == 4)
    #expect(s.selfLoops == 2)
    #expect(s.isolatedNodes == 2)
    #expect(s.inDegree?.max == 2)
    #expect(!s.symmetric)
  }
}
