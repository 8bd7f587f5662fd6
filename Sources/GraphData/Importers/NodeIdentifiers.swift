import Foundation

/// How an importer reads the node ids of a delimited file (`graphkd convert csv --ids`).
///
/// Real edge lists name nodes by database keys, part numbers or paper ids as often as by
/// 0-based row numbers. The ids a file uses are mapped to the graph's nodes `0..<N`, and the
/// original ids are kept as the graph's node names (`/node_names`):
/// - `integer`: ids are the node indices themselves (0-based integers); the largest id must be
///   plausible for the input (below four times the number of id cells read, or the number of
///   feature rows, or `--nodes`), so that a stray `2000000000` cannot make a graph of two billion
///   nodes. Nothing is renamed and no node names are stored.
/// - `string`: every id is a name. Nodes are numbered in order of first appearance: the edge
///   file, then the feature file's id column, then the label file.
/// - `auto` (default): dense 0-based integer ids are used as indices, as with `integer`; any other
///   ids — a name, a negative or very large integer, ids far sparser than the rows read — are
///   mapped: integers in ascending numeric order, otherwise as with `string`.
///
/// With mapped ids, a feature file is keyed too: its first column is the node id (a `.npy` matrix,
/// which has no id column, is accepted only for index ids).
public enum NodeIdentifiers: String, CaseIterable, Codable, Sendable {
  /// Integer indices where they are dense, names otherwise.
  case auto
  /// 0-based integer node indices.
  case integer
  /// Names, numbered in order of first appearance.
  case string
}

extension NodeIdentifiers {
  /// Whether integer ids from `smallest` to `largest` are used as indices: with `auto` when they
  /// are dense — non-negative and the largest below `bound` (four times the ids read, or another
  /// size the input vouches for) — and with `integer` always, after the same check, which
  /// refuses an implausible id rather than allocating for it.
  /// - Parameters:
  ///   - largest: the largest id and where it is (file and line).
  ///   - what: what the ids name (`node`, `user`, `item`), for messages.
  ///   - declare: the option that declares a larger count (`--nodes N`).
  func usesIndices(
    smallest: Int, largest: (value: Int, file: String, line: Int), idsRead: Int, bound: Int, what: String,
    declare: String, note: (String) -> Void
  ) throws -> Bool {
    let dense = smallest >= 0 && largest.value < bound && largest.value < Int(Int32.max)
    switch self {
    case .string: return false
    case .auto:
      if !dense {
        note(
          "\(what) ids are not dense 0-based indices (largest \(largest.value) on \(largest.file) line \(largest.line), "
            + "\(idsRead) ids read): numbered 0..<N in ascending order, originals kept as names")
      }
      return dense
    case .integer:
      if dense { return true }
      if smallest < 0 {
        throw GraphDataError(
          .index, file: largest.file, location: .file, expected: "non-negative \(what) ids (--ids integer)",
          actual: "\(smallest); --ids auto numbers any ids 0..<N")
      }
      throw GraphDataError(
        .index, file: largest.file, location: .line(largest.line, column: nil),
        expected: "\(what) ids below \(bound) (four times the \(idsRead) ids read"
          + (bound > 4 * idsRead ? ", or the size the input declares" : "")
          + "): --ids integer uses them as indices; --ids auto numbers any ids 0..<N, \(declare) declares a larger "
          + "count",
        actual: "\(largest.value)")
    }
  }
}

/// Sizes an importer may allocate by.
enum ImportLimits {
  /// The most nodes this machine's memory can hold: their per-node arrays (adjacency row
  /// pointers, labels, degrees; about 32 bytes a node) within half the physical memory, and
  /// indices that fit in 32 bits.
  static var maximumNodes: Int { Int(min(ProcessInfo.processInfo.physicalMemory / 64, UInt64(Int32.max))) }

  /// Checks a declared node (user, item) count before anything is allocated by it.
  static func checkCount(_ n: Int, file: String, field: String) throws {
    guard n >= 0, n <= maximumNodes else {
      throw GraphDataError(
        .value, file: file, location: .field(field),
        expected: "a node count this machine can hold (at most \(maximumNodes))", actual: "\(n)")
    }
  }
}

/// The names of a graph's nodes as an importer meets them, each given the next index.
struct NodeNameIndex {
  private(set) var names: [String] = []
  private var index: [String: Int32] = [:]

  /// The node count so far.
  var count: Int { names.count }

  /// The index of `name`, adding it when new.
  mutating func index(of name: String) -> Int32 {
    if let i = index[name] { return i }
    let i = Int32(names.count)
    index[name] = i
    names.append(name)
    return i
  }

  /// The index of `name`, or `nil` when it has not been met.
  func existing(_ name: String) -> Int32? { index[name] }
}

/// Common names of the columns of an edge, feature or label file's header row, which tell a
/// header from a first row of string ids (lower-case).
enum HeaderWords {
  static let all: Set<String> = [
    "source", "target", "src", "dst", "from", "to", "u", "v", "head", "tail", "node", "node_id", "nodeid", "id",
    "name", "key", "weight", "w", "label", "class", "category", "user", "user_id", "item", "item_id", "feature",
  ]

  /// Whether every cell of `cells` is a common column name (or empty).
  static func areAll(_ line: UnsafeMutableBufferPointer<UInt8>, _ cells: [Range<Int>]) -> Bool {
    !cells.isEmpty
      && cells.allSatisfy { range in
        let text = TextCells.text(line, range).lowercased()
        return text.isEmpty || all.contains(text) || text.hasPrefix("feature")
          || text.hasPrefix("x")
            && Int(text.dropFirst()) != nil
      }
  }
}
