/// Row-wise softmax of `x / temperature`: `y_ij = exp(x_ij/T) / Σ_k exp(x_ik/T)`; a vector is
/// one row. Computed with the row maximum subtracted, so large logits do not overflow.
///
/// Pullback: `∂x = (1/T) · y ⊙ (g − Σ_k y_k g_k)` per row.
/// - Throws: ``TensorError`` when `temperature` is not positive and finite.
public func softmax(_ x: Variable, temperature: Float = 1) throws -> Variable {
  try checkTemperature(temperature, operation: "softmax")
  let y = rowSoftmax(x.value, temperature: temperature)
  return Variable(value: y, parents: [x]) { g in
    [softmaxPullback(y: y, g: g, temperature: temperature)]
  }
}

/// Row-wise log-softmax of `x / temperature`: `x_ij/T − log Σ_k exp(x_ik/T)`, computed stably.
///
/// Pullback: `∂x = (1/T) · (g − softmax(x/T) · Σ_k g_k)` per row.
public func logSoftmax(_ x: Variable, temperature: Float = 1) throws -> Variable {
  try checkTemperature(temperature, operation: "logSoftmax")
  let y = rowLogSoftmax(x.value, temperature: temperature)
  return Variable(value: y, parents: [x]) { g in
    let v = MatrixView(g.shape)
    var out = g
    let invT = 1 / temperature
    out.withUnsafeMutableBufferPointer { o in
      y.withUnsafeBufferPointer { ly in
        for i in 0..<v.rows {
          let base = i * v.columns
          var s: Float = 0
          for j in 0..<v.columns { s += o[base + j] }
          for j in 0..<v.columns { o[base + j] = invT * (o[base + j] - _expf(ly[base + j]) * s) }
        }
      }
    }
    return [out]
  }
}

func checkTemperature(_ t: Float, operation: String) throws {
  guard t > 0, t.isFinite else {
    throw TensorError.value(operation, expected: "a positive, finite temperature", actual: "\(t)")
  }
}

/// Row-wise softmax of `x / temperature` on a plain tensor.
public func rowSoftmax(_ x: Tensor, temperature: Float = 1) -> Tensor {
  let v = MatrixView(x.shape)
  var out = x
  let invT = 1 / temperature
  out.withUnsafeMutableBufferPointer { p in
    for i in 0..<v.rows {
      let base = i * v.columns
      guard v.columns > 0 else { continue }
      var m = -Float.infinity
      for j in 0..<v.columns { m = max(m, p[base + j]) }
      var s: Float = 0
      for j in 0..<v.columns {
        let e = _expf((p[base + j] - m) * invT)
        p[base + j] = e
        s += e
      }
      let inv = 1 / s
      for j in 0..<v.columns { p[base + j] *= inv }
    }
  }
  return out
}

/// Row-wise log-softmax of `x / temperature` on a plain tensor.
public func rowLogSoftmax(_ x: Tensor, temperature: Float = 1) -> Tensor {
  let v = MatrixView(x.shape)
  var out = x
  let invT = 1 / temperature
  out.withUnsafeMutableBufferPointer { p in
    guard v.columns > 0, let base = p.baseAddress else { return }
    for i in 0..<v.rows { logSoftmaxRow(base + i * v.columns, into: base + i * v.columns, v.columns, invT) }
  }
  return out
}

/// One row's log-softmax of `x / T` (`invT` = 1/T), max-shifted; `source` and `target` may be
/// the same row.
@inline(__always)
func logSoftmaxRow(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, _ c: Int, _ invT: Float) {
  var m = -Float.infinity
  for j in 0..<c { m = max(m, source[j]) }
  var s: Float = 0
  for j in 0..<c { s += _expf((source[j] - m) * invT) }
  let lse = _logf(s)
  for j in 0..<c { target[j] = (source[j] - m) * invT - lse }
}

/// Row-wise log-softmax of `x / temperature` on the listed rows only, packed: row `k` of the
/// result (`[rows.count · columns]` scalars) is row `rows[k]` of ``rowLogSoftmax(_:temperature:)``.
func rowLogSoftmax(_ x: Tensor, rows: [Int], temperature: Float = 1) -> [Float] {
  let c = x.columnCount
  let invT = 1 / temperature
  return x.withUnsafeBufferPointer { p in
    [Float](unsafeUninitializedCapacity: rows.count * c) { out, initialized in
      if c > 0, let source = p.baseAddress, let target = out.baseAddress {
        for (k, i) in rows.enumerated() { logSoftmaxRow(source + i * c, into: target + k * c, c, invT) }
      }
      initialized = rows.count * c
    }
  }
}

/// `(1/T) · y ⊙ (g − Σ y g)` per row.
func softmaxPullback(y: Tensor, g: Tensor, temperature: Float) -> Tensor {
  let v = MatrixView(y.shape)
  var out = g
  let invT = 1 / temperature
  out.withUnsafeMutableBufferPointer { o in
    y.withUnsafeBufferPointer { py in
      for i in 0..<v.rows {
        let base = i * v.columns
        var dot: Float = 0
        for j in 0..<v.columns { dot += py[base + j] * o[base + j] }
        for j in 0..<v.columns { o[base + j] = invT * py[base + j] * (o[base + j] - dot) }
      }
    }
  }
  return out
}
