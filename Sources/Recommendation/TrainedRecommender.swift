import Foundation
import GraphData
import Tensors

/// A trained matrix-factorisation recommender (a BPR teacher or a distilled student) with where
/// it came from, saved to and loaded from a GraphKD model file (`docs/model-schema.md`, kind
/// `matrix_factorization`): `/parameters/users/embeddings` `[U, d]` and
/// `/parameters/items/embeddings` `[I, d]`. Distillation Experts and RRD's samples shape training
/// only; the student serves with its embeddings alone, so they are not saved.
///
/// ```swift
/// let trained = try TrainedRecommender(contentsOf: URL(fileURLWithPath: "student.h5"))
/// let data = try RecommendationData(graph: HDF5GraphStore.read(from: URL(fileURLWithPath: "citeulike.h5")))
/// let lists = try trained.recommendations(on: data, length: 10)   // [users][10] item ids
/// ```
public struct TrainedRecommender: Sendable, StorableModel {
  /// The embeddings.
  public var model: MatrixFactorization
  /// Where it came from.
  public var provenance: ModelProvenance

  /// The `kind` of a recommender's model file.
  public static let kind = "matrix_factorization"

  /// Wraps a trained model.
  public init(model: MatrixFactorization, provenance: ModelProvenance = .init()) {
    self.model = model
    self.provenance = provenance
  }

  /// Each user's `length` best items, exactly the lists the full-ranking evaluator scores: items
  /// the user interacted with in training and its validation item are skipped.
  /// - Throws: ``GraphDataError`` when the data's user or item count is not the model's.
  public func recommendations(on data: RecommendationData, length: Int, file: String = "") throws -> [[Int32]] {
    for (what, mine, theirs) in [
      ("users", model.users.rowCount, data.userCount), ("items", model.items.rowCount, data.itemCount),
    ] where mine != theirs {
      throw GraphDataError(
        .shape, file: file, location: .attribute("/interactions/n_\(what)"),
        expected: "\(mine) \(what) (the model's)", actual: "\(theirs)")
    }
    return try FullRankingEvaluator.rankings(model, data: data, length: length)
  }

  /// The model as a model file holds it.
  public func stored() throws -> StoredModel {
    StoredModel(
      kind: Self.kind, configuration: #"{"dimension":\#(model.dimension),"score":"dot"}"#,
      documents: ["provenance": try StoredModel.json(provenance)],
      integers: ["user_count": model.users.rowCount, "item_count": model.items.rowCount, "dimension": model.dimension],
      parameters: ["users/embeddings": model.users.weights, "items/embeddings": model.items.weights])
  }

  /// Rebuilds the model from a model file's contents.
  /// - Parameter file: the file's name, for messages.
  public init(stored: StoredModel, file: String) throws {
    guard stored.kind == Self.kind else {
      throw GraphDataError(
        .value, file: file, location: .attribute("/kind"), expected: "\"\(Self.kind)\" (a recommender)",
        actual: "\"\(stored.kind)\"")
    }
    var sizes: [Int] = []
    for name in ["user_count", "item_count", "dimension"] {
      guard let value = stored.integers[name], value > 0 else {
        throw GraphDataError(
          .missingField, file: file, location: .attribute("/\(name)"), expected: "a positive integer",
          actual: stored.integers[name].map { "\($0)" } ?? "no such attribute")
      }
      sizes.append(value)
    }
    var tables: [Tensor] = []
    for (side, rows) in [("users", sizes[0]), ("items", sizes[1])] {
      let field = "/\(ModelSchema.parametersGroup)/\(side)/embeddings"
      guard let t = stored.parameters["\(side)/embeddings"] else {
        throw GraphDataError(
          .missingField, file: file, location: .field(field), expected: "float32 [\(rows), \(sizes[2])]",
          actual: "nothing")
      }
      guard t.shape == [rows, sizes[2]] else {
        throw GraphDataError(
          .shape, file: file, location: .field(field), expected: "shape [\(rows), \(sizes[2])]",
          actual: "shape \(t.shape)")
      }
      guard t.scalars.allSatisfy(\.isFinite) else {
        throw GraphDataError(
          .nonFinite, file: file, location: .field(field), expected: "finite embeddings", actual: "NaN or infinity")
      }
      tables.append(t)
    }
    if let extra = Set(stored.parameters.keys).subtracting(["users/embeddings", "items/embeddings"]).sorted().first {
      throw GraphDataError(
        .value, file: file, location: .field("/\(ModelSchema.parametersGroup)/\(extra)"),
        expected: "only users/embeddings and items/embeddings", actual: "an unexpected parameter")
    }
    let provenance =
      try stored.documents["provenance"].map {
        try StoredModel.decode(
          ModelProvenance.self, $0, attribute: "provenance", expected: "the provenance record (JSON)", file: file)
      } ?? ModelProvenance()
    self.init(
      model: try MatrixFactorization(userEmbeddings: tables[0], itemEmbeddings: tables[1]), provenance: provenance)
  }
}
