import Foundation
import Tensors

/// Trains a BPR matrix-factorisation model — a teacher, a student alone, or a student with DE
/// and/or RRD from a teacher — with Adam on mini-batches of (user, observed item, sampled
/// unobserved item) triples, evaluating on the leave-one-out validation items after every
/// epoch and keeping the best epoch's model (early stopping as the reference code: an epoch is
/// better when validation HR@5, @10 or @20 improves; each cut-off reports the test metrics of
/// its own best epoch).
///
/// Loss per batch: `−Σ log σ(ŷ_ui − ŷ_uj)` (summed, as the reference code)
/// `+ λ_DE (DE_users + ½ (DE_positive items + DE_negative items))` over the batch's distinct
/// users and items `+ λ_RRD Σ_users relaxed ranking loss` over the batch's distinct users
/// `+ λ_IR Σ_items relaxed ranking loss` of the item side (IR-RRD's term) over the batch's
/// distinct RRD items (interesting and uninteresting; without RRD, its positive and negative
/// items), each item ranking its own interesting and uninteresting users.
///
/// Deterministic for a seed: negatives, batches, initialisation, Gumbel noise and RRD samples all
/// come from `Xoshiro256StarStar` streams of the seed.
public struct RecommenderTrainer {
  /// The training settings.
  public var training: RecommenderTraining
  /// The distillation losses (none for a teacher or a student alone).
  public var distillation: RecommenderDistillation

  /// What a training run produced.
  public struct Outcome: Sendable {
    /// The model at the last epoch that improved a validation hit ratio.
    public var model: MatrixFactorization
    /// Per cut-off N, the validation metrics at N's best epoch.
    public var valid: RankingMetrics
    /// Per cut-off N, the test metrics at N's best epoch.
    public var test: RankingMetrics
    /// The last epoch that improved (0-based).
    public var bestEpoch: Int
    /// The epochs trained.
    public var epochs: Int
    /// Mean wall-clock seconds of one training epoch (without evaluation).
    public var secondsPerEpoch: Double
    /// Total wall-clock seconds, evaluation included.
    public var totalSeconds: Double
    /// Trained parameters: embeddings, plus experts and selection networks for DE.
    public var parameterCount: Int
  }

  /// Creates a trainer.
  public init(training: RecommenderTraining, distillation: RecommenderDistillation = .init()) {
    self.training = training
    self.distillation = distillation
  }

  /// Trains on `data`, selecting the epoch on `evaluator`'s validation items.
  /// - Parameters:
  ///   - teacher: the teacher (needed for DE).
  ///   - teacherTopLists: each user's teacher top-N unobserved items, best first (needed for RRD;
  ///     ``RelaxedRankingDistillation/teacherTopLists(_:data:length:side:)`` with `.users`).
  ///   - teacherItemTopLists: each item's teacher top-N users who did not interact with it, best
  ///     first (needed for the item-side term; the same with `.items`).
  ///   - log: called with one line per epoch.
  ///
  /// Runs with denormal floats flushed to zero (``Tensors/DenormalFlushing``): DE's selection
  /// softmaxes sharpen into denormals after a dozen epochs, and the GEMMs that read them would
  /// otherwise run about 9× slower.
  /// - Throws: ``Tensors/TensorError`` when a distillation input is missing or has the wrong shape.
  public func train(
    on data: RecommendationData, evaluator: LeaveOneOutEvaluator, seed: UInt64, teacher: MatrixFactorization? = nil,
    teacherTopLists: [[Int32]]? = nil, teacherItemTopLists: [[Int32]]? = nil, log: (String) -> Void = { _ in }
  ) throws -> Outcome {
    try DenormalFlushing.withFlushedDenormals {
      try run(
        on: data, evaluator: evaluator, seed: seed, teacher: teacher, teacherTopLists: teacherTopLists,
        teacherItemTopLists: teacherItemTopLists, log: log)
    }
  }

