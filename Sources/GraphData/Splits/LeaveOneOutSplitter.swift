import Tensors

/// A seeded leave-one-out split of implicit feedback (the DE-RRD protocol): for every user with
/// at least `minimumInteractions` observed items, one item drawn uniformly becomes the test
/// item and another the validation item; the rest stay observed. Users with fewer keep all
/// their items and are not evaluated.
///
/// ```swift
/// let split = try LeaveOneOutSplitter(seed: 0).split(interactions)   // held-out "valid", "test"
/// ```
public struct LeaveOneOutSplitter: Sendable {
  /// The seed of the draws.
  public var seed: UInt64
  /// Users with fewer observed items are not split.
  public var minimumInteractions: Int

  /// Creates a splitter.
  public init(seed: UInt64, minimumInteractions: Int = 3) {
    self.seed = seed
    self.minimumInteractions = max(minimumInteractions, 3)
  }

  /// The interactions with one validation and one test item moved out of each eligible user's
  /// observed items (any existing held-out sets are kept, except `valid` and `test`).
  /// - Throws: ``GraphDataError`` when the result is inconsistent (never for valid input).
  public func split(_ interactions: Interactions) throws -> Interactions {
    var generator = Xoshiro256StarStar(seed: seed, stream: 0x4C4F4F)
    let m = interactions.observed
    var pointers = [0]
    var indices: [Int32] = []
    var validPointers = [0]
    var validIndices: [Int32] = []
    var testPointers = [0]
    var testIndices: [Int32] = []
    for u in 0..<m.rowCount {
      var row = Array(m.columnIndices[m.rowPointers[u]..<m.rowPointers[u + 1]])
      if row.count >= minimumInteractions {
        let picks = generator.sample(2, from: row.count)
        testIndices.append(row[picks[0]])
        validIndices.append(row[picks[1]])
        for p in picks.sorted(by: >) { row.remove(at: p) }
      }
      indices.append(contentsOf: row)
      pointers.append(indices.count)
      validPointers.append(validIndices.count)
      testPointers.append(testIndices.count)
    }
    func matrix(_ p: [Int], _ i: [Int32]) throws -> CSRMatrix {
      try GraphDataError.attributing(to: "") {
        try CSRMatrix(rowCount: m.rowCount, columnCount: m.columnCount, rowPointers: p, columnIndices: i)
      }
    }
    var held = interactions.heldOut
    held["valid"] = try matrix(validPointers, validIndices)
    held["test"] = try matrix(testPointers, testIndices)
    return try Interactions(observed: matrix(pointers, indices), heldOut: held)
  }
}
