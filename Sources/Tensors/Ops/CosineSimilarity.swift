/// Row-wise cosine similarity `cos_i = a_i · b_i / max(‖a_i‖ ‖b_i‖, ε)`.
///
/// Pullback (when the denominator is not clamped):
/// `∂a_i = g_i (b_i / (‖a_i‖‖b_i‖) − cos_i · a_i / ‖a_i‖²)`, symmetrically for `b`.
///
/// Shapes: `a`, `b` `[n, d]` → `[n]`.
public func cosineSimilarity(_ a: Variable, _ b: Variable, epsilon: Float = 1e-8) throws -> Variable {
  guard a.shape == b.shape, a.value.rank == 2 else {
    throw TensorError.shape(
      "cosineSimilarity", expected: "two matrices of equal shape [n, d]",
      actual: "\(describe(a.shape)) and \(describe(b.shape))")
  }
  let (n, d) = (a.shape[0], a.shape[1])
  let (av, bv) = (a.value, b.value)
  var dots = [Float](repeating: 0, count: n)
  var na = [Float](repeating: 0, count: n)
  var nb = [Float](repeating: 0, count: n)
  for i in 0..<n {
    var (s, sa, sb): (Float, Float, Float) = (0, 0, 0)
    for j in 0..<d {
      let (x, y) = (av[i * d + j], bv[i * d + j])
      s += x * y
      sa += x * x
      sb += y * y
    }
    (dots[i], na[i], nb[i]) = (s, sa.squareRoot(), sb.squareRoot())
  }
  let denominators = (0..<n).map { max(na[$0] * nb[$0], epsilon) }
  let cosines = (0..<n).map { dots[$0] / denominators[$0] }
  return Variable(value: Tensor(cosines), parents: [a, b]) { g in
    var ga = Tensor(zeros: [n, d])
    var gb = Tensor(zeros: [n, d])
    for i in 0..<n {
      let clamped = na[i] * nb[i] < epsilon
      let inv = 1 / denominators[i]
      let ca = clamped || na[i] == 0 ? 0 : cosines[i] / (na[i] * na[i])
      let cb = clamped || nb[i] == 0 ? 0 : cosines[i] / (nb[i] * nb[i])
      for j in 0..<d {
        let k = i * d + j
        ga[k] = g[i] * (bv[k] * inv - ca * av[k])
        gb[k] = g[i] * (av[k] * inv - cb * bv[k])
      }
    }
    return [ga, gb]
  }
}
