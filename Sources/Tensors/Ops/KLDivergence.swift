/// Kullback–Leibler divergence KL(p ‖ q) from a target distribution p to the prediction
/// q = softmax(logits / T), summed over classes and averaged over the selected rows
/// (PyTorch's `reduction="batchmean"`):
/// `L = (1/|R|) Σ_{i∈R} Σ_c p_ic (log p_ic − log q_ic)`, with 0 · log 0 = 0.
///
/// This is the soft-label term of knowledge distillation (Hinton et al., 2015); multiply by T²
/// to keep its gradient scale independent of T. The temperature softens the prediction only:
/// soften the target yourself (e.g. ``rowSoftmax(_:temperature:)``) or use
/// ``klDivergence(logits:targetLogits:temperature:rows:)``.
///
/// Pullback: `∂z_i = (q_i − p_i) / (T · |R|)`.
///
/// - Parameters:
///   - logits: `[n, c]`.
///   - targetProbabilities: `[n, c]`, non-negative rows (summing to 1).
/// - Throws: ``TensorError`` on a shape mismatch, a negative or non-finite target, a bad
///   temperature or row index.
public func klDivergence(
  logits: Variable, targetProbabilities p: Tensor, temperature: Float = 1, rows: [Int]? = nil
) throws -> Variable {
  let op = "klDivergence"
  try checkTemperature(temperature, operation: op)
  guard logits.value.rank == 2, p.shape == logits.shape else {
    throw TensorError.shape(
      op, expected: "logits and targets of the same shape [n, c]",
      actual: "\(describe(logits.shape)) and \(describe(p.shape))")
  }
  for (k, v) in p.scalars.enumerated() where !(v >= 0) || !v.isFinite {
    throw TensorError.value(op, expected: "target probabilities ≥ 0 and finite", actual: "\(v) at element \(k)")
  }
  let (n, c) = (logits.shape[0], logits.shape[1])
  let selected = try checkRows(rows, count: n, operation: op)
  // Only the selected rows' log-probabilities (row k of `logQ` is row selected[k]).
  let logQ = rowLogSoftmax(logits.value, rows: selected, temperature: temperature)
  var loss: Double = 0
  p.withUnsafeBufferPointer { pp in
    for (k, i) in selected.enumerated() {
      for j in 0..<c where pp[i * c + j] > 0 {
        loss += Double(pp[i * c + j]) * Double(_logf(pp[i * c + j]) - logQ[k * c + j])
      }
    }
  }
  let inv = 1 / Float(selected.count)
  return Variable(value: Tensor(Float(loss) * inv), parents: [logits]) { g in
    let s = g.scalar * inv / temperature
    var out = Tensor(zeros: [n, c])
    out.withUnsafeMutableBufferPointer { o in
      p.withUnsafeBufferPointer { pp in
        for (k, i) in selected.enumerated() {
          for j in 0..<c { o[i * c + j] = s * (_expf(logQ[k * c + j]) - pp[i * c + j]) }
        }
      }
    }
    return [out]
  }
}

/// KL(softmax(targetLogits/T) ‖ softmax(logits/T)), averaged over the selected rows; both sides
/// are differentiable (detach the target with ``Variable/detached()`` for one-way distillation).
///
/// Pullback: `∂z = (q − p)/(T|R|)` for the prediction; for the target,
/// `∂t_j = (1/(T|R|)) · p_j (d_j − Σ_k p_k d_k)` with `d = log p − log q`.
public func klDivergence(
  logits: Variable, targetLogits: Variable, temperature: Float = 1, rows: [Int]? = nil
) throws -> Variable {
  let op = "klDivergence"
  try checkTemperature(temperature, operation: op)
  guard logits.value.rank == 2, targetLogits.shape == logits.shape else {
    throw TensorError.shape(
      op, expected: "logits and target logits of the same shape [n, c]",
      actual: "\(describe(logits.shape)) and \(describe(targetLogits.shape))")
  }
  let (n, c) = (logits.shape[0], logits.shape[1])
  let selected = try checkRows(rows, count: n, operation: op)
  let logQ = rowLogSoftmax(logits.value, temperature: temperature)
  let logP = rowLogSoftmax(targetLogits.value, temperature: temperature)
  var loss: Double = 0
  for i in selected {
    for j in 0..<c {
      let lp = logP[i * c + j]
      loss += Double(_expf(lp)) * Double(lp - logQ[i * c + j])
    }
  }
  let inv = 1 / Float(selected.count)
  return Variable(value: Tensor(Float(loss) * inv), parents: [logits, targetLogits]) { g in
    let s = g.scalar * inv / temperature
    var gq = Tensor(zeros: [n, c])
    var gp = Tensor(zeros: [n, c])
    for i in selected {
      var dot: Float = 0
      for j in 0..<c {
        let k = i * c + j
        dot += _expf(logP[k]) * (logP[k] - logQ[k])
      }
      for j in 0..<c {
        let k = i * c + j
        let pk = _expf(logP[k])
        gq[k] = s * (_expf(logQ[k]) - pk)
        gp[k] = s * pk * ((logP[k] - logQ[k]) - dot)
      }
    }
    return [gq, gp]
  }
}

/// Validates an optional row selection against `count` rows.
func checkRows(_ rows: [Int]?, count: Int, operation: String) throws -> [Int] {
  let selected = rows ?? Array(0..<count)
  guard !selected.isEmpty else {
    throw TensorError.value(operation, expected: "at least one selected row", actual: "none")
  }
  for i in selected where i < 0 || i >= count {
    throw TensorError.index(operation, expected: "row indices in 0..<\(count)", actual: "\(i)")
  }
  return selected
}