  private func run(
    on data: RecommendationData, evaluator: LeaveOneOutEvaluator, seed: UInt64, teacher: MatrixFactorization?,
    teacherTopLists: [[Int32]]?, teacherItemTopLists: [[Int32]]?, log: (String) -> Void
  ) throws -> Outcome {
    let start = Date()
    var initGenerator = Xoshiro256StarStar(seed: seed, stream: 1)
    var sampler = Xoshiro256StarStar(seed: seed, stream: 2)
    var noiseGenerator = Xoshiro256StarStar(seed: seed, stream: 3)
    var model = MatrixFactorization(
      userCount: data.userCount, itemCount: data.itemCount, dimension: training.dimension, generator: &initGenerator)

    var userExperts: DistillationExperts?
    var itemExperts: DistillationExperts?
    var expertOptimizer: Adam?
    if let de = distillation.experts {
      guard let teacher else {
        throw TensorError.value("RecommenderTrainer", expected: "a teacher model for DE", actual: "none")
      }
      let u = DistillationExperts(
        expertCount: de.count, studentDimension: training.dimension, teacherDimension: teacher.dimension,
        generator: &initGenerator)
      let i = DistillationExperts(
        expertCount: de.count, studentDimension: training.dimension, teacherDimension: teacher.dimension,
        generator: &initGenerator)
      userExperts = u
      itemExperts = i
      expertOptimizer = Adam(
        parameters: u.parameters + i.parameters, learningRate: training.learningRate, weightDecay: training.weightDecay)
    }
    var ranking: RelaxedRankingDistillation?
    if let rrd = distillation.ranking {
      guard let teacherTopLists, teacherTopLists.count == data.userCount else {
        throw TensorError.value(
          "RecommenderTrainer", expected: "the teacher's top lists of all \(data.userCount) users for RRD",
          actual: "\(teacherTopLists?.count ?? 0) lists")
      }
      ranking = try RelaxedRankingDistillation(
        teacherTopLists: teacherTopLists, interestingCount: rrd.interestingCount,
        uninterestingCount: rrd.uninterestingCount, rankTemperature: rrd.rankTemperature,
        interesting: rrd.interesting)
    }
    var itemRanking: RelaxedRankingDistillation?
    if let ir = distillation.itemRanking {
      guard let teacherItemTopLists, teacherItemTopLists.count == data.itemCount else {
        throw TensorError.value(
          "RecommenderTrainer",
          expected: "the teacher's top lists of all \(data.itemCount) items for the item-side term",
          actual: "\(teacherItemTopLists?.count ?? 0) lists")
      }
      itemRanking = try RelaxedRankingDistillation(
        teacherTopLists: teacherItemTopLists, interestingCount: ir.interestingCount,
        uninterestingCount: ir.uninterestingCount, rankTemperature: ir.rankTemperature,
        interesting: ir.interesting, side: .items)
    }
    let parameterCount = model.parameterCount + (userExperts?.parameterCount ?? 0) + (itemExperts?.parameterCount ?? 0)

    var order = Array(0..<data.interactionCount)
    var negatives = [Int32](repeating: 0, count: data.interactionCount)
    var userSlot = [Int](repeating: -1, count: data.userCount)
    var itemSlot = [Int](repeating: -1, count: data.itemCount)
    var best: [Int: (valid: Double, validMetrics: RankingMetrics, testMetrics: RankingMetrics)] = [:]
    var bestModel = model
    var bestEpoch = 0
    var sinceImprovement = 0
    var trainingSeconds = 0.0
    var epochs = 0

    for epoch in 0..<training.maxEpochs {
      let epochStart = Date()
      // Uniform negatives among each user's unobserved items; a fresh order of the pairs.
      for (k, pair) in data.trainPairs.enumerated() {
        var j: Int32
        repeat {
          j = Int32(sampler.nextInt(below: data.itemCount))
        } while data.isObserved(
          user: Int(pair.user), item: j)
        negatives[k] = j
      }
      sampler.shuffle(&order)
      let samples = try ranking?.sample(data: data, generator: &sampler)
      let itemSamples = try itemRanking?.sample(data: data, generator: &sampler)
      let temperature = distillation.experts.map {
        DistillationExperts.temperature(
          epoch: epoch, final: $0.finalTemperature, horizon: $0.annealingEpochs)
      }
      var epochLoss = 0.0
      var batchStart = 0
      while batchStart < order.count {
        let batch = order[batchStart..<min(batchStart + training.batchSize, order.count)]
        batchStart += training.batchSize
        var users: [Int] = []
        var items: [Int] = []
        func userIndex(_ u: Int) -> Int {
          if userSlot[u] < 0 {
            userSlot[u] = users.count
            users.append(u)
          }
          return userSlot[u]
        }
        func itemIndex(_ i: Int) -> Int {
          if itemSlot[i] < 0 {
            itemSlot[i] = items.count
            items.append(i)
          }
          return itemSlot[i]
        }
        let uSlots = batch.map { userIndex(Int(data.trainPairs[$0].user)) }
        let posSlots = batch.map { itemIndex(Int(data.trainPairs[$0].item)) }
        let negSlots = batch.map { itemIndex(Int(negatives[$0])) }
        let batchUserCount = users.count
        var rrdUserSlots: [Int] = []
        var interestingSlots: [Int] = []
        var uninterestingSlots: [Int] = []
        if let samples {
          for slot in 0..<batchUserCount {
            let u = users[slot]
            for i in samples.interesting[u] {
              rrdUserSlots.append(slot)
              interestingSlots.append(itemIndex(Int(i)))
            }
          }
          for slot in 0..<batchUserCount {
            for i in samples.uninteresting[users[slot]] { uninterestingSlots.append(itemIndex(Int(i))) }
          }
        }
        // The item side: the batch's RRD items (or its BPR items) each rank their own users,
        // who join the batch's users after the first `batchUserCount`.
        var irItemSlots: [Int] = []
        var irInterestingUserSlots: [Int] = []
        var irUninterestingUserSlots: [Int] = []
        var irInterestingItemSlots: [Int] = []
        var irUninterestingItemSlots: [Int] = []
        if let itemSamples {
          let source = samples != nil ? interestingSlots + uninterestingSlots : posSlots + negSlots
          irItemSlots = Array(Set(source)).sorted()
          for slot in irItemSlots {
            for u in itemSamples.interesting[items[slot]] {
              irInterestingItemSlots.append(slot)
              irInterestingUserSlots.append(userIndex(Int(u)))
            }
            for u in itemSamples.uninteresting[items[slot]] {
              irUninterestingItemSlots.append(slot)
              irUninterestingUserSlots.append(userIndex(Int(u)))
            }
          }
        }
        let userLeaf = Variable(try model.users.currentRows(users), requiresGradient: true)
        let itemLeaf = Variable(try model.items.currentRows(items), requiresGradient: true)
        let eu = try gatherRows(userLeaf, indices: uSlots)
        let difference = try gatherRows(itemLeaf, indices: posSlots) - gatherRows(itemLeaf, indices: negSlots)
        var loss = -sum(logSigmoid(try sum(eu * difference, alongAxis: 1)))

        if let de = distillation.experts, let teacher, let userExperts, let itemExperts, let temperature {
          let uniquePositive = Array(Set(posSlots)).sorted()
          let uniqueNegative = Array(Set(negSlots)).sorted()
          func itemLoss(_ slots: [Int]) throws -> Variable {
            let rows = slots.map { items[$0] }
            return try itemExperts.loss(
              student: gatherRows(itemLeaf, indices: slots), teacher: teacher.items.rows(rows),
              noise: itemExperts.gumbelNoise(rows: rows.count, generator: &noiseGenerator), temperature: temperature)
          }
          // DE covers the batch's own users, not those the item-side term brought in.
          let batchUsers = users.count == batchUserCount ? users : Array(users.prefix(batchUserCount))
          let batchUserRows =
            users.count == batchUserCount ? userLeaf : try gatherRows(userLeaf, indices: Array(0..<batchUserCount))
          let userLoss = try userExperts.loss(
            student: batchUserRows, teacher: teacher.users.rows(batchUsers),
            noise: userExperts.gumbelNoise(rows: batchUserCount, generator: &noiseGenerator), temperature: temperature)
          let itemsLoss = try itemLoss(uniquePositive) + itemLoss(uniqueNegative)
          loss = try loss + de.weight * (userLoss + 0.5 * itemsLoss)
        }
        if let rrd = distillation.ranking {
          let k = rrd.interestingCount
          let l = rrd.uninterestingCount
          let interestingUsers = try gatherRows(userLeaf, indices: rrdUserSlots)
          let interestingScores = try sum(
            interestingUsers * gatherRows(itemLeaf, indices: interestingSlots), alongAxis: 1)
          var uninterestingUserSlots: [Int] = []
          uninterestingUserSlots.reserveCapacity(batchUserCount * l)
          for slot in 0..<batchUserCount {
            for _ in 0..<l { uninterestingUserSlots.append(slot) }
          }
          let uninterestingScores = try sum(
            gatherRows(userLeaf, indices: uninterestingUserSlots) * gatherRows(itemLeaf, indices: uninterestingSlots),
            alongAxis: 1)
          let rrdLoss = try relaxedRankingLoss(
            interesting: reshape(interestingScores, to: [batchUserCount, k]),
            uninteresting: reshape(uninterestingScores, to: [batchUserCount, l]))
          loss = try loss + rrd.weight * rrdLoss
        }
        if let ir = distillation.itemRanking, !irItemSlots.isEmpty {
          let interestingScores = try gatheredRowDots(
            itemLeaf, rows: irInterestingItemSlots, userLeaf, rows: irInterestingUserSlots)
          let uninterestingScores = try gatheredRowDots(
            itemLeaf, rows: irUninterestingItemSlots, userLeaf, rows: irUninterestingUserSlots)
          let irLoss = try relaxedRankingLoss(
            interesting: reshape(interestingScores, to: [irItemSlots.count, ir.interestingCount]),
            uninteresting: reshape(uninterestingScores, to: [irItemSlots.count, ir.uninterestingCount]))
          loss = try loss + ir.weight * irLoss
        }
        try loss.backward()
        epochLoss += Double(loss.value.scalar)
        if let g = userLeaf.gradient {
          model.users.update(
            rows: users, gradients: g, learningRate: training.learningRate, weightDecay: training.weightDecay,
            mode: training.embeddingUpdate)
        }
        if let g = itemLeaf.gradient {
          model.items.update(
            rows: items, gradients: g, learningRate: training.learningRate, weightDecay: training.weightDecay,
            mode: training.embeddingUpdate)
        }
        if let expertOptimizer {
          try expertOptimizer.step()
          expertOptimizer.zeroGradients()
        }
        for u in users { userSlot[u] = -1 }
        for i in items { itemSlot[i] = -1 }
      }
      model.synchronize()
      let epochSeconds = Date().timeIntervalSince(epochStart)
      trainingSeconds += epochSeconds
      epochs = epoch + 1

      let evaluationStart = Date()
      let result = evaluator.evaluate(model)
      let evaluationSeconds = Date().timeIntervalSince(evaluationStart)
      var improved = false
      for n in RankingMetrics.cutoffs {
        let v = result.valid.hitRatio[n] ?? 0
        if v > (best[n]?.valid ?? -1) {
          best[n] = (v, result.valid, result.test)
          improved = true
        }
      }
      log(
        String(
          format: "epoch %d  loss %.3f  valid HR@10 %.4f  test HR@5 %.4f NDCG@5 %.4f  (train %.2f s, eval %.2f s)%@",
          epoch, epochLoss, result.valid.hitRatio[10] ?? 0, result.test.hitRatio[5] ?? 0, result.test.ndcg[5] ?? 0,
          epochSeconds, evaluationSeconds, improved ? "  *" : ""))
      if improved {
        bestModel = model
        bestEpoch = epoch
        sinceImprovement = 0
      } else {
        sinceImprovement += 1
        if sinceImprovement >= training.patience { break }
      }
    }
    var valid = RankingMetrics(rank: 1)
    var test = RankingMetrics(rank: 1)
    for n in RankingMetrics.cutoffs {
      guard let b = best[n] else { continue }
      valid.hitRatio[n] = b.validMetrics.hitRatio[n]
      valid.ndcg[n] = b.validMetrics.ndcg[n]
      valid.mrr[n] = b.validMetrics.mrr[n]
      test.hitRatio[n] = b.testMetrics.hitRatio[n]
      test.ndcg[n] = b.testMetrics.ndcg[n]
      test.mrr[n] = b.testMetrics.mrr[n]
    }
    return Outcome(
      model: bestModel, valid: valid, test: test, bestEpoch: bestEpoch, epochs: epochs,
      secondsPerEpoch: trainingSeconds / Double(max(epochs, 1)), totalSeconds: Date().timeIntervalSince(start),
      parameterCount: parameterCount)
  }
}

extension RecommenderTrainer.Outcome {
  /// The outcome of a model trained earlier (e.g. a teacher cached in the dataset file),
  /// evaluated now on `evaluator`: every cut-off reports this one model's metrics (a fresh run
  /// reports each cut-off's best epoch).
  public init(
    evaluating model: MatrixFactorization, on evaluator: LeaveOneOutEvaluator, bestEpoch: Int, epochs: Int,
    secondsPerEpoch: Double
  ) {
    let start = Date()
    let result = evaluator.evaluate(model)
    self.init(
      model: model, valid: result.valid, test: result.test, bestEpoch: bestEpoch, epochs: epochs,
      secondsPerEpoch: secondsPerEpoch, totalSeconds: Date().timeIntervalSince(start),
      parameterCount: model.parameterCount)
  }
}
