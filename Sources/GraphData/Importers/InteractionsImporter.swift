import Foundation
import Tensors

/// Imports implicit-feedback recommendation data (user → item interactions).
///
/// Two layouts:
/// - ``Source/userLists(_:)``: a `users.dat` file as distributed with CiteULike: line *u*
///   (0-based) lists user *u*'s items as `count item item …`, space separated; the count must
///   match. All interactions are observed (no held-out sets).
/// - ``Source/pairs(observed:heldOut:)``: `user <TAB> item` pair files (optional header, comma or
///   whitespace also accepted), one for the observed (training) interactions and any number of
///   named held-out files such as `valid` and `test` (the DE-RRD CiteULike split).
///
/// Users and items are 0-based ids; their counts are the largest id + 1 over all files unless
/// given. Duplicate pairs are merged. The graph's adjacency is the undirected bipartite
/// user–item graph of the observed interactions: users are nodes `0..<U`, items `U..<U+I`.
///
/// ```swift
/// let importer = InteractionsImporter(source: .pairs(
///   observed: URL(fileURLWithPath: "train.tsv"),
///   heldOut: [("valid", URL(fileURLWithPath: "valid.tsv")), ("test", URL(fileURLWithPath: "test.tsv"))]))
/// let graph = try importer.importGraph()
/// graph.interactions?.userCount   // 5220
/// ```
public struct InteractionsImporter: GraphImporter {
  /// Where the interactions come from.
  public enum Source: Sendable {
    /// A `users.dat` file: line u = `count item item …` for user u.
    case userLists(URL)
    /// `user, item` pair files: the observed interactions and named held-out sets.
    case pairs(observed: URL, heldOut: [(name: String, url: URL)])
  }

  /// The input files.
  public var source: Source
  /// The graph's name; the (first) file's folder name when `nil`.
  public var name: String?
  /// The number of users, when known; ids must be below it.
  public var userCount: Int?
  /// The number of items, when known; ids must be below it.
  public var itemCount: Int?
  /// When set, a seeded leave-one-out split (``LeaveOneOutSplitter``) moves one validation and
  /// one test item per user out of the observed interactions (e.g. for `users.dat`).
  public var leaveOneOutSeed: UInt64?

  /// Creates an importer.
  public init(
    source: Source, name: String? = nil, userCount: Int? = nil, itemCount: Int? = nil, leaveOneOutSeed: UInt64? = nil
  ) {
    self.leaveOneOutSeed = leaveOneOutSeed
    self.source = source
    self.name = name
    self.userCount = userCount
    self.itemCount = itemCount
  }

  /// Reads the files and builds the graph.
  public func importGraph(note: (String) -> Void) throws -> Graph {
    var observed = EdgeListBuilder()
    var heldOut: [(name: String, builder: EdgeListBuilder, file: String)] = []
    var maxUser = -1
    var maxItem = -1
    let firstFile: URL
    switch source {
    case .userLists(let url):
      firstFile = url
      (maxUser, maxItem) = try readUserLists(url, into: &observed)
    case .pairs(let url, let held):
      firstFile = url
      (maxUser, maxItem) = try readPairs(url, into: &observed)
      for (heldName, heldURL) in held {
        try GraphDataError.attributing(to: AtomicFile.displayName(heldURL)) {
          try GraphSchema.checkName(heldName, field: "held-out set name")
        }
        var builder = EdgeListBuilder()
        let (u, i) = try readPairs(heldURL, into: &builder)
        maxUser = max(maxUser, u)
        maxItem = max(maxItem, i)
        heldOut.append((heldName, builder, AtomicFile.displayName(heldURL)))
      }
    }
    let users = userCount ?? maxUser + 1
    let items = itemCount ?? maxItem + 1
    let (parsed, merged) = try GraphDataError.attributing(to: AtomicFile.displayName(firstFile)) {
      try observed.matrix(rowCount: users, columnCount: items, duplicates: .max)
    }
    if merged > 0 { note("merged \(merged) duplicate user–item pairs") }
    var held: [String: CSRMatrix] = [:]
    for h in heldOut {
      let (m, mergedHeld) = try GraphDataError.attributing(to: h.file) {
        try h.builder.matrix(rowCount: users, columnCount: items, duplicates: .max)
      }
      if mergedHeld > 0 { note("\(h.name): merged \(mergedHeld) duplicate user–item pairs") }
      held[h.name] = m
    }
    var interactions = try Interactions(observed: parsed, heldOut: held)
    if let leaveOneOutSeed {
      interactions = try LeaveOneOutSplitter(seed: leaveOneOutSeed).split(interactions)
      note(
        "leave-one-out split (seed \(leaveOneOutSeed)): \(interactions.heldOut["test"]!.nonzeroCount) users hold out a valid and a test item"
      )
    }
    let matrix = interactions.observed

    // The bipartite graph: user u ↔ item node users + i.
    var bipartite = EdgeListBuilder(expectedEdges: matrix.nonzeroCount)
    for u in 0..<users {
      for k in matrix.rowPointers[u]..<matrix.rowPointers[u + 1] {
        bipartite.append(source: Int32(u), target: Int32(users) + matrix.columnIndices[k])
      }
    }
    let n = users + items
    let (adjacency, _) = try bipartite.matrix(rowCount: n, columnCount: n, symmetrize: true)
    let defaultName = firstFile.deletingLastPathComponent().lastPathComponent
    return try GraphDataError.attributing(to: AtomicFile.displayName(firstFile)) {
      try Graph(name: name ?? defaultName, isDirected: false, adjacency: adjacency, interactions: interactions)
    }
  }

