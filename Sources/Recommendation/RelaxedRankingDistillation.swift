import Foundation
import Tensors

/// Relaxed Ranking Distillation (RRD, Kang et al., CIKM 2020): from the teacher's ranking of
/// each user's unobserved items, K "interesting" items (from the top of the list) and L
/// "uninteresting" items (from everything else) are drawn every epoch; the student is trained
/// with ``Tensors/relaxedRankingLoss(interesting:uninteresting:)`` to rank the interesting
/// items in the teacher's order and above all the uninteresting ones.
///
/// Interesting items are either sampled without replacement from the teacher's top-N list with
/// probability ∝ `e^{−rank/T}` (the paper; `rank` 1-based) and kept in the teacher's order, or
/// are exactly the teacher's top K (``Interesting/topK``, which the authors later found better).
/// Uninteresting items are drawn uniformly from the items neither observed nor in the top-N list.
///
/// The same distillation runs on the item side (``Side/items``, the "IR" term of the authors'
/// follow-up IR-RRD, Kang et al., Information Sciences 2021): per item, the interesting users are
/// drawn from the teacher's top-N users of that item and the uninteresting ones from the users
/// who neither interacted with it nor are in that list, and the student ranks users per item.
public struct RelaxedRankingDistillation: Sendable {
  /// Whose rankings are distilled: each user's ranking of items, or each item's ranking of users.
  public enum Side: String, Sendable, Codable, CaseIterable {
    /// Per user, a ranking of items (RRD).
    case users
    /// Per item, a ranking of users (IR-RRD's item-side term).
    case items
  }

  /// How the interesting items are chosen.
  public enum Interesting: String, Sendable, Codable, CaseIterable {
    /// Sampled from the top-N list with probability ∝ `e^{−rank/T}`.
    case sampled
    /// The teacher's top K, unchanged every epoch.
    case topK = "top-k"
  }

  /// The number of interesting items (users on the item side) K per row.
  public var interestingCount: Int
  /// The number of uninteresting items (users) L per row.
  public var uninterestingCount: Int
  /// The rank temperature T of the sampling distribution.
  public var rankTemperature: Double
  /// How interesting items are chosen.
  public var interesting: Interesting
  /// Users (rows: users, candidates: items) or items (rows: items, candidates: users).
  public var side: Side
  /// The teacher's top-N unobserved candidates per row, best first.
  public let teacherTopLists: [[Int32]]
  let sortedTopLists: [[Int32]]

  /// A distiller from the teacher's top lists (see ``TopKRanking``; on the item side, the lists
  /// of the transposed model).
  /// - Throws: ``Tensors/TensorError`` when a list is shorter than K.
  public init(
    teacherTopLists: [[Int32]], interestingCount: Int = 40, uninterestingCount: Int = 40,
    rankTemperature: Double = 10, interesting: Interesting = .sampled, side: Side = .users
  ) throws {
    for (r, list) in teacherTopLists.enumerated() where list.count < interestingCount {
      throw TensorError.value(
        "RelaxedRankingDistillation",
        expected: "teacher top lists of at least K = \(interestingCount) \(side == .users ? "items" : "users")",
        actual: "\(list.count) for \(side == .users ? "user" : "item") \(r)")
    }
    self.teacherTopLists = teacherTopLists
    sortedTopLists = teacherTopLists.map { $0.sorted() }
    self.interestingCount = interestingCount
    self.uninterestingCount = uninterestingCount
    self.rankTemperature = rankTemperature
    self.interesting = interesting
    self.side = side
  }

  /// One epoch's samples: per row (user, or item on the item side), K interesting candidates
  /// (teacher order) and L uninteresting ones.
  /// - Throws: ``Tensors/TensorError`` when a row has fewer than L candidates left to draw from.
  public func sample(data: RecommendationData, generator: inout Xoshiro256StarStar) throws -> (
    interesting: [[Int32]], uninteresting: [[Int32]]
  ) {
    let (observed, candidateCount) =
      side == .users ? (data.trainItems, data.itemCount) : (data.trainUsers, data.userCount)
    let rowName = side == .users ? "user" : "item"
    var interestingRows: [[Int32]] = []
    var uninterestingRows: [[Int32]] = []
    interestingRows.reserveCapacity(observed.count)
    uninterestingRows.reserveCapacity(observed.count)
    var keys: [(key: Double, rank: Int)] = []
    for row in 0..<observed.count {
      let list = teacherTopLists[row]
      switch interesting {
      case .topK:
        interestingRows.append(Array(list.prefix(interestingCount)))
      case .sampled:
        // Weighted sampling without replacement (Efraimidis & Spirakis): the K largest
        // keys log(U)/w with w = e^{−rank/T}, i.e. log(U)·e^{rank/T}.
        keys.removeAll(keepingCapacity: true)
        for r in 0..<list.count {
          let uniform = max(generator.nextDouble(), 1e-300)
          keys.append((Foundation.log(uniform) * exp(Double(r + 1) / rankTemperature), r))
        }
        keys.sort { $0.key > $1.key }
        let ranks = keys.prefix(interestingCount).map(\.rank).sorted()
        interestingRows.append(ranks.map { list[$0] })
      }
      var chosen: [Int32] = []
      chosen.reserveCapacity(uninterestingCount)
      let sortedTop = sortedTopLists[row]
      let seen = observed[row]
      let available = candidateCount - seen.count - sortedTop.count
      guard available >= uninterestingCount else {
        throw TensorError.value(
          "RelaxedRankingDistillation",
          expected: "at least L = \(uninterestingCount) uninteresting candidates per \(rowName)",
          actual: "\(available) for \(rowName) \(row)")
      }
      while chosen.count < uninterestingCount {
        let candidate = Int32(generator.nextInt(below: candidateCount))
        if binaryContains(seen, candidate) || binaryContains(sortedTop, candidate) || chosen.contains(candidate) {
          continue
        }
        chosen.append(candidate)
      }
      uninterestingRows.append(chosen)
    }
    return (interestingRows, uninterestingRows)
  }
}

/// Whether the ascending array `sorted` holds `x` (binary search).
@usableFromInline
func binaryContains(_ sorted: [Int32], _ x: Int32) -> Bool {
  var (lo, hi) = (0, sorted.count)
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
  }
  return lo < sorted.count && sorted[lo] == x
}
