import Foundation
import Tensors

/// One embedding matrix (a row per user or per item) trained with Adam.
///
/// A mini-batch's gradient touches only a few hundred rows. ``Update/dense`` is PyTorch's
/// `Adam(weight_decay=λ)` on an `nn.Embedding` (the DE-RRD reference): every row takes a step
/// with gradient `g + λw` (g = 0 for untouched rows), so Adam's normalised weight decay keeps
/// shrinking the rows a batch does not touch — a strong regulariser on sparse data.
/// ``Update/lazy`` updates only the touched rows (a weaker regulariser: BPR-MF then overfits
/// CiteULike).
///
/// The dense step is computed exactly but deferred: a row the batch does not touch has the
/// gradient `λw`, which depends on nothing but the row's own weights and moments, so its steps
/// can wait until the row is next read (``currentRows(_:)``, ``update(rows:gradients:learningRate:weightDecay:mode:beta1:beta2:epsilon:)``)
/// or the table is brought up to date (``synchronize()``). A pending row then replays all its
/// missed steps while it sits in L1, vectorised — the same floating-point operations, in the same order, as
/// the step-by-step dense update (bit-identical results), but reading and writing the weights
/// and moments once instead of once per step: a dense step over millions of parameters per
/// mini-batch is bound by memory traffic, the replay by arithmetic.
///
/// - Shapes: ``weights`` is `[rows, dimension]`.
public struct EmbeddingTable: Sendable {
  private var storage: Tensor
  private var firstMoment: [Float]
  private var secondMoment: [Float]
  /// Per row, the number of dense steps applied to it.
  private var appliedSteps: [Int32]
  /// The constants of the dense steps some row may still have to replay: entry `s` is step
  /// `scheduleBase + s + 1`.
  private var schedule: [AdamStep] = []
  private var scheduleBase = 0
  private var step = 0
  private var betas: (beta1: Float, beta2: Float, epsilon: Float)?
  private var mode: Update?

  /// The constants of one Adam step: `w −= stepSize · m / (√(v · invC2) + ε)` with the
  /// gradient plus `weightDecay · w`.
  struct AdamStep: Sendable {
    var stepSize: Float
    var invC2: Float
    var weightDecay: Float
  }

  /// The embeddings, `[rows, dimension]`. Only readable when no dense step is pending
  /// (after ``synchronize()``); a precondition.
  public var weights: Tensor {
    precondition(isSynchronized, "EmbeddingTable.weights read with pending dense Adam steps; call synchronize()")
    return storage
  }

  /// Whether every row has taken every Adam step.
  public var isSynchronized: Bool { scheduleBase == step }

  /// The number of rows.
  public var rowCount: Int { storage.shape[0] }
  /// The embedding dimension.
  public var dimension: Int { storage.shape[1] }

  /// A table initialised with N(0, `standardDeviation`²) entries (BPR's usual N(0, 0.01²)).
  public init(rows: Int, dimension: Int, standardDeviation: Float = 0.01, generator: inout Xoshiro256StarStar) {
    storage = Tensor.randomNormal(
      shape: [rows, dimension], standardDeviation: standardDeviation, generator: &generator)
    firstMoment = [Float](repeating: 0, count: rows * dimension)
    secondMoment = firstMoment
    appliedSteps = [Int32](repeating: 0, count: rows)
  }

  /// A table holding the given embeddings (e.g. a trained teacher's), `[rows, dimension]`.
  /// - Throws: ``TensorError`` unless `weights` is a matrix.
  public init(weights: Tensor) throws {
    guard weights.rank == 2 else {
      throw TensorError.shape("EmbeddingTable", expected: "a [rows, dimension] matrix", actual: "\(weights.shape)")
    }
    storage = weights
    firstMoment = [Float](repeating: 0, count: weights.count)
    secondMoment = firstMoment
    appliedSteps = [Int32](repeating: 0, count: weights.shape[0])
  }

  /// The rows at `indices`, `[indices.count, dimension]`. Requires a synchronised table (see
  /// ``currentRows(_:)`` during training).
  public func rows(_ indices: [Int]) throws -> Tensor { try Kernels.gatherRows(weights, indices: indices) }