  private func checkIds(user: Int, item: Int, file: String, line: Int, itemColumn: Int) throws {
    if let userCount, user >= userCount {
      throw GraphDataError(
        .index, file: file, location: .line(line, column: 1), expected: "user ids in 0..<\(userCount) (--users)",
        actual: "\(user)")
    }
    if let itemCount, item >= itemCount {
      throw GraphDataError(
        .index, file: file, location: .line(line, column: itemColumn),
        expected: "item ids in 0..<\(itemCount) (--items)", actual: "\(item)")
    }
  }

  private func readUserLists(_ url: URL, into builder: inout EdgeListBuilder) throws -> (Int, Int) {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var cells: [Range<Int>] = []
    var maxItem = -1
    var lastUser = -1
    try reader.forEachLine { number, line in
      let user = number - 1
      lastUser = user
      TextCells.split(line, .whitespace, into: &cells)
      guard let first = cells.first else { return }  // a user without interactions
      guard let count = TextCells.integer(line, first), count >= 0 else {
        throw GraphDataError(
          .parse, file: file, location: .line(number, column: 1), expected: "the user's item count",
          actual: TextCells.quoted(line, first))
      }
      guard cells.count - 1 == count else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil),
          expected: "\(count) item ids after the count \(count)", actual: "\(cells.count - 1)")
      }
      for c in 1..<cells.count {
        guard let item = TextCells.integer(line, cells[c]), item >= 0, item < Int(Int32.max) else {
          throw GraphDataError(
            .parse, file: file, location: .line(number, column: c + 1), expected: "a non-negative integer item id",
            actual: TextCells.quoted(line, cells[c]))
        }
        try checkIds(user: user, item: item, file: file, line: number, itemColumn: c + 1)
        maxItem = max(maxItem, item)
        builder.append(source: Int32(user), target: Int32(item))
      }
    }
    return (lastUser, maxItem)
  }

  private func readPairs(_ url: URL, into builder: inout EdgeListBuilder) throws -> (Int, Int) {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var maxUser = -1
    var maxItem = -1
    // A first row that does not start with a number is the header ("user<TAB>item").
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      !cells.isEmpty && TextCells.integer(line, cells[0]) == nil
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      guard cells.count >= 2 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "2 columns (user, item)",
          actual: "\(cells.count)")
      }
      var ids = [0, 0]
      for c in 0..<2 {
        guard let v = TextCells.integer(line, cells[c]), v >= 0, v < Int(Int32.max) else {
          throw GraphDataError(
            .parse, file: file, location: .line(number, column: c + 1),
            expected: "a non-negative integer \(c == 0 ? "user" : "item") id", actual: TextCells.quoted(line, cells[c]))
        }
        ids[c] = v
      }
      try checkIds(user: ids[0], item: ids[1], file: file, line: number, itemColumn: 2)
      maxUser = max(maxUser, ids[0])
      maxItem = max(maxItem, ids[1])
      builder.append(source: Int32(ids[0]), target: Int32(ids[1]))
    }
    return (maxUser, maxItem)
  }
}
