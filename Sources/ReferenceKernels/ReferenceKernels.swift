import Tensors

/// Naive, obviously-correct implementations of the fast kernels in `Tensors.Kernels`, written
/// with plain array indexing and `Double` accumulation. Tests compare the fast kernels against
/// them; `graphkd bench tensors` times them as the baseline. A target of their own, so that the
/// shipped tool carries no test-support code.
public enum ReferenceKernels {
  /// `op(a) · op(b)` by the triple loop.
  public static func gemm(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let n = transposeB ? b.shape[0] : b.shape[1]
    func av(_ i: Int, _ p: Int) -> Double { Double(transposeA ? a[p, i] : a[i, p]) }
    func bv(_ p: Int, _ j: Int) -> Double { Double(transposeB ? b[j, p] : b[p, j]) }
    var out = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var s = 0.0
        for p in 0..<k { s += av(i, p) * bv(p, j) }
        out[i * n + j] = Float(s)
      }
    }
    return try! Tensor(shape: [m, n], scalars: out)
  }

  /// Sparse × dense, one entry at a time, single-threaded.
  public static func spmm(_ a: CSRMatrix, _ b: Tensor, values: [Float]? = nil) -> Tensor {
    let n = b.shape[1]
    let vals = values ?? a.values
    var out = [Double](repeating: 0, count: a.rowCount * n)
    for i in 0..<a.rowCount {
      for e in a.rowPointers[i]..<a.rowPointers[i + 1] {
        let j = Int(a.columnIndices[e])
        for c in 0..<n { out[i * n + c] += Double(vals[e]) * Double(b[j, c]) }
      }
    }
    return try! Tensor(shape: [a.rowCount, n], scalars: out.map(Float.init))
  }

  /// Per-entry dot products, single-threaded.
  public static func sddmm(pattern: CSRMatrix, _ a: Tensor, _ b: Tensor) -> Tensor {
    let d = a.shape[1]
    var out = [Float](repeating: 0, count: pattern.nonzeroCount)
    for i in 0..<pattern.rowCount {
      for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] {
        let j = Int(pattern.columnIndices[e])
        var s = 0.0
        for c in 0..<d { s += Double(a[i, c]) * Double(b[j, c]) }
        out[e] = Float(s)
      }
    }
    return Tensor(out)
  }

  /// Per-row softmax of entry scores, by the textbook formula in `Double`.
  public static func segmentSoftmax(pattern: CSRMatrix, scores: Tensor) -> Tensor {
    var out = [Float](repeating: 0, count: scores.count)
    for i in 0..<pattern.rowCount {
      let range = pattern.rowPointers[i]..<pattern.rowPointers[i + 1]
      guard !range.isEmpty else { continue }
      let m = range.map { Double(scores[$0]) }.max()!
      let z = range.reduce(0.0) { $0 + _exp(Double(scores[$1]) - m) }
      for e in range { out[e] = Float(_exp(Double(scores[e]) - m) / z) }
    }
    return Tensor(out)
  }

  /// `source[i] + target[j]` per entry.
  public static func edgeAdd(pattern: CSRMatrix, source: Tensor, target: Tensor) -> Tensor {
    var out = [Float](repeating: 0, count: pattern.nonzeroCount)
    for i in 0..<pattern.rowCount {
      for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] {
        out[e] = source[i] + target[Int(pattern.columnIndices[e])]
      }
    }
    return Tensor(out)
  }

  /// Rows of `x` at `indices`.
  public static func gatherRows(_ x: Tensor, indices: [Int]) -> Tensor {
    let d = x.shape[1]
    return try! Tensor(shape: [indices.count, d], scalars: indices.flatMap { x.row($0) })
  }

  /// Rows of `source` added into a zero matrix at `indices`.
  public static func scatterAddRows(_ source: Tensor, indices: [Int], rowCount: Int) -> Tensor {
    let d = source.shape[1]
    var out = [Double](repeating: 0, count: rowCount * d)
    for (k, i) in indices.enumerated() {
      for c in 0..<d { out[i * d + c] += Double(source[k, c]) }
    }
    return try! Tensor(shape: [rowCount, d], scalars: out.map(Float.init))
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
  import Foundation
  @inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
#endif
