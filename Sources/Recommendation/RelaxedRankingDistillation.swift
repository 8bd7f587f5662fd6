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
public struct RelaxedRankingDistillation: Sendable {
  /// How the interesting items are chosen.
  public enum Interesting: String, Sendable, Codable, CaseIterable {
    /// Sampled from the top-N list with probability ∝ `e^{−rank/T}`.
    case sampled
    /// The teacher's top K, unchanged every epoch.
    case topK = "top-k"
  }

  /// The number of interesting items K per user.
  public var interestingCount: Int
  /// The number of uninteresting items L per user.
  public var uninterestingCount: Int
  /// The rank temperature T of the sampling distribution.
  public var rankTemperature: Double
  /// How interesting items are chosen.
  public var interesting: Interesting
  /// The teacher's top-N unobserved items per user, best first.
  public let teacherTopLists: [[Int32]]
  let sortedTopLists: [[Int32]]

  /// A distiller from the teacher's top lists (see ``TopKRanking``).
  /// - Throws: ``Tensors/TensorError`` when a list is shorter than K.
  public init(
    teacherTopLists: [[Int32]], interestingCount: Int = 40, uninterestingCount: Int = 40,
    rankTemperature: Double = 10, interesting: Interesting = .sampled
  ) throws {
    for (u, list) in teacherTopLists.enumerated() where list.count < interestingCount {
      throw TensorError.value(
        "RelaxedRankingDistillation", expected: "teacher top lists of at least K = \(interestingCount) items",
        actual: "\(list.count) for user \(u)")
    }
    self.teacherTopLists = teacherTopLists
    sortedTopLists = teacherTopLists.map { $0.sorted() }
    self.interestingCount = interestingCount
    self.uninterestingCount = uninterestingCount
    self.rankTemperature = rankTemperature
    self.interesting = interesting
  }

  /// One epoch's samples: per user, K interesting items (teacher order) and L uninteresting ones.
  /// - Throws: ``Tensors/TensorError`` when a user has fewer than L items left to draw from.
  public func sample(data: RecommendationData, generator: inout Xoshiro256StarStar) throws -> (
    interesting: [[Int32]], uninteresting: [[Int32]]
  ) {
    var interestingItems: [[Int32]] = []
    var uninterestingItems: [[Int32]] = []
    interestingItems.reserveCapacity(data.userCount)
    uninterestingItems.reserveCapacity(data.userCount)
    var keys: [(key: Double, rank: Int)] = []
    for u in 0..<data.userCount {
      let list = teacherTopLists[u]
      switch interesting {
      case .topK:
        interestingItems.append(Array(list.prefix(interestingCount)))
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
        interestingItems.append(ranks.map { list[$0] })
      }
      var chosen: [Int32] = []
      chosen.reserveCapacity(uninterestingCount)
      let sortedTop = sortedTopLists[u]
      let available = data.itemCount - data.trainItems[u].count - sortedTop.count
      guard available >= uninterestingCount else {
        throw TensorError.value(
          "RelaxedRankingDistillation", expected: "at least L = \(uninterestingCount) uninteresting items per user",
          actual: "\(available) for user \(u)")
      }
      while chosen.count < uninterestingCount {
        let item = Int32(generator.nextInt(below: data.itemCount))
        if data.isObserved(user: u, item: item) || binaryContains(sortedTop, item) || chosen.contains(item) { continue }
        chosen.append(item)
      }
      uninterestingItems.append(chosen)
    }
    return (interestingItems, uninterestingItems)
  }
}

func binaryContains(_ sorted: [Int32], _ x: Int32) -> Bool {
  var (lo, hi) = (0, sorted.count)
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
  }
  return lo < sorted.count && sorted[lo] == x
}
