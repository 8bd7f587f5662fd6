import Foundation
import Tensors

/// One embedding matrix (a row per user or per item) trained with Adam.
///
/// A mini-batch's gradient touches only a few hundred rows. ``Update/dense`` is PyTorch's
/// `Adam(weight_decay=λ)` on an `nn.Embedding` (the DE-RRD reference): every row takes a step
/// with gradient `g + λw` (g = 0 for untouched rows), so Adam's normalised weight decay keeps
/// shrinking the rows a batch does not touch — a strong regulariser on sparse data. The step
/// runs over row blocks on GraphKD's threads. ``Update/lazy`` updates only the touched rows
/// (cheaper, but a weaker regulariser: BPR-MF then overfits CiteULike).
///
/// - Shapes: ``weights`` is `[rows, dimension]`.
public struct EmbeddingTable: Sendable {
  /// The embeddings, `[rows, dimension]`.
  public private(set) var weights: Tensor
  private var firstMoment: [Float]
  private var secondMoment: [Float]
  private var step = 0

  /// The number of rows.
  public var rowCount: Int { weights.shape[0] }
  /// The embedding dimension.
  public var dimension: Int { weights.shape[1] }

  /// A table initialised with N(0, `standardDeviation`²) entries (BPR's usual N(0, 0.01²)).
  public init(rows: Int, dimension: Int, standardDeviation: Float = 0.01, generator: inout Xoshiro256StarStar) {
    weights = Tensor.randomNormal(
      shape: [rows, dimension], standardDeviation: standardDeviation, generator: &generator)
    firstMoment = [Float](repeating: 0, count: rows * dimension)
    secondMoment = firstMoment
  }

  /// A table holding the given embeddings (e.g. a trained teacher's), `[rows, dimension]`.
  /// - Throws: ``TensorError`` unless `weights` is a matrix.
  public init(weights: Tensor) throws {
    guard weights.rank == 2 else {
      throw TensorError.shape("EmbeddingTable", expected: "a [rows, dimension] matrix", actual: "\(weights.shape)")
    }
    self.weights = weights
    firstMoment = [Float](repeating: 0, count: weights.count)
    secondMoment = firstMoment
  }

  /// The rows at `indices`, `[indices.count, dimension]`.
  public func rows(_ indices: [Int]) throws -> Tensor { try Kernels.gatherRows(weights, indices: indices) }

  /// Which rows an Adam step updates.
  public enum Update: String, Sendable, Codable, CaseIterable {
    /// Every row (PyTorch's dense Adam; the reference).
    case dense
    /// Only the rows with a gradient.
    case lazy
  }

  /// One Adam step with the gradients `gradients` (`[indices.count, dimension]`) of the distinct
  /// rows `indices`.
  public mutating func update(
    rows indices: [Int], gradients: Tensor, learningRate: Float, weightDecay: Float, mode: Update = .dense,
    beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
  ) {
    if mode == .dense {
      denseUpdate(
        rows: indices, gradients: gradients, learningRate: learningRate, weightDecay: weightDecay, beta1: beta1,
        beta2: beta2, epsilon: epsilon)
      return
    }
    step += 1
    let c1 = 1 - Float(pow(Double(beta1), Double(step)))
    let c2 = 1 - Float(pow(Double(beta2), Double(step)))
    let d = dimension
    let stepSize = learningRate / c1
    let invC2 = 1 / c2
    weights.withUnsafeMutableBufferPointer { w in
      gradients.withUnsafeBufferPointer { g in
        firstMoment.withUnsafeMutableBufferPointer { m in
          secondMoment.withUnsafeMutableBufferPointer { v in
            for (k, r) in indices.enumerated() {
              for c in 0..<d {
                let i = r * d + c
                let grad = g[k * d + c] + weightDecay * w[i]
                m[i] = beta1 * m[i] + (1 - beta1) * grad
                v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
                w[i] -= stepSize * m[i] / ((v[i] * invC2).squareRoot() + epsilon)
              }
            }
          }
        }
      }
    }
  }

  private mutating func denseUpdate(
    rows indices: [Int], gradients: Tensor, learningRate: Float, weightDecay: Float, beta1: Float, beta2: Float,
    epsilon: Float
  ) {
    step += 1
    let c1 = 1 - Float(pow(Double(beta1), Double(step)))
    let c2 = 1 - Float(pow(Double(beta2), Double(step)))
    let (d, n) = (dimension, rowCount)
    let stepSize = learningRate / c1
    let invC2 = 1 / c2
    var slot = [Int32](repeating: -1, count: n)
    for (k, r) in indices.enumerated() { slot[r] = Int32(k) }
    let threads = Parallelism.threadCount
    let parts = Parallelism.ranges(count: n, parts: threads * 4)
    weights.withUnsafeMutableBufferPointer { w in
      gradients.withUnsafeBufferPointer { g in
        firstMoment.withUnsafeMutableBufferPointer { m in
          secondMoment.withUnsafeMutableBufferPointer { v in
            nonisolated(unsafe) let (w, g, m, v, slot) = (w, g, m, v, slot)
            Parallelism.forEach(chunks: parts.count, threads: threads) { p in
              for r in parts[p] {
                let k = Int(slot[r])
                for c in 0..<d {
                  let i = r * d + c
                  let grad = (k >= 0 ? g[k * d + c] : 0) + weightDecay * w[i]
                  m[i] = beta1 * m[i] + (1 - beta1) * grad
                  v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
                  w[i] -= stepSize * m[i] / ((v[i] * invC2).squareRoot() + epsilon)
                }
              }
            }
          }
        }
      }
    }
  }
}
