/// Mean cross-entropy of row-wise softmax(logits) against integer labels, over the selected
/// rows: `L = (1/|R|) Σ_{i∈R} [log Σ_c exp(z_ic) − z_{i,y_i}]`. Fused with the log-softmax, so
/// it is stable for large logits.
///
/// Pullback: `∂z_i = (softmax(z_i) − onehot(y_i)) / |R|` on the selected rows, 0 elsewhere.
///
/// - Parameters:
///   - logits: `[n, c]`.
///   - labels: `[n]` class ids (other rows may hold -1 for "unknown").
///   - rows: the rows that contribute (e.g. the training nodes); `nil` means all rows.
/// - Throws: ``TensorError`` when shapes differ, a row index is out of range, a selected row's
///   label is outside `0..<c`, or no row is selected.
public func crossEntropy(logits: Variable, labels: [Int], rows: [Int]? = nil) throws -> Variable {
  let (n, c, selected) = try checkClassification(logits.shape, labels: labels, rows: rows, operation: "crossEntropy")
  // Only the selected rows' log-probabilities (row k of `logProbs` is row selected[k]).
  let logProbs = rowLogSoftmax(logits.value, rows: selected)
  var loss: Double = 0
  for (k, i) in selected.enumerated() { loss -= Double(logProbs[k * c + labels[i]]) }
  let invCount = 1 / Float(selected.count)
  return Variable(value: Tensor(Float(loss) * invCount), parents: [logits]) { g in
    let scale = g.scalar * invCount
    var out = Tensor(zeros: [n, c])
    out.withUnsafeMutableBufferPointer { o in
      logProbs.withUnsafeBufferPointer { lp in
        for (k, i) in selected.enumerated() {
          for j in 0..<c { o[i * c + j] += scale * _expf(lp[k * c + j]) }
          o[i * c + labels[i]] -= scale
        }
      }
    }
    return [out]
  }
}

/// Mean negative log-likelihood of log-probabilities against integer labels over the selected
/// rows: `L = −(1/|R|) Σ_{i∈R} logp_{i,y_i}`.
///
/// Pullback: `−1/|R|` at each selected (i, y_i), 0 elsewhere.
public func nllLoss(logProbabilities: Variable, labels: [Int], rows: [Int]? = nil) throws -> Variable {
  let (n, c, selected) = try checkClassification(
    logProbabilities.shape, labels: labels, rows: rows, operation: "nllLoss")
  var loss: Double = 0
  for i in selected { loss -= Double(logProbabilities.value[i * c + labels[i]]) }
  let invCount = 1 / Float(selected.count)
  return Variable(value: Tensor(Float(loss) * invCount), parents: [logProbabilities]) { g in
    var out = Tensor(zeros: [n, c])
    for i in selected { out[i * c + labels[i]] -= g.scalar * invCount }
    return [out]
  }
}

/// Validates a classification loss's inputs; returns (rows, classes, selected rows).
func checkClassification(_ shape: [Int], labels: [Int], rows: [Int]?, operation: String) throws -> (Int, Int, [Int]) {
  guard shape.count == 2 else {
    throw TensorError.shape(operation, expected: "logits of shape [n, classes]", actual: describe(shape))
  }
  let (n, c) = (shape[0], shape[1])
  guard labels.count == n else {
    throw TensorError.shape(operation, expected: "\(n) labels (one per row)", actual: "\(labels.count)")
  }
  let selected = rows ?? Array(0..<n)
  guard !selected.isEmpty else {
    throw TensorError.value(operation, expected: "at least one selected row", actual: "none")
  }
  for i in selected {
    guard i >= 0, i < n else {
      throw TensorError.index(operation, expected: "row indices in 0..<\(n)", actual: "\(i)")
    }
    guard labels[i] >= 0, labels[i] < c else {
      throw TensorError.index(
        operation, expected: "labels in 0..<\(c) on the selected rows", actual: "label \(labels[i]) at row \(i)")
    }
  }
  return (n, c, selected)
}
