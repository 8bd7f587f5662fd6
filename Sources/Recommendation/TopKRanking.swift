import Tensors

/// Scores all users × all items of a ``MatrixFactorization`` and keeps each user's `k`
/// best-scored items, skipping the items a closure excludes (e.g. the observed ones).
///
/// Users are processed in blocks: one GEMM `P_block · Qᵀ` (OpenBLAS, on `threads` threads)
/// scores a block against every item, then the blocks' rows are split over the threads for the
/// top-k selection (a bounded insertion list per user). ``naiveTopK(_:k:excluding:)`` is the
/// single-threaded dot-product loop it is benchmarked against.
public enum TopKRanking {
  /// Each user's `k` best items, best first, `[users][k]` (fewer when fewer items remain).
  /// - Parameters:
  ///   - excluding: whether `(user, item)` must be skipped.
  ///   - blockSize: users per GEMM block.
  public static func topK(
    _ model: MatrixFactorization, k: Int, excluding: (Int, Int32) -> Bool, blockSize: Int = 512,
    threads: Int = Parallelism.threadCount
  ) throws -> [[Int32]] {
    let userCount = model.users.rowCount
    let itemCount = model.items.rowCount
    var result = [[Int32]](repeating: [], count: userCount)
    var start = 0
    while start < userCount {
      let end = min(start + blockSize, userCount)
      let block = try model.users.rows(Array(start..<end))
      let scores = try Kernels.gemm(block, model.items.weights, transposeB: true, threads: threads)
      let rows = end - start
      let parts = Parallelism.ranges(count: rows, parts: threads)
      var lists = [[Int32]](repeating: [], count: rows)
      lists.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let out = out
        scores.withUnsafeBufferPointer { s in
          nonisolated(unsafe) let s = s
          withoutActuallyEscaping(excluding) { excluding in
            nonisolated(unsafe) let excluding = excluding
            Parallelism.forEach(chunks: parts.count, threads: threads) { p in
              for r in parts[p] {
                out[r] = selectTop(
                  k, count: itemCount, score: { s[r * itemCount + $0] }, skip: { excluding(start + r, Int32($0)) })
              }
            }
          }
        }
      }
      for r in 0..<rows { result[start + r] = lists[r] }
      start = end
    }
    return result
  }

  /// The same top-k lists computed by a plain single-threaded loop: one dot product per
  /// (user, item), then the same selection.
  public static func naiveTopK(_ model: MatrixFactorization, k: Int, excluding: (Int, Int32) -> Bool) -> [[Int32]] {
    let itemCount = model.items.rowCount
    let d = model.dimension
    var result: [[Int32]] = []
    var row = [Float](repeating: 0, count: itemCount)
    model.users.weights.withUnsafeBufferPointer { pu in
      model.items.weights.withUnsafeBufferPointer { pi in
        for u in 0..<model.users.rowCount {
          for i in 0..<itemCount {
            var s: Float = 0
            for c in 0..<d { s += pu[u * d + c] * pi[i * d + c] }
            row[i] = s
          }
          result.append(selectTop(k, count: itemCount, score: { row[$0] }, skip: { excluding(u, Int32($0)) }))
        }
      }
    }
    return result
  }

  /// The indices of the `k` largest scores in `0..<count` not skipped, best first (ties: the
  /// smaller index first).
  static func selectTop(_ k: Int, count: Int, score: (Int) -> Float, skip: (Int) -> Bool) -> [Int32] {
    var items: [Int32] = []
    var values: [Float] = []
    items.reserveCapacity(k + 1)
    values.reserveCapacity(k + 1)
    for i in 0..<count {
      let v = score(i)
      if values.count == k, let last = values.last, v <= last { continue }
      if skip(i) { continue }
      var pos = values.count
      while pos > 0 && values[pos - 1] < v { pos -= 1 }
      values.insert(v, at: pos)
      items.insert(Int32(i), at: pos)
      if values.count > k {
        values.removeLast()
        items.removeLast()
      }
    }
    return items
  }
}
