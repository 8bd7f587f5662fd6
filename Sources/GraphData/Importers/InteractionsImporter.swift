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
/// User and item ids are read as ``ids`` says (``NodeIdentifiers``): dense 0-based integers are
/// indices, and their counts are the largest id + 1 over all files unless given; any other ids
/// (names, keys, large integers) are numbered `0..<U` and `0..<I` (integers ascending, names in
/// order of first appearance over the files) and kept as the graph's node names. Users of
/// `users.dat` are its line numbers. Duplicate pairs are merged. The graph's adjacency is the
/// undirected bipartite user–item graph of the observed interactions: users are nodes `0..<U`,
/// items `U..<U+I`.
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
  /// How user and item ids are read (declaring ``userCount`` or ``itemCount`` makes those ids
  /// indices).
  public var ids = NodeIdentifiers.auto
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
    for (count, option) in [(userCount, "--users"), (itemCount, "--items")] {
      if let count { try ImportLimits.checkCount(count, file: option, field: option) }
    }
    var users = userCount != nil || ids == .integer ? IdentifierColumn() : ids == .string ? .names() : .init()
    var items = itemCount != nil || ids == .integer ? IdentifierColumn() : ids == .string ? .names() : .init()
    // The interactions of each file: (name of a held-out set or nil, file, pairs read).
    var files: [(name: String?, file: String, pairs: Int)] = []
    var listedUsers = 0  // users.dat: its lines, users without interactions included
    let firstFile: URL
    switch source {
    case .userLists(let url):
      firstFile = url
      users = IdentifierColumn()  // users are line numbers
      listedUsers = try readUserLists(url, users: &users, items: &items)
      files.append((nil, AtomicFile.displayName(url), users.idCells))
    case .pairs(let url, let held):
      firstFile = url
      try readPairs(url, users: &users, items: &items)
      files.append((nil, AtomicFile.displayName(url), users.idCells))
      for (heldName, heldURL) in held {
        try GraphDataError.attributing(to: AtomicFile.displayName(heldURL)) {
          try GraphSchema.checkName(heldName, field: "held-out set name")
        }
        let before = users.idCells
        try readPairs(heldURL, users: &users, items: &items)
        files.append((heldName, AtomicFile.displayName(heldURL), users.idCells - before))
      }
    }
    let isUserLists = if case .userLists = source { true } else { false }
    let (userIds, userNames) = try resolve(
      users, declared: userCount, what: "user", declare: "--users U", indicesOnly: isUserLists, note: note)
    let (itemIds, itemNames) = try resolve(
      items, declared: itemCount, what: "item", declare: "--items I", indicesOnly: false, note: note)
    let userTotal = userCount ?? userNames?.count ?? max(Int(userIds.max() ?? -1) + 1, listedUsers)
    let itemTotal = itemCount ?? itemNames?.count ?? Int(itemIds.max() ?? -1) + 1

    var offset = 0
    var parsed: CSRMatrix?
    var held: [String: CSRMatrix] = [:]
    for f in files {
      var builder = EdgeListBuilder(expectedEdges: f.pairs)
      for k in offset..<(offset + f.pairs) { builder.append(source: userIds[k], target: itemIds[k]) }
      offset += f.pairs
      let (m, merged) = try GraphDataError.attributing(to: f.file) {
        try builder.matrix(rowCount: userTotal, columnCount: itemTotal, duplicates: .max)
      }
      if merged > 0 { note((f.name.map { "\($0): " } ?? "") + "merged \(merged) duplicate user–item pairs") }
      if let name = f.name { held[name] = m } else { parsed = m }
    }
    let nodeNames: [String]? =
      userNames == nil && itemNames == nil
      ? nil
      : (userNames ?? (0..<userTotal).map(String.init)) + (itemNames ?? (0..<itemTotal).map(String.init))
    var interactions = try Interactions(observed: parsed!, heldOut: held)
    if let leaveOneOutSeed {
      interactions = try LeaveOneOutSplitter(seed: leaveOneOutSeed).split(interactions)
      note(
        "leave-one-out split (seed \(leaveOneOutSeed)): \(interactions.heldOut["test"]!.nonzeroCount) users hold out a valid and a test item"
      )
    }
    let matrix = interactions.observed

    // The bipartite graph: user u ↔ item node users + i.
    var bipartite = EdgeListBuilder(expectedEdges: matrix.nonzeroCount)
    for u in 0..<userTotal {
      for k in matrix.rowPointers[u]..<matrix.rowPointers[u + 1] {
        bipartite.append(source: Int32(u), target: Int32(userTotal) + matrix.columnIndices[k])
      }
    }
    let n = userTotal + itemTotal
    let (adjacency, _) = try bipartite.matrix(rowCount: n, columnCount: n, symmetrize: true)
    let defaultName = firstFile.deletingLastPathComponent().lastPathComponent
    return try GraphDataError.attributing(to: AtomicFile.displayName(firstFile)) {
      try Graph(
        name: name ?? defaultName, isDirected: false, adjacency: adjacency, nodeNames: nodeNames,
        interactions: interactions)
    }
  }

  /// The ids of one column as indices, and their names when mapped.
  private func resolve(
    _ column: IdentifierColumn, declared: Int?, what: String, declare: String, indicesOnly: Bool,
    note: (String) -> Void
  ) throws -> (ids: [Int32], names: [String]?) {
    guard column.integers != nil, let largest = column.largest else { return column.resolved(indices: false) }
    if indicesOnly || declared != nil { return column.resolved(indices: true) }  // checked while reading
    let indices = try ids.usesIndices(
      smallest: column.smallest ?? 0, largest: (largest.value, largest.file, largest.line), idsRead: column.idCells,
      bound: 4 * column.idCells, what: what, declare: declare, note: note)
    return column.resolved(indices: indices)
  }

  private func checkIds(user: Int?, item: Int?, file: String, line: Int, itemColumn: Int) throws {
    if let userCount, let user, user >= userCount {
      throw GraphDataError(
        .index, file: file, location: .line(line, column: 1), expected: "user ids in 0..<\(userCount) (--users)",
        actual: "\(user)")
    }
    if let itemCount, let item, item >= itemCount {
      throw GraphDataError(
        .index, file: file, location: .line(line, column: itemColumn),
        expected: "item ids in 0..<\(itemCount) (--items)", actual: "\(item)")
    }
  }

  /// Whether a column's ids must be non-negative integers below 2³¹ − 1 (declared counts and
  /// `--ids integer`).
  private func indicesRequired(_ declared: Int?) -> Bool { declared != nil || ids == .integer }

  /// Reads `users.dat`; returns its number of lines (users).
  private func readUserLists(
    _ url: URL, users: inout IdentifierColumn, items: inout IdentifierColumn
  ) throws -> Int {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    var cells: [Range<Int>] = []
    var lines = 0
    try reader.forEachLine { number, line in
      let user = number - 1
      lines = number
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
      try checkIds(user: user, item: nil, file: file, line: number, itemColumn: 2)
      for c in 1..<cells.count {
        let item = try integerId(
          line, cells[c], required: indicesRequired(itemCount), what: "item", file: file,
          line: number, column: c + 1)
        try checkIds(user: nil, item: item, file: file, line: number, itemColumn: c + 1)
        users.appendInteger(user, at: number, column: 1, file: file)
        items.append(line, cells[c], at: number, column: c + 1, file: file)
      }
    }
    return lines
  }

  private func readPairs(_ url: URL, users: inout IdentifierColumn, items: inout IdentifierColumn) throws {
    let reader = try TextLineReader(url: url)
    let file = reader.file
    // A first row whose first cell is not a number is the header ("user<TAB>item"), unless ids
    // may be names: then only a row of column names is.
    let isHeader = { (line: UnsafeMutableBufferPointer<UInt8>, cells: [Range<Int>]) in
      DelimitedFiles.looksLikeHeader(line, cells, ids: ids)
    }
    try reader.forEachRow(isHeader: isHeader) { number, line, cells in
      guard cells.count >= 2 else {
        throw GraphDataError(
          .shape, file: file, location: .line(number, column: nil), expected: "2 columns (user, item)",
          actual: "\(cells.count)")
      }
      let user = try integerId(
        line, cells[0], required: indicesRequired(userCount), what: "user", file: file,
        line: number, column: 1)
      let item = try integerId(
        line, cells[1], required: indicesRequired(itemCount), what: "item", file: file,
        line: number, column: 2)
      try checkIds(user: user, item: item, file: file, line: number, itemColumn: 2)
      users.append(line, cells[0], at: number, column: 1, file: file)
      items.append(line, cells[1], at: number, column: 2, file: file)
    }
  }

  /// The cell as an integer id; an error when it must be an index and is not one.
  private func integerId(
    _ line: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, required: Bool, what: String, file: String,
    line number: Int, column: Int
  ) throws -> Int? {
    let v = TextCells.integer(line, range)
    if required {
      guard let v, v >= 0, v < Int(Int32.max) else {
        throw GraphDataError(
          .parse, file: file, location: .line(number, column: column),
          expected: "a non-negative integer \(what) id", actual: TextCells.quoted(line, range))
      }
    }
    guard !range.isEmpty else {
      throw GraphDataError(
        .parse, file: file, location: .line(number, column: column), expected: "a \(what) id",
        actual: "an empty cell")
    }
    return v
  }
}
