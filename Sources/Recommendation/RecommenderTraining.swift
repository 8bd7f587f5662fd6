/// How a BPR matrix-factorisation model is trained; the defaults are the DE-RRD reference code's
/// (`lr 0.001`, `reg 0.001`, batch 1024, one negative per positive, up to 1000 epochs, early
/// stopping after 20 epochs without a better validation hit ratio).
public struct RecommenderTraining: Sendable, Codable, Equatable {
  /// The embedding dimension (200 for the teacher; φ · 200 for a student).
  public var dimension: Int
  /// Adam's learning rate.
  public var learningRate: Float
  /// L2 weight decay added to the gradient of every updated parameter.
  public var weightDecay: Float
  /// Training pairs per mini-batch.
  public var batchSize: Int
  /// The most epochs trained.
  public var maxEpochs: Int
  /// Stop after this many evaluated epochs without a better validation HR@5, @10 or @20.
  public var patience: Int
  /// Dense (reference) or lazy Adam steps on the embedding tables.
  public var embeddingUpdate: EmbeddingTable.Update

  /// Creates a configuration.
  public init(
    dimension: Int = 200, learningRate: Float = 0.001, weightDecay: Float = 0.001, batchSize: Int = 1024,
    maxEpochs: Int = 1000, patience: Int = 20, embeddingUpdate: EmbeddingTable.Update = .dense
  ) {
    self.embeddingUpdate = embeddingUpdate
    self.dimension = dimension
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    self.batchSize = batchSize
    self.maxEpochs = maxEpochs
    self.patience = patience
  }
}

/// The distillation losses added to BPR when training a student (none: the student alone).
public struct RecommenderDistillation: Sendable, Codable, Equatable {
  /// Distillation Experts settings (the reference code's: 30 experts, λ_DE = 0.01, τ from 1 to
  /// 10⁻¹⁰ over 1000 epochs).
  public struct Experts: Sendable, Codable, Equatable {
    /// Experts per side M.
    public var count: Int
    /// The weight λ_DE.
    public var weight: Float
    /// The epochs over which τ is annealed from 1 to ``finalTemperature``.
    public var annealingEpochs: Int
    /// The final Gumbel-softmax temperature.
    public var finalTemperature: Double

    /// Creates the settings.
    public init(count: Int = 30, weight: Float = 0.01, annealingEpochs: Int = 1000, finalTemperature: Double = 1e-10) {
      self.count = count
      self.weight = weight
      self.annealingEpochs = annealingEpochs
      self.finalTemperature = finalTemperature
    }
  }

  /// Relaxed Ranking Distillation settings (the reference code's: K = 40, L = 40, T = 10,
  /// λ_RRD = 0.001, from the teacher's top 500).
  public struct Ranking: Sendable, Codable, Equatable {
    /// Interesting items per user K.
    public var interestingCount: Int
    /// Uninteresting items per user L.
    public var uninterestingCount: Int
    /// The rank temperature T.
    public var rankTemperature: Double
    /// The weight λ_RRD.
    public var weight: Float
    /// The length N of the teacher's top lists sampled from.
    public var topListLength: Int
    /// Sampled interesting items, or exactly the top K.
    public var interesting: RelaxedRankingDistillation.Interesting

    /// Creates the settings.
    public init(
      interestingCount: Int = 40, uninterestingCount: Int = 40, rankTemperature: Double = 10, weight: Float = 0.001,
      topListLength: Int = 500, interesting: RelaxedRankingDistillation.Interesting = .sampled
    ) {
      self.interestingCount = interestingCount
      self.uninterestingCount = uninterestingCount
      self.rankTemperature = rankTemperature
      self.weight = weight
      self.topListLength = topListLength
      self.interesting = interesting
    }
  }

  /// DE, when used.
  public var experts: Experts?
  /// RRD, when used.
  public var ranking: Ranking?
  /// Item-side RRD (the "IR" term of IR-RRD: per item, a ranking of users), when used.
  public var itemRanking: Ranking?

  /// The item-side settings of the IR-RRD reference code (K = 20, L = 20, T = 10,
  /// λ_IR = 0.0005, from each item's teacher top 500 users).
  public static let itemRankingDefaults = Ranking(
    interestingCount: 20, uninterestingCount: 20, rankTemperature: 10, weight: 0.0005, topListLength: 500)

  /// Creates the settings (all `nil`: no distillation).
  public init(experts: Experts? = nil, ranking: Ranking? = nil, itemRanking: Ranking? = nil) {
    self.experts = experts
    self.ranking = ranking
    self.itemRanking = itemRanking
  }

  /// "student", "DE", "RRD" or "DE+RRD", with "+IR" when the item-side term is on.
  public var methodName: String {
    let base =
      switch (experts != nil, ranking != nil) {
      case (false, false): itemRanking == nil ? "student" : ""
      case (true, false): "DE"
      case (false, true): "RRD"
      case (true, true): "DE+RRD"
      }
    guard itemRanking != nil else { return base }
    return base.isEmpty ? "IR" : base + "+IR"
  }
}
