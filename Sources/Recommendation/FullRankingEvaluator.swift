import Foundation
import Tensors

/// Full-ranking evaluation, what practitioners report today: every item the user has not
/// interacted with in training (nor the validation item) is ranked, and the test item's place
/// in the top K gives Recall@K (= |top-K ∩ test| / |test|, here one test item) and NDCG@K.
public enum FullRankingEvaluator {
  /// Recall@K and NDCG@K by cut-off.
  public struct Result: Sendable, Codable, Equatable {
    /// Recall@K by K.
    public var recall: [Int: Double]
    /// NDCG@K by K.
    public var ndcg: [Int: Double]
  }

  /// The lists the evaluator scores: each user's `length` best items among those it did not
  /// interact with in training, the validation item excluded too, best first.
  public static func rankings(
    _ model: MatrixFactorization, data: RecommendationData, length: Int, threads: Int = Parallelism.threadCount
  ) throws -> [[Int32]] {
    try TopKRanking.topK(
      model, k: length, excluding: { u, i in i == data.validItem[u] || data.isObserved(user: u, item: i) },
      threads: threads)
  }

  /// Evaluates `model` on the test items at `cutoffs`.
  public static func evaluate(
    _ model: MatrixFactorization, data: RecommendationData, cutoffs: [Int] = [10, 20, 50],
    threads: Int = Parallelism.threadCount
  ) throws -> Result {
    let top = try rankings(model, data: data, length: cutoffs.max() ?? 20, threads: threads)
    var recall: [Int: Double] = [:]
    var ndcg: [Int: Double] = [:]
    let users = data.evaluatedUsers
    for c in cutoffs {
      var (r, n) = (0.0, 0.0)
      for u in users {
        if let p = top[u].prefix(c).firstIndex(of: data.testItem[u]) {
          r += 1
          n += 1 / log2(Double(p) + 2)
        }
      }
      recall[c] = r / Double(max(users.count, 1))
      ndcg[c] = n / Double(max(users.count, 1))
    }
    return Result(recall: recall, ndcg: ndcg)
  }
}
