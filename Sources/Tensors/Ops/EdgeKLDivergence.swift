/// Kullback–Leibler divergence between two distributions over the entries of each row of a
/// sparse pattern: a fixed target `p` (one probability per entry, each non-empty row summing
/// to 1) and the prediction `q = edge softmax(scores)`,
///
///     L = (1/|R|) Σ_{i∈R} Σ_{e∈row i} p_e (log p_e − log q_e),   log q_e = s_e − log Σ_{e'∈row i} exp(s_e')
///
/// with R the non-empty rows and 0 · log 0 = 0. Computed from the scores directly (log-sum-exp
/// per row), so a tiny q never underflows to log 0. This matches neighbourhood distributions
/// in local-structure-preserving distillation (Yang et al., CVPR 2020).
///
/// Pullback: `∂s_e = (g/|R|) (q_e · Σ_{e'∈row i} p_e' − p_e)`.
/// Shapes: `pattern` `[n, k]`, `target` and `scores` `[nnz]` → scalar.
/// - Throws: ``TensorError`` when the lengths differ from the entry count, the target has a
///   negative or non-finite entry, or the pattern has no entries.
public func edgeKLDivergence(pattern: CSRMatrix, target: Tensor, scores: Variable) throws -> Variable {
  let op = "edgeKLDivergence"
  let nnz = pattern.nonzeroCount
  guard scores.value.count == nnz, target.count == nnz else {
    throw TensorError.shape(
      op, expected: "one score and one target probability per entry (\(nnz))",
      actual: "\(scores.value.count) scores, \(target.count) targets")
  }
  for (k, v) in target.scalars.enumerated() where !(v >= 0) || !v.isFinite {
    throw TensorError.value(op, expected: "target probabilities ≥ 0 and finite", actual: "\(v) at entry \(k)")
  }
  var q = [Float](repeating: 0, count: nnz)
  var loss: Double = 0
  var rows = 0
  scores.value.withUnsafeBufferPointer { s in
    target.withUnsafeBufferPointer { p in
      q.withUnsafeMutableBufferPointer { q in
        for i in 0..<pattern.rowCount {
          let range = pattern.rowPointers[i]..<pattern.rowPointers[i + 1]
          guard !range.isEmpty else { continue }
          rows += 1
          var m = -Float.infinity
          for e in range { m = max(m, s[e]) }
          var z: Float = 0
          for e in range { z += _expf(s[e] - m) }
          let lse = m + _logf(z)
          for e in range {
            let logQ = s[e] - lse
            q[e] = _expf(logQ)
            if p[e] > 0 { loss += Double(p[e]) * Double(_logf(p[e]) - logQ) }
          }
        }
      }
    }
  }
  guard rows > 0 else {
    throw TensorError.value(op, expected: "a pattern with at least one entry", actual: "no entries")
  }
  let inv = 1 / Float(rows)
  return Variable(value: Tensor(Float(loss) * inv), parents: [scores]) { g in
    let k = g.scalar * inv
    var out = [Float](repeating: 0, count: nnz)
    target.withUnsafeBufferPointer { p in
      for i in 0..<pattern.rowCount {
        let range = pattern.rowPointers[i]..<pattern.rowPointers[i + 1]
        var mass: Float = 0
        for e in range { mass += p[e] }
        for e in range { out[e] = k * (q[e] * mass - p[e]) }
      }
    }
    return [try Tensor(shape: scores.shape, scalars: out)]
  }
}
