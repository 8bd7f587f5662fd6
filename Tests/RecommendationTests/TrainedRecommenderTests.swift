import Foundation
import GraphData
import Recommendation
import Tensors
import Testing

/// A recommender saved to a model file comes back bit-identical, its lists are the full-ranking
/// evaluator's, and bad files or data of another size are refused naming the field.
@Suite struct TrainedRecommenderTests {
  static func trained() throws -> (TrainedRecommender, RecommendationData) {
    let data = try RelaxedRankingDistillationTests.data()
    var training = RecommenderTraining(dimension: 4)
    training.maxEpochs = 3
    let evaluator = try LeaveOneOutEvaluator(data: data, candidateCount: 20, seed: 0)
    let outcome = try RecommenderTrainer(training: training).train(on: data, evaluator: evaluator, seed: 1)
    return (TrainedRecommender(model: outcome.model, provenance: ModelProvenance(role: "teacher", seed: 1)), data)
  }

  @Test func savedAndLoadedModelsRankExactlyAsTheEvaluator() throws {
    let (trained, data) = try Self.trained()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graphkd-rec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("mf.h5")
    try trained.save(to: url)
    let loaded = try TrainedRecommender(contentsOf: url)
    #expect(loaded.model.users.weights == trained.model.users.weights)
    #expect(loaded.model.items.weights == trained.model.items.weights)
    #expect(loaded.provenance == trained.provenance)
    let lists = try loaded.recommendations(on: data, length: 10)
    #expect(lists == (try FullRankingEvaluator.rankings(trained.model, data: data, length: 10)))
    // The lists skip what the user saw in training and its validation item.
    for u in 0..<data.userCount {
      #expect(lists[u].count == 10)
      #expect(!lists[u].contains { data.isObserved(user: u, item: $0) || $0 == data.validItem[u] })
    }
  }

  @Test func badFilesAndDataOfAnotherSizeAreRefused() throws {
    let (trained, data) = try Self.trained()
    let good = try trained.stored()
    func refusal(_ stored: StoredModel) -> GraphDataError? {
      do {
        _ = try TrainedRecommender(stored: stored, file: "bad.h5")
        Issue.record("expected a refusal")
      } catch let error as GraphDataError {
        return error
      } catch {
        Issue.record("\(error)")
      }
      return nil
    }
    var kind = good
    kind.kind = "node_classifier"
    #expect(refusal(kind)?.location == .attribute("/kind"))
    var shape = good
    shape.parameters["items/embeddings"] = Tensor(zeros: [39, 4])
    #expect(refusal(shape)?.location == .field("/parameters/items/embeddings"))
    var missing = good
    missing.parameters["users/embeddings"] = nil
    #expect(refusal(missing)?.kind == .missingField)
    var size = good
    size.integers["dimension"] = nil
    #expect(refusal(size)?.location == .attribute("/dimension"))
    // A model of 30 users on data of another size.
    var g = Xoshiro256StarStar(seed: 3)
    let other = TrainedRecommender(
      model: MatrixFactorization(userCount: 31, itemCount: 40, dimension: 4, generator: &g))
    do {
      _ = try other.recommendations(on: data, length: 5, file: "data.h5")
      Issue.record("expected a refusal")
    } catch let error as GraphDataError {
      #expect(error.file == "data.h5" && error.location == .attribute("/interactions/n_users"), "\(error)")
    }
  }
}
