/// The sum of all elements, as a scalar. Pullback: `g` broadcast to every element.
public func sum(_ x: Variable) -> Variable {
  var s: Double = 0
  for v in x.value.scalars { s += Double(v) }
  let shape = x.shape
  return Variable(value: Tensor(Float(s)), parents: [x]) { g in [Tensor(repeating: g.scalar, shape: shape)] }
}

/// The mean of all elements, as a scalar. Pullback: `g / N` to every element.
public func mean(_ x: Variable) -> Variable {
  let n = Float(max(x.value.count, 1))
  return scale(sum(x), by: 1 / n)
}

/// Sums a matrix along `axis`: 0 sums over rows (→ `[columns]`), 1 over columns (→ `[rows]`).
/// - Throws: ``TensorError`` unless `x` is a matrix and `axis` is 0 or 1.
public func sum(_ x: Variable, alongAxis axis: Int) throws -> Variable {
  guard x.value.rank == 2, axis == 0 || axis == 1 else {
    throw TensorError.shape(
      "sum(alongAxis:)", expected: "a matrix and axis 0 or 1", actual: "shape \(describe(x.shape)), axis \(axis)")
  }
  let (r, c) = (x.shape[0], x.shape[1])
  var out = [Float](repeating: 0, count: axis == 0 ? c : r)
  for i in 0..<r {
    for j in 0..<c { out[axis == 0 ? j : i] += x.value[i * c + j] }
  }
  return Variable(value: Tensor(out), parents: [x]) { g in
    var gx = Tensor(zeros: [r, c])
    for i in 0..<r {
      for j in 0..<c { gx[i * c + j] = g[axis == 0 ? j : i] }
    }
    return [gx]
  }
}

/// Averages a matrix along `axis` (see ``sum(_:alongAxis:)``).
public func mean(_ x: Variable, alongAxis axis: Int) throws -> Variable {
  let s = try sum(x, alongAxis: axis)
  let n = x.value.rank == 2 ? x.shape[axis] : 1
  return scale(s, by: 1 / Float(max(n, 1)))
}

/// The Euclidean norm of all elements, `‖x‖₂ = √(Σ x²)`.
/// Pullback: `g · x / ‖x‖` (0 when `x` is zero).
public func l2Norm(_ x: Variable) -> Variable {
  var s: Double = 0
  for v in x.value.scalars { s += Double(v) * Double(v) }
  let norm = Float(s.squareRoot())
  let xv = x.value
  return Variable(value: Tensor(norm), parents: [x]) { g in
    let k = norm > 0 ? g.scalar / norm : 0
    return [xv.map { $0 * k }]
  }
}

/// The Euclidean norm of each row of a matrix, `[n, d]` → `[n]`.
public func rowL2Norm(_ x: Variable) throws -> Variable {
  guard x.value.rank == 2 else {
    throw TensorError.shape("rowL2Norm", expected: "a matrix [n, d]", actual: describe(x.shape))
  }
  let (n, d) = (x.shape[0], x.shape[1])
  let xv = x.value
  var norms = [Float](repeating: 0, count: n)
  for i in 0..<n {
    var s: Float = 0
    for j in 0..<d { s += xv[i * d + j] * xv[i * d + j] }
    norms[i] = s.squareRoot()
  }
  return Variable(value: Tensor(norms), parents: [x]) { g in
    var gx = Tensor(zeros: [n, d])
    for i in 0..<n where norms[i] > 0 {
      let k = g[i] / norms[i]
      for j in 0..<d { gx[i * d + j] = k * xv[i * d + j] }
    }
    return [gx]
  }
}
