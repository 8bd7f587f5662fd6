import Foundation
import GraphData
import Recommendation
import Tensors
import Testing

@Suite struct RecommendationMetricsTests {
  @Test func hitRatioNDCGAndMRRByHand() {
    let first = RankingMetrics(rank: 1)
    #expect(first.hitRatio[5] == 1 && first.ndcg[5] == 1 && first.mrr[5] == 1)
    let third = RankingMetrics(rank: 3)
    #expect(abs(third.ndcg[5]! - 0.5) < 1e-12 && abs(third.mrr[5]! - 1.0 / 3) < 1e-12)
    let seventh = RankingMetrics(rank: 7)
    #expect(seventh.hitRatio[5] == 0 && seventh.ndcg[5] == 0 && seventh.mrr[5] == 0)
    #expect(seventh.hitRatio[10] == 1 && abs(seventh.ndcg[10]! - 1.0 / 3) < 1e-12)
    #expect(abs(seventh.mrr[20]! - 1.0 / 7) < 1e-12)
    let mean = RankingMetrics(meanOverRanks: [1, 3, 7, 30])
    #expect(mean.hitRatio[5] == 0.5 && mean.hitRatio[10] == 0.75 && mean.hitRatio[20] == 0.75)
    #expect(abs(mean.mrr[10]! - (1 + 1.0 / 3 + 1.0 / 7) / 4) < 1e-12)
  }

  /// 3 users × 6 items: user 0 observed {0, 1}, valid 2, test 3, etc.
  static func tiny() throws -> RecommendationData {
    let observed = try CSRMatrix(rowCount: 3, columnCount: 6, rowPointers: [0, 2, 3, 4], columnIndices: [0, 1, 4, 5])
    let valid = try CSRMatrix(rowCount: 3, columnCount: 6, rowPointers: [0, 1, 2, 3], columnIndices: [2, 0, 0])
    let test = try CSRMatrix(rowCount: 3, columnCount: 6, rowPointers: [0, 1, 2, 3], columnIndices: [3, 1, 1])
    return try RecommendationData(
      interactions: Interactions(observed: observed, heldOut: ["valid": valid, "test": test]))
  }

  @Test func candidatesAreNeverKnownItemsAndTheRanksAreExact() throws {
    let data = try Self.tiny()
    let evaluator = try LeaveOneOutEvaluator(data: data, candidateCount: 2, seed: 3)
    for (k, u) in evaluator.users.enumerated() {
      for c in evaluator.candidates(ofEvaluatedUser: k) { #expect(!data.isKnown(user: u, item: c)) }
    }
    // Scores = item id for every user. User 0 knows items 0-3, so its candidates are 4 and 5 and
    // its test item 3 ranks third; users 1 and 2 (test item 1) rank their test item last of 3.
    let users = Tensor(repeating: 1, shape: [3, 1])
    let items = try Tensor(shape: [6, 1], scalars: [0, 1, 2, 3, 4, 5])
    let model = try MatrixFactorization(userEmbeddings: users, itemEmbeddings: items)
    let result = evaluator.evaluate(model, threads: 1)
    let candidates0 = evaluator.candidates(ofEvaluatedUser: 0)
    let rank0 = 1 + candidates0.filter { $0 > 3 }.count
    let again = try LeaveOneOutEvaluator(data: data, candidateCount: 2, seed: 3)
    #expect(again.candidates(ofEvaluatedUser: 0) == candidates0)
    #expect(Set(candidates0) == [4, 5] && rank0 == 3)
    #expect(result.test.hitRatio[5] == 1 && abs(result.test.mrr[5]! - 1.0 / 3) < 1e-12)
    #expect(throws: TensorError.self) { try LeaveOneOutEvaluator(data: data, candidateCount: 4, seed: 0) }
  }

  @Test func topKMatchesTheNaiveLoop() throws {
    var g = Xoshiro256StarStar(seed: 1)
    let model = MatrixFactorization(userCount: 37, itemCount: 101, dimension: 8, generator: &g)
    let exclude: (Int, Int32) -> Bool = { u, i in (Int(i) + u) % 5 == 0 }
    let fast = try TopKRanking.topK(model, k: 10, excluding: exclude, blockSize: 16, threads: 2)
    let slow = TopKRanking.naiveTopK(model, k: 10, excluding: exclude)
    #expect(fast == slow)
    #expect(fast.allSatisfy { $0.count == 10 })
  }

  /// BPR on the bundled CiteULike split learns: HR@10 far above the 10/500 of a random ranking.
  @Test func bprLearnsOnTheBundledCiteULikeSplit() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("data/citeulike-derrd")
    let graph = try InteractionsImporter(
      source: .pairs(
        observed: root.appendingPathComponent("train.tsv"),
        heldOut: [
          ("valid", root.appendingPathComponent("valid.tsv")), ("test", root.appendingPathComponent("test.tsv")),
        ]),
      userCount: 5220, itemCount: 25182
    ).importGraph(note: { _ in })
    let data = try RecommendationData(graph: graph)
    #expect(data.userCount == 5220 && data.itemCount == 25182 && data.interactionCount == 115_142)
    let evaluator = try LeaveOneOutEvaluator(data: data, seed: 0)
    let training = RecommenderTraining(
      dimension: 16, learningRate: 0.01, batchSize: 4096, maxEpochs: 3, patience: 3, embeddingUpdate: .lazy)
    let outcome = try RecommenderTrainer(training: training).train(on: data, evaluator: evaluator, seed: 0)
    #expect(outcome.test.hitRatio[10]! > 0.15, "HR@10 \(outcome.test.hitRatio[10]!)")
  }
}
