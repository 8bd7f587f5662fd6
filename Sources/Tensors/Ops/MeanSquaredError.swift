/// Mean squared error over all elements: `L = (1/N) Σ (a − b)²`.
///
/// Pullback: `∂a = 2(a − b)/N`, `∂b = −2(a − b)/N`.
/// - Throws: ``TensorError`` when the shapes differ.
public func meanSquaredError(_ a: Variable, _ b: Variable) throws -> Variable {
  guard a.shape == b.shape else {
    throw TensorError.shape(
      "meanSquaredError", expected: "equal shapes", actual: "\(describe(a.shape)) and \(describe(b.shape))")
  }
  let diff = a.value.zipMap(b.value, -)
  let n = Float(max(diff.count, 1))
  var sum: Double = 0
  for v in diff.scalars { sum += Double(v * v) }
  return Variable(value: Tensor(Float(sum) / n), parents: [a, b]) { g in
    let s = 2 * g.scalar / n
    let ga = diff.map { $0 * s }
    return [ga, ga.map { -$0 }]
  }
}