  /// The rows at `indices` after bringing them up to date, `[indices.count, dimension]`.
  public mutating func currentRows(_ indices: [Int]) throws -> Tensor {
    catchUp(rows: indices, gradients: nil, next: nil)
    return try Kernels.gatherRows(storage, indices: indices)
  }

  /// Applies every pending dense step to every row.
  public mutating func synchronize() {
    guard !isSynchronized else { return }
    catchUp(rows: Array(0..<rowCount), gradients: nil, next: nil)
    schedule.removeAll(keepingCapacity: true)
    scheduleBase = step
  }

  /// Which rows an Adam step updates.
  public enum Update: String, Sendable, Codable, CaseIterable {
    /// Every row (PyTorch's dense Adam; the reference).
    case dense
    /// Only the rows with a gradient.
    case lazy
  }

  /// One Adam step with the gradients `gradients` (`[indices.count, dimension]`) of the distinct
  /// rows `indices`. In ``Update/dense`` mode the other rows' steps are deferred (see the type's
  /// documentation); `beta1`, `beta2` and `epsilon` must then not change between steps.
  public mutating func update(
    rows indices: [Int], gradients: Tensor, learningRate: Float, weightDecay: Float, mode: Update = .dense,
    beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
  ) {
    precondition(gradients.count == indices.count * dimension, "EmbeddingTable.update: gradient shape")
    if let betas, let previous = self.mode {
      precondition(
        betas == (beta1, beta2, epsilon) && previous == mode,
        "EmbeddingTable.update: the mode, beta1, beta2 and epsilon must stay the same")
    } else {
      betas = (beta1, beta2, epsilon)
      self.mode = mode
    }
    step += 1
    let c1 = 1 - Float(pow(Double(beta1), Double(step)))
    let c2 = 1 - Float(pow(Double(beta2), Double(step)))
    let current = AdamStep(stepSize: learningRate / c1, invC2: 1 / c2, weightDecay: weightDecay)
    switch mode {
    case .dense:
      schedule.append(current)
      catchUp(rows: indices, gradients: gradients, next: nil)
    case .lazy:
      // Rows untouched by a lazy step keep their values: they are up to date by definition.
      catchUp(rows: indices, gradients: gradients, next: current)
      scheduleBase = step
    }
  }

