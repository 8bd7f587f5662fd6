/// Columns `range` of a matrix, e.g. one attention head's slice of a multi-head projection.
///
/// Pullback: the gradient is written into those columns of a zero matrix.
/// Shapes: `x` `[n, d]` → `[n, range.count]`.
/// - Throws: ``TensorError`` unless `x` is a matrix and `range` lies within its columns.
public func sliceColumns(_ x: Variable, _ range: Range<Int>) throws -> Variable {
  guard x.value.rank == 2, range.lowerBound >= 0, range.upperBound <= x.shape[1] else {
    throw TensorError.index(
      "sliceColumns", expected: "a matrix and a column range within 0..<\(x.value.columnCount)",
      actual: "shape \(describe(x.shape)), columns \(range)")
  }
  let (n, d, w) = (x.shape[0], x.shape[1], range.count)
  var out = [Float](repeating: 0, count: n * w)
  x.value.withUnsafeBufferPointer { src in
    for i in 0..<n {
      for j in 0..<w { out[i * w + j] = src[i * d + range.lowerBound + j] }
    }
  }
  return Variable(value: Tensor(uncheckedShape: [n, w], scalars: out), parents: [x]) { g in
    var gx = [Float](repeating: 0, count: n * d)
    g.withUnsafeBufferPointer { pg in
      for i in 0..<n {
        for j in 0..<w { gx[i * d + range.lowerBound + j] = pg[i * w + j] }
      }
    }
    return [Tensor(uncheckedShape: [n, d], scalars: gx)]
  }
}
