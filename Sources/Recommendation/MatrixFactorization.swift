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

  /// The same model with users and items swapped: its "users" are this model's items, so its
  /// top lists (``TopKRanking``) are each item's best-scored users (the item side of IR-RRD).
  public var transposed: MatrixFactorization {
    var t = self
    swap(&t.users, &t.items)
    return t
  }

  /// Applies every deferred dense Adam step to both tables (see ``EmbeddingTable``).
  public mutating func synchronize() {
    users.synchronize()
    items.synchronize()
  }

  /// The score of `user` for each of `candidates`.
  public func scores(user: Int, items candidates: [Int32]) -> [Float] {
    let d = dimension
    return users.weights.withUnsafeBufferPointer { pu in
      items.weights.withUnsafeBufferPointer { pi in
        candidates.map { item in
          Self.dot(pu.baseAddress! + user * d, pi.baseAddress! + Int(item) * d, count: d)
        }
      }
    }
  }

  /// `Σ a[c]·b[c]` over `count` floats, in two 4-wide SIMD partial sums (SSE registers).
  @inlinable
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var (s0, s1) = (SIMD4<Float>(), SIMD4<Float>())
    var c = 0
    while c + 8 <= count {
      s0 +=
        UnsafeRawPointer(a + c).loadUnaligned(as: SIMD4<Float>.self)
        * UnsafeRawPointer(b + c).loadUnaligned(as: SIMD4<Float>.self)
      s1 +=
        UnsafeRawPointer(a + c + 4).loadUnaligned(as: SIMD4<Float>.self)
        * UnsafeRawPointer(b + c + 4).loadUnaligned(as: SIMD4<Float>.self)
      c += 8
    }
    var s = (s0 + s1).sum()
    while c < count {
      s += a[c] * b[c]
      c += 1
    }
    return s
  }
}
