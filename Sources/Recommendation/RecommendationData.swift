import GraphData
import Tensors

/// The leave-one-out view of a recommendation dataset: each user's observed (training) items,
/// and at most one held-out validation and one held-out test item per user.
///
/// Built from ``GraphData/Interactions`` (the HDF5 `/interactions` group): the observed matrix
/// and the held-out sets named `valid` and `test`.
///
/// ```swift
/// let graph = try HDF5GraphStore.read(from: url)
/// let data = try RecommendationData(graph: graph, file: url.lastPathComponent)
/// data.trainItems[0]   // user 0's observed items, sorted
/// ```
public struct RecommendationData: Sendable {
  /// The number of users.
  public let userCount: Int
  /// The number of items.
  public let itemCount: Int
  /// Each user's observed items, sorted ascending.
  public let trainItems: [[Int32]]
  /// Each user's validation item, or -1 when the user has none.
  public let validItem: [Int32]
  /// Each user's test item, or -1 when the user has none.
  public let testItem: [Int32]
  /// The observed interactions as (user, item) pairs, user-major.
  public let trainPairs: [(user: Int32, item: Int32)]
  /// Each item's observed users, sorted ascending (the transpose of ``trainItems``).
  public let trainUsers: [[Int32]]

  /// The number of observed interactions.
  public var interactionCount: Int { trainPairs.count }

  /// Builds the view from a graph that holds interactions with `valid` and `test` held-out sets.
  /// - Parameter file: the file's name, for error messages.
  /// - Throws: ``GraphData/GraphDataError`` when the graph has no interactions, a held-out set is
  ///   missing, or a user has more than one held-out item in a set.
  public init(graph: Graph, file: String = "") throws {
    guard let interactions = graph.interactions else {
      throw GraphDataError(
        .missingField, file: file, location: .field("interactions"),
        expected: "a recommendation dataset (/interactions, from `graphkd convert interactions`)",
        actual: "a graph without interactions")
    }
    try self.init(interactions: interactions, file: file)
  }

  /// Builds the view from interactions with `valid` and `test` held-out sets.
  /// - Throws: ``GraphData/GraphDataError`` as ``init(graph:file:)``.
  public init(interactions: Interactions, file: String = "") throws {
    let observed = interactions.observed
    userCount = interactions.userCount
    itemCount = interactions.itemCount
    var train: [[Int32]] = []
    var pairs: [(user: Int32, item: Int32)] = []
    pairs.reserveCapacity(observed.nonzeroCount)
    for u in 0..<userCount {
      let row = Array(observed.columnIndices[observed.rowPointers[u]..<observed.rowPointers[u + 1]]).sorted()
      train.append(row)
      for i in row { pairs.append((Int32(u), i)) }
    }
    trainItems = train
    trainPairs = pairs
    var byItem = [[Int32]](repeating: [], count: itemCount)
    for pair in pairs { byItem[Int(pair.item)].append(pair.user) }  // user-major: each list sorted
    trainUsers = byItem
    func single(_ name: String) throws -> [Int32] {
      guard let m = interactions.heldOut[name] else {
        throw GraphDataError(
          .missingField, file: file, location: .field("interactions/held_out/\(name)"),
          expected: "a held-out '\(name)' set (one item per user; convert with --\(name), or --leave-one-out-seed)",
          actual: "none (held-out sets: \(interactions.heldOut.keys.sorted().joined(separator: ", ")))")
      }
      var out = [Int32](repeating: -1, count: m.rowCount)
      for u in 0..<m.rowCount {
        let n = m.rowPointers[u + 1] - m.rowPointers[u]
        guard n <= 1 else {
          throw GraphDataError(
            .shape, file: file, location: .field("interactions/held_out/\(name)"),
            expected: "at most one held-out item per user (leave-one-out)", actual: "\(n) items for user \(u)")
        }
        if n == 1 { out[u] = m.columnIndices[m.rowPointers[u]] }
      }
      return out
    }
    validItem = try single("valid")
    testItem = try single("test")
  }

  /// Whether `user` interacted with `item` in the observed data (binary search).
  @inlinable
  public func isObserved(user: Int, item: Int32) -> Bool {
    binaryContains(trainItems[user], item)
  }

  /// Whether `item` is one of `user`'s observed, validation or test items.
  @inlinable
  public func isKnown(user: Int, item: Int32) -> Bool {
    item == validItem[user] || item == testItem[user] || isObserved(user: user, item: item)
  }

  /// The users with both a validation and a test item (the users evaluated).
  public var evaluatedUsers: [Int] { (0..<userCount).filter { validItem[$0] >= 0 && testItem[$0] >= 0 } }
}
