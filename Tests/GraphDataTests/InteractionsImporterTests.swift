import Foundation
import Testing

@testable import GraphData

@Suite("InteractionsImporter")
struct InteractionsImporterTests {
  @Test func citeULikeUsersDat() throws {
    let url = Fixtures.url("citeulike-t/users.dat")
    let graph = try InteractionsImporter(source: .userLists(url), name: "citeulike-t").importGraph()
    let i = try #require(graph.interactions)
    #expect(i.userCount == 7947)
    #expect(i.observed.nonzeroCount == 134_860)
    #expect(i.heldOut.isEmpty)
    #expect(graph.nodeCount == i.userCount + i.itemCount)
    #expect(graph.storedEdgeCount == 2 * 134_860)
    #expect(!graph.isDirected)
    #expect(graph.labels.allSatisfy { $0 == -1 })
    // Line 1 of the file: "4 193 11908 12727 14760".
    #expect(Array(i.observed.columnIndices[0..<4]) == [193, 11908, 12727, 14760])
  }

  /// The files' ids reach user 5,218 and item 25,180; the paper's table counts 5,220 users and
  /// 25,182 items, which `userCount` / `itemCount` reproduce.
  @Test(arguments: [(nil, nil, 5219, 25_181), (5220, 25_182, 5220, 25_182)] as [(Int?, Int?, Int, Int)])
  func deRRDPairFiles(users: Int?, items: Int?, expectedUsers: Int, expectedItems: Int) throws {
    let dir = Fixtures.url("citeulike-derrd")
    let importer = InteractionsImporter(
      source: .pairs(
        observed: dir.appendingPathComponent("train.tsv"),
        heldOut: [("valid", dir.appendingPathComponent("valid.tsv")), ("test", dir.appendingPathComponent("test.tsv"))]),
      userCount: users, itemCount: items)
    let graph = try importer.importGraph()
    let i = try #require(graph.interactions)
    #expect(graph.name == "citeulike-derrd")
    #expect(i.userCount == expectedUsers)
    #expect(i.itemCount == expectedItems)
    #expect(i.observed.nonzeroCount == 115_142)
    #expect(i.heldOut["valid"]?.nonzeroCount == 5219)
    #expect(i.heldOut["test"]?.nonzeroCount == 5219)
    // Round trip through HDF5.
    let tmp = try TemporaryDirectory()
    try HDF5GraphStore.write(graph, to: tmp.file("c.h5"))
    #expect(try HDF5GraphStore.read(from: tmp.file("c.h5")) == graph)
  }

  @Test func countMismatchNamesTheLine() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("2 5 7\n3 1 2\n0\n", to: dir.file("users.dat"))
    let error = expectGraphDataError(.shape) {
      _ = try InteractionsImporter(source: .userLists(dir.file("users.dat"))).importGraph()
    }
    #expect(error?.description.hasSuffix("users.dat: line 2: expected 3 item ids after the count 3, but got 2") == true)
  }

  @Test func nonNumericItem() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("user\titem\n0\t3\n1\tbook\n", to: dir.file("train.tsv"))
    var importer = InteractionsImporter(source: .pairs(observed: dir.file("train.tsv"), heldOut: []))
    importer.ids = .integer
    let error = expectGraphDataError(.parse) { _ = try importer.importGraph() }
    #expect(
      error?.description.hasSuffix(
        "train.tsv: line 3, column 2: expected a non-negative integer item id, but got \"book\"") == true)
  }

  @Test func namedUsersAndItemsAcrossObservedAndHeldOutFiles() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("user\titem\nann\tbook-9\nbob\tbook-2\nann\tbook-2\n", to: dir.file("train.tsv"))
    try TestFiles.write("user\titem\nbob\tbook-7\n", to: dir.file("test.tsv"))
    var notes: [String] = []
    let graph = try InteractionsImporter(
      source: .pairs(observed: dir.file("train.tsv"), heldOut: [("test", dir.file("test.tsv"))])
    ).importGraph { notes.append($0) }
    let i = try #require(graph.interactions)
    #expect(i.userCount == 2 && i.itemCount == 3)
    // Users then items, each in order of first appearance over the files.
    #expect(graph.nodeNames == ["ann", "bob", "book-9", "book-2", "book-7"])
    #expect(i.observed.rowPointers == [0, 2, 3] && i.observed.columnIndices == [0, 1, 1])
    #expect(i.heldOut["test"]?.columnIndices == [2])
  }

  @Test func aHugeUserIdIsNumberedNotAllocated() throws {
    let dir = try TemporaryDirectory()
    try TestFiles.write("0\t1\n2000000000\t0\n", to: dir.file("train.tsv"))
    var notes: [String] = []
    let graph = try InteractionsImporter(source: .pairs(observed: dir.file("train.tsv"), heldOut: []))
      .importGraph { notes.append($0) }
    let i = try #require(graph.interactions)
    #expect(i.userCount == 2 && i.itemCount == 2)
    // Items are dense indices; users are numbered and named, so every node gets a name.
    #expect(graph.nodeNames == ["0", "2000000000", "0", "1"])
    #expect(notes.contains { $0.hasPrefix("user ids are not dense 0-based indices (largest 2000000000") })
    var strict = InteractionsImporter(source: .pairs(observed: dir.file("train.tsv"), heldOut: []))
    strict.ids = .integer
    let error = expectGraphDataError(.index) { _ = try strict.importGraph() }
    #expect(error?.description.contains("expected user ids below 8 (four times the 2 ids read)") == true)
  }
}
