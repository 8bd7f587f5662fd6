#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The relaxed Plackett–Luce ranking loss of RRD (Kang et al., "DE-RRD", CIKM 2020), summed over
/// rows: for row b with interesting scores `s₁ … s_K` (in the teacher's order, best first) and
/// uninteresting scores `u₁ … u_L`,
/// `ℓ_b = −Σ_k [ s_k − log( Σ_{j ≥ k} e^{s_j} + Σ_l e^{u_l} ) ]`:
/// the interesting items ordered among themselves, all above every uninteresting item, whose
/// order is left free.
///
/// Every log-sum-exp is computed from the back with a running maximum (`m ← max(m, s_k)`, the
/// running sum rescaled by `e^{m_old − m}`), so scores of ±1e4 give a finite loss.
///
/// Pullback (`g` the scalar seed, `p_k(x) = e^{x − LSE_k}`):
/// `∂s_j = g · (−1 + Σ_{k ≤ j} p_k(s_j))`, `∂u_l = g · Σ_k p_k(u_l)`, both in O(K + L) per row
/// through the prefix `q_j = Σ_{i ≤ j} e^{LSE_j − LSE_i}` (each term ≤ 1, so it is stable).
/// Shapes: `interesting` `[B, K]`, `uninteresting` `[B, L]` → a scalar.
/// - Throws: ``TensorError`` unless both are matrices with the same number of rows and K ≥ 1.
public func relaxedRankingLoss(interesting: Variable, uninteresting: Variable) throws -> Variable {
  let (s, u) = (interesting.value, uninteresting.value)
  guard s.rank == 2, u.rank == 2, s.shape[0] == u.shape[0], s.shape[1] >= 1 else {
    throw TensorError.shape(
      "relaxedRankingLoss", expected: "[B, K] interesting and [B, L] uninteresting scores with K ≥ 1",
      actual: "\(describe(s.shape)) and \(describe(u.shape))")
  }
  let (rows, k, l) = (s.shape[0], s.shape[1], u.shape[1])
  // lse[b, j] = log(Σ_{i ≥ j} e^{s_i} + Σ e^{u}).
  var lse = [Float](repeating: 0, count: rows * k)
  var total: Double = 0
  s.withUnsafeBufferPointer { ps in
    u.withUnsafeBufferPointer { pu in
      for b in 0..<rows {
        var m = -Float.infinity
        for j in 0..<l { m = max(m, pu[b * l + j]) }
        var acc: Float = 0
        if l > 0 { for j in 0..<l { acc += expf(pu[b * l + j] - m) } }
        for j in stride(from: k - 1, through: 0, by: -1) {
          let x = ps[b * k + j]
          if x > m {
            acc = acc * expf(m - x) + 1
            m = x
          } else {
            acc += expf(x - m)
          }
          let value = m + logf(acc)
          lse[b * k + j] = value
          total -= Double(x - value)
        }
      }
    }
  }
  let lseTensor = Tensor(uncheckedShape: [rows, k], scalars: lse)
  return Variable(value: Tensor(Float(total)), parents: [interesting, uninteresting]) { g in
    let seed = g.scalar
    var gs = [Float](repeating: 0, count: rows * k)
    var gu = [Float](repeating: 0, count: rows * l)
    s.withUnsafeBufferPointer { ps in
      u.withUnsafeBufferPointer { pu in
        lseTensor.withUnsafeBufferPointer { pl in
          for b in 0..<rows {
            // q = Σ_{i ≤ j} e^{lse_j − lse_i}, by q_j = 1 + e^{lse_j − lse_{j−1}} q_{j−1}: every
            // term ≤ 1 because lse is non-increasing in j, so this is stable and O(K).
            var q: Float = 0
            var previous = Float.infinity
            for j in 0..<k {
              let current = pl[b * k + j]
              q = j == 0 ? 1 : 1 + expf(current - previous) * q
              previous = current
              gs[b * k + j] = seed * (expf(ps[b * k + j] - current) * q - 1)
            }
            // Σ_i e^{u − lse_i} = e^{u − lse_{K−1}} · q_{K−1}; u ≤ lse_{K−1} since every sum holds u.
            for j in 0..<l { gu[b * l + j] = seed * expf(pu[b * l + j] - previous) * q }
          }
        }
      }
    }
    return [Tensor(uncheckedShape: [rows, k], scalars: gs), Tensor(uncheckedShape: [rows, l], scalars: gu)]
  }
}
