import Foundation
import GraphData
import Recommendation
import Tensors
import Testing

@Suite struct RecommenderTeacherStoreTests {
  /// A 3-user × 6-item dataset written to a temporary HDF5 file.
  static func file() throws -> URL {
    let observed = try CSRMatrix(rowCount: 3, columnCount: 6, rowPointers: [0, 2, 3, 4], columnIndices: [0, 1, 4, 5])
    let valid = try CSRMatrix(rowCount: 3, columnCount: 6, rowPointers: [0, 1, 2, 3], columnIndices: [2, 0, 0])
    let test = try CSRMatrix(rowCount: 3, columnCount: 6, rowPointers: [0, 1, 2, 3], columnIndices: [3, 1, 1])
    let interactions = try Interactions(observed: observed, heldOut: ["valid": valid, "test": test])
    // The bipartite user–item graph (item i is node 3 + i), as `graphkd convert interactions` writes it.
    let adjacency = try CSRMatrix(
      rowCount: 9, columnCount: 9, rowPointers: [0, 2, 3, 4, 5, 6, 6, 6, 7, 8],
      columnIndices: [3, 4, 7, 8, 0, 0, 1, 2])
    let graph = try Graph(name: "tiny", isDirected: false, adjacency: adjacency, interactions: interactions)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("teacher-store-\(UUID().uuidString).h5")
    try HDF5GraphStore.write(graph, to: url)
    return url
  }

  static func teacher(dimension d: Int = 2) throws -> RecommenderTeacher {
    RecommenderTeacher(
      userEmbeddings: try Tensor(shape: [3, d], scalars: (0..<(3 * d)).map { Float($0) / 7 }),
      itemEmbeddings: try Tensor(shape: [6, d], scalars: (0..<(6 * d)).map { -Float($0) / 3 }),
      topLists: [[5, 2, 3], [4], []], seed: 7, configJSON: #"{"dimension":2}"#,
      metrics: ["best_epoch": 12, "seconds_per_epoch": 0.5])
  }

  @Test func roundTripsAndLeavesTheDatasetReadable() throws {
    let url = try Self.file()
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(try HDF5GraphStore.readRecommenderTeacher(named: "bpr", from: url) == nil)
    let before = try HDF5GraphStore.read(from: url)
    try HDF5GraphStore.writeRecommenderTeacher(Self.teacher(), named: "bpr", to: url)
    #expect(try HDF5GraphStore.readRecommenderTeacher(named: "bpr", from: url) == Self.teacher())
    #expect(try HDF5GraphStore.readRecommenderTeacher(named: "other", from: url) == nil)
    let after = try HDF5GraphStore.read(from: url)
    #expect(after.interactions == before.interactions)
    let data = try RecommendationData(graph: after)
    #expect(data.trainItems == [[0, 1], [4], [5]])
  }

  @Test func refusesMismatchedShapesAndExistingNamesUnlessReplacing() throws {
    let url = try Self.file()
    defer { try? FileManager.default.removeItem(at: url) }
    var wrong = try Self.teacher()
    wrong.topLists.removeLast()
    #expect(throws: GraphDataError.self) { try HDF5GraphStore.writeRecommenderTeacher(wrong, named: "bpr", to: url) }
    try HDF5GraphStore.writeRecommenderTeacher(Self.teacher(), named: "bpr", to: url)
    #expect(throws: GraphDataError.self) {
      try HDF5GraphStore.writeRecommenderTeacher(Self.teacher(), named: "bpr", to: url)
    }
    let wider = try Self.teacher(dimension: 4)
    try HDF5GraphStore.writeRecommenderTeacher(wider, named: "bpr", to: url, replacing: true)
    #expect(try HDF5GraphStore.readRecommenderTeacher(named: "bpr", from: url) == wider)
  }
}
