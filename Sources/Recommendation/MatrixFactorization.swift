import Tensors

/// A matrix-factorisation recommender: a user and an item embedding table; the score of user u
/// for item i is the dot product `⟨p_u, q_i⟩` (BPR-MF, Rendle et al., UAI 2009).
///
/// Parameters: `(users + items) · dimension` — 6.08 M for CiteULike at dimension 200, 0.61 M at 20.
public struct MatrixFactorization: Sendable {
  /// The user embeddings, `[users, dimension]`.
  public var users: EmbeddingTable
  /// The item embeddings, `[items, dimension]`.
  public var items: EmbeddingTable

  /// The embedding dimension.
  public var dimension: Int { users.dimension }
  /// The number of trained parameters.
  public var parameterCount: Int { (users.rowCount + items.rowCount) * dimension }

  /// A model with N(0, 0.01²) embeddings drawn from `generator`.
  public init(userCount: Int, itemCount: Int, dimension: Int, generator: inout Xoshiro256StarStar) {
    users = EmbeddingTable(rows: userCount, dimension: dimension, generator: &generator)
    items = EmbeddingTable(rows: itemCount, dimension: dimension, generator: &generator)
  }

  /// A model holding given embeddings.
  /// - Throws: ``TensorError`` unless both are matrices of the same width.
  public init(userEmbeddings: Tensor, itemEmbeddings: Tensor) throws {
    guard userEmbeddings.rank == 2, itemEmbeddings.rank == 2, userEmbeddings.shape[1] == itemEmbeddings.shape[1]
    else {
      throw TensorError.shape(
        "MatrixFactorization", expected: "user and item embedding matrices of the same width",
        actual: "\(userEmbeddings.shape) and \(itemEmbeddings.shape)")
    }
    users = try EmbeddingTable(weights: userEmbeddings)
    items = try EmbeddingTable(weights: itemEmbeddings)
  }

  /// The score of `user` for each of `candidates`.
  public func scores(user: Int, items candidates: [Int32]) -> [Float] {
    let d = dimension
    return users.weights.withUnsafeBufferPointer { pu in
      items.weights.withUnsafeBufferPointer { pi in
        candidates.map { item in
          var s: Float = 0
          let (ub, ib) = (user * d, Int(item) * d)
          for c in 0..<d { s += pu[ub + c] * pi[ib + c] }
          return s
        }
      }
    }
  }
}
