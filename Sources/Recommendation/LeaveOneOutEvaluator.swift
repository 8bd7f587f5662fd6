import Tensors

/// The leave-one-out protocol of DE-RRD: each user's held-out item is ranked among 499 items the
/// user never interacted with (not observed, not the validation or test item), sampled once per
/// seed and then fixed for every model and epoch of that seed.
///
/// The test item is ranked against the candidates (the validation item left out), and the
/// validation item likewise; a candidate with exactly the held-out item's score ranks below it
/// (the reference code's stable sort puts the held-out item first).
public struct LeaveOneOutEvaluator: Sendable {
  /// The number of sampled negative candidates per user (499 in the paper).
  public let candidateCount: Int
  /// The users evaluated (those with a validation and a test item).
  public let users: [Int]
  /// Per evaluated user: the candidates, then the test item, then the validation item.
  let lists: [[Int32]]
  let data: RecommendationData

  /// The per-user metrics of one model on one held-out set.
  public struct Result: Sendable, Codable, Equatable {
    /// On the validation items.
    public var valid: RankingMetrics
    /// On the test items.
    public var test: RankingMetrics
  }

  /// Samples the candidates for `seed`.
  /// - Throws: ``Tensors/TensorError`` when a user has fewer than `candidateCount` unknown items.
  public init(data: RecommendationData, candidateCount: Int = 499, seed: UInt64) throws {
    self.candidateCount = candidateCount
    self.data = data
    users = data.evaluatedUsers
    var generator = Xoshiro256StarStar(seed: seed, stream: 0x4C4F4F)
    var lists: [[Int32]] = []
    lists.reserveCapacity(users.count)
    for u in users {
      let unknown = data.itemCount - data.trainItems[u].count - 2
      guard unknown >= candidateCount else {
        throw TensorError.value(
          "LeaveOneOutEvaluator", expected: "at least \(candidateCount) never-interacted items for user \(u)",
          actual: "\(unknown)")
      }
      var chosen = Set<Int32>()
      var list: [Int32] = []
      list.reserveCapacity(candidateCount + 2)
      while list.count < candidateCount {
        let item = Int32(generator.nextInt(below: data.itemCount))
        if !data.isKnown(user: u, item: item), chosen.insert(item).inserted { list.append(item) }
      }
      list.append(data.testItem[u])
      list.append(data.validItem[u])
      lists.append(list)
    }
    self.lists = lists
  }

  /// The sampled candidates of the `k`-th evaluated user (for inspection and tests).
  public func candidates(ofEvaluatedUser k: Int) -> [Int32] { Array(lists[k].prefix(candidateCount)) }

  /// The HR/NDCG/MRR of `model` on the validation and the test items.
  public func evaluate(_ model: MatrixFactorization, threads: Int = Parallelism.threadCount) -> Result {
    var testRanks = [Int](repeating: 0, count: users.count)
    var validRanks = [Int](repeating: 0, count: users.count)
    let chunks = Parallelism.ranges(count: users.count, parts: threads * 4)
    testRanks.withUnsafeMutableBufferPointer { tr in
      validRanks.withUnsafeMutableBufferPointer { vr in
        nonisolated(unsafe) let (tr, vr) = (tr, vr)
        Parallelism.forEach(chunks: chunks.count, threads: threads) { c in
          for k in chunks[c] {
            let s = model.scores(user: users[k], items: lists[k])
            let (test, valid) = (s[candidateCount], s[candidateCount + 1])
            var (rt, rv) = (1, 1)
            for j in 0..<candidateCount {
              if s[j] > test { rt += 1 }
              if s[j] > valid { rv += 1 }
            }
            tr[k] = rt
            vr[k] = rv
          }
        }
      }
    }
    return Result(valid: RankingMetrics(meanOverRanks: validRanks), test: RankingMetrics(meanOverRanks: testRanks))
  }
}
