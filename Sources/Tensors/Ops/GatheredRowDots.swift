/// Dot products of gathered row pairs, `out[e] = a[aRows[e]] · b[bRows[e]]`, without
/// materialising the gathered `[m, d]` matrices: `sum(gatherRows(a, aRows) * gatherRows(b, bRows),
/// alongAxis: 1)` in one pass (the scores of many (user, item) pairs, e.g. the item-side ranking
/// term of IR-RRD, which scores ~10⁶ pairs per mini-batch).
///
/// Pullback: `∂a[aRows[e]] += g_e · b[bRows[e]]` and `∂b[bRows[e]] += g_e · a[aRows[e]]`.
/// Shapes: `a` `[n, d]`, `b` `[k, d]`, `aRows` and `bRows` `[m]` → `[m]`.
/// - Throws: ``TensorError`` unless `a` and `b` are matrices of the same width, the index lists
///   have the same length and every index names a row.
public func gatheredRowDots(_ a: Variable, rows aRows: [Int], _ b: Variable, rows bRows: [Int]) throws -> Variable {
  let (av, bv) = (a.value, b.value)
  guard av.rank == 2, bv.rank == 2, av.shape[1] == bv.shape[1], aRows.count == bRows.count else {
    throw TensorError.shape(
      "gatheredRowDots", expected: "[n, d] and [k, d] matrices and two index lists of one length",
      actual: "\(describe(av.shape)) and \(describe(bv.shape)), \(aRows.count) and \(bRows.count) indices")
  }
  let (n, k, d) = (av.shape[0], bv.shape[0], av.shape[1])
  if let bad = aRows.first(where: { $0 < 0 || $0 >= n }) ?? bRows.first(where: { $0 < 0 || $0 >= k }) {
    throw TensorError.value(
      "gatheredRowDots", expected: "row indices in 0..<\(n) for a and 0..<\(k) for b", actual: "\(bad)")
  }
  let m = aRows.count
  var out = [Float](repeating: 0, count: m)
  av.withUnsafeBufferPointer { pa in
    bv.withUnsafeBufferPointer { pb in
      for e in 0..<m {
        let (ra, rb) = (aRows[e] * d, bRows[e] * d)
        var s: Float = 0
        for c in 0..<d { s += pa[ra + c] * pb[rb + c] }
        out[e] = s
      }
    }
  }
  return Variable(value: Tensor(uncheckedShape: [m], scalars: out), parents: [a, b]) { g in
    var ga = [Float](repeating: 0, count: a.requiresGradient ? n * d : 0)
    var gb = [Float](repeating: 0, count: b.requiresGradient ? k * d : 0)
    g.withUnsafeBufferPointer { pg in
      av.withUnsafeBufferPointer { pa in
        bv.withUnsafeBufferPointer { pb in
          ga.withUnsafeMutableBufferPointer { qa in
            gb.withUnsafeMutableBufferPointer { qb in
              for e in 0..<m {
                let (ra, rb, ge) = (aRows[e] * d, bRows[e] * d, pg[e])
                if qa.count > 0, let qa = qa.baseAddress { axpy(ge, pb.baseAddress! + rb, into: qa + ra, count: d) }
                if qb.count > 0, let qb = qb.baseAddress { axpy(ge, pa.baseAddress! + ra, into: qb + rb, count: d) }
              }
            }
          }
        }
      }
    }
    return [
      a.requiresGradient ? Tensor(uncheckedShape: [n, d], scalars: ga) : nil,
      b.requiresGradient ? Tensor(uncheckedShape: [k, d], scalars: gb) : nil,
    ]
  }
}

/// `y[c] += alpha · x[c]` for `c < count`, eight lanes at a time: every element gets the same one
/// multiply and one add as the scalar loop, so the result is bit-identical to it.
@inline(__always)
private func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
  var c = 0
  let a8 = SIMD8<Float>(repeating: alpha)
  while c + 8 <= count {
    let xv = UnsafeRawPointer(x + c).loadUnaligned(as: SIMD8<Float>.self)
    let yv = UnsafeRawPointer(y + c).loadUnaligned(as: SIMD8<Float>.self)
    UnsafeMutableRawPointer(y + c).storeBytes(of: yv + a8 * xv, as: SIMD8<Float>.self)
    c += 8
  }
  while c < count {
    y[c] += alpha * x[c]
    c += 1
  }
}