  /// Brings `indices` up to date. With `gradients`, the last step (the newest entry of the
  /// schedule, or `next` for a lazy step) uses `gradient + λw` for those rows; `next` also marks
  /// every row as being at the new step.
  private mutating func catchUp(rows indices: [Int], gradients: Tensor?, next: AdamStep?) {
    guard let (beta1, beta2, epsilon) = betas, gradients != nil || !isSynchronized else { return }
    let d = dimension
    let step = step
    let target = Int32(step)
    let base = scheduleBase
    let work = indices.count * d * max(1, step - base)
    let threads = work >= Parallelism.minimumParallelWork ? Parallelism.threadCount : 1
    let parts = Parallelism.ranges(count: indices.count, parts: threads * 4)
    let gradientScalars = gradients?.scalars ?? []
    let hasGradient = gradients != nil
    storage.withUnsafeMutableBufferPointer { w in
      firstMoment.withUnsafeMutableBufferPointer { m in
        secondMoment.withUnsafeMutableBufferPointer { v in
          appliedSteps.withUnsafeMutableBufferPointer { applied in
            schedule.withUnsafeBufferPointer { schedule in
              gradientScalars.withUnsafeBufferPointer { g in
                indices.withUnsafeBufferPointer { indices in
                  let (w, m, v, applied) = (w, m, v, applied)
                  Parallelism.forEach(chunks: parts.count, threads: threads) { p in
                    for k in parts[p] {
                      let r = indices[k]
                      let from = Int(applied[r])
                      let offset = r * d
                      // Dense: the steps before the newest are decay-only; lazy (`next`): the
                      // row jumps to the new step.
                      let decayEnd = next == nil && hasGradient ? step - 1 : step
                      if next == nil, from < decayEnd {
                        Self.decaySteps(
                          w: w.baseAddress! + offset, m: m.baseAddress! + offset, v: v.baseAddress! + offset,
                          count: d,
                          schedule: UnsafeBufferPointer(rebasing: schedule[(from - base)..<(decayEnd - base)]),
                          beta1: beta1, beta2: beta2, epsilon: epsilon)
                      }
                      if hasGradient {
                        let constants = next ?? schedule[step - 1 - base]
                        Self.gradientStep(
                          w: w.baseAddress! + offset, m: m.baseAddress! + offset, v: v.baseAddress! + offset,
                          g: g.baseAddress! + k * d, count: d, constants: constants, beta1: beta1, beta2: beta2,
                          epsilon: epsilon)
                      }
                      applied[r] = target
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Replays decay-only dense steps (gradient `λw`) on `count` consecutive weights. A row's
  /// weights and moments stay in L1 across the steps; the inner loop vectorises (sqrtps/divps).
  @inline(__always)
  static func decaySteps(
    w: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int,
    schedule: UnsafeBufferPointer<AdamStep>, beta1: Float, beta2: Float, epsilon: Float
  ) {
    let (a1, a2) = (1 - beta1, 1 - beta2)
    for s in schedule {
      let (decay, stepSize, invC2) = (s.weightDecay, s.stepSize, s.invC2)
      var c = 0
      while c + 8 <= count {
        var wv = UnsafeRawPointer(w + c).loadUnaligned(as: SIMD8<Float>.self)
        var mv = UnsafeRawPointer(m + c).loadUnaligned(as: SIMD8<Float>.self)
        var vv = UnsafeRawPointer(v + c).loadUnaligned(as: SIMD8<Float>.self)
        let grad = decay * wv
        mv = beta1 * mv + a1 * grad
        vv = beta2 * vv + a2 * grad * grad
        wv -= stepSize * mv / ((vv * invC2).squareRoot() + epsilon)
        UnsafeMutableRawPointer(w + c).storeBytes(of: wv, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(m + c).storeBytes(of: mv, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(v + c).storeBytes(of: vv, as: SIMD8<Float>.self)
        c += 8
      }
      while c < count {
        let grad = decay * w[c]
        m[c] = beta1 * m[c] + a1 * grad
        v[c] = beta2 * v[c] + a2 * grad * grad
        w[c] -= stepSize * m[c] / ((v[c] * invC2).squareRoot() + epsilon)
        c += 1
      }
    }
  }

  /// One Adam step with gradient `g + λw` on `count` consecutive weights.
  @inline(__always)
  static func gradientStep(
    w: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
    g: UnsafePointer<Float>, count: Int, constants s: AdamStep, beta1: Float, beta2: Float, epsilon: Float
  ) {
    let (a1, a2) = (1 - beta1, 1 - beta2)
    var c = 0
    while c + 8 <= count {
      var wv = UnsafeRawPointer(w + c).loadUnaligned(as: SIMD8<Float>.self)
      let gv = UnsafeRawPointer(g + c).loadUnaligned(as: SIMD8<Float>.self)
      var mv = UnsafeRawPointer(m + c).loadUnaligned(as: SIMD8<Float>.self)
      var vv = UnsafeRawPointer(v + c).loadUnaligned(as: SIMD8<Float>.self)
      let grad = gv + s.weightDecay * wv
      mv = beta1 * mv + a1 * grad
      vv = beta2 * vv + a2 * grad * grad
      wv -= s.stepSize * mv / ((vv * s.invC2).squareRoot() + epsilon)
      UnsafeMutableRawPointer(w + c).storeBytes(of: wv, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(m + c).storeBytes(of: mv, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(v + c).storeBytes(of: vv, as: SIMD8<Float>.self)
      c += 8
    }
    while c < count {
      let grad = g[c] + s.weightDecay * w[c]
      m[c] = beta1 * m[c] + a1 * grad
      v[c] = beta2 * v[c] + a2 * grad * grad
      w[c] -= s.stepSize * m[c] / ((v[c] * s.invC2).squareRoot() + epsilon)
      c += 1
    }
  }
}
