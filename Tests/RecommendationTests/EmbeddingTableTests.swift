import Foundation
import Recommendation
import Tensors
import Testing

@Suite struct EmbeddingTableTests {
  /// PyTorch's dense `Adam(weight_decay=λ)` step by step: every row, every step, gradient
  /// `g + λw` (g = 0 for rows without one). The reference the deferred table must equal.
  struct DenseReference {
    var w: [Float]
    var m: [Float]
    var v: [Float]
    var step = 0
    let d: Int

    mutating func update(rows: [Int], gradients: [Float], learningRate: Float, weightDecay: Float) {
      let (beta1, beta2, epsilon): (Float, Float, Float) = (0.9, 0.999, 1e-8)
      step += 1
      let c1 = 1 - Float(pow(Double(beta1), Double(step)))
      let c2 = 1 - Float(pow(Double(beta2), Double(step)))
      var slot = [Int](repeating: -1, count: w.count / d)
      for (k, r) in rows.enumerated() { slot[r] = k }
      for r in 0..<(w.count / d) {
        for c in 0..<d {
          let i = r * d + c
          let grad = (slot[r] >= 0 ? gradients[slot[r] * d + c] : 0) + weightDecay * w[i]
          m[i] = beta1 * m[i] + (1 - beta1) * grad
          v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
          w[i] -= learningRate / c1 * m[i] / ((v[i] * (1 / c2)).squareRoot() + epsilon)
        }
      }
    }
  }

  /// Random steps on a table whose rows straddle the SIMD widths (16 + 4 + 3 columns).
  static func run(dimension d: Int, steps: Int, mode: EmbeddingTable.Update) throws -> (
    table: EmbeddingTable, reference: DenseReference, initial: [Float], touched: Set<Int>
  ) {
    let rows = 37
    var generator = Xoshiro256StarStar(seed: 11)
    var table = EmbeddingTable(rows: rows, dimension: d, standardDeviation: 0.5, generator: &generator)
    let initial = table.weights.scalars
    var reference = DenseReference(
      w: initial, m: .init(repeating: 0, count: initial.count), v: .init(repeating: 0, count: initial.count), d: d)
    var touched = Set<Int>()
    for s in 0..<steps {
      var chosen = Set<Int>()
      for _ in 0..<(1 + generator.nextInt(below: 5)) { chosen.insert(generator.nextInt(below: rows)) }
      let indices = chosen.sorted()
      touched.formUnion(indices)
      // Reading the batch rows first brings them up to date: they must equal the reference's.
      let current = try table.currentRows(indices)
      if mode == .dense {
        for (k, r) in indices.enumerated() {
          #expect(Array(current.scalars[(k * d)..<((k + 1) * d)]) == Array(reference.w[(r * d)..<((r + 1) * d)]))
        }
      }
      let g = (0..<(indices.count * d)).map { _ in Float(generator.nextInt(below: 2001) - 1000) / 1000 }
      let learningRate: Float = s % 2 == 0 ? 0.01 : 0.02
      table.update(
        rows: indices, gradients: try Tensor(shape: [indices.count, d], scalars: g), learningRate: learningRate,
        weightDecay: 0.05, mode: mode)
      reference.update(rows: indices, gradients: g, learningRate: learningRate, weightDecay: 0.05)
    }
    return (table, reference, initial, touched)
  }

  @Test(arguments: [23, 200, 3])
  func deferredDenseStepsEqualStepByStepDenseAdamExactly(dimension: Int) throws {
    var (table, reference, initial, _) = try Self.run(dimension: dimension, steps: 40, mode: .dense)
    #expect(!table.isSynchronized)
    table.synchronize()
    #expect(table.isSynchronized)
    #expect(table.weights.scalars == reference.w)
    #expect(table.weights.scalars != initial)
    // Synchronising again changes nothing; further steps continue from the same moments.
    table.synchronize()
    #expect(table.weights.scalars == reference.w)
  }

  @Test func lazyStepsLeaveUntouchedRowsAlone() throws {
    let d = 23
    let (table, _, initial, touched) = try Self.run(dimension: d, steps: 10, mode: .lazy)
    #expect(table.isSynchronized)
    let w = table.weights.scalars
    for r in 0..<37 {
      let same = Array(w[(r * d)..<((r + 1) * d)]) == Array(initial[(r * d)..<((r + 1) * d)])
      #expect(same == !touched.contains(r), "row \(r)")
    }
  }
}
