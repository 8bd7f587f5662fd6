// Shared machinery for element-wise operations: broadcasting of rank ≤ 2 shapes and the
// reduction of a broadcast gradient back to an operand's shape.

/// A rank ≤ 2 shape seen as (rows, columns): a scalar is 1 × 1, a vector `[n]` is 1 × n.
@usableFromInline
struct MatrixView: Equatable {
  @usableFromInline var rows: Int
  @usableFromInline var columns: Int
  @usableFromInline init(_ shape: [Int]) {
    switch shape.count {
    case 0: (rows, columns) = (1, 1)
    case 1: (rows, columns) = (1, shape[0])
    default: (rows, columns) = (shape[0], shape[1])
    }
  }
}

/// The numpy-style broadcast of two rank ≤ 2 shapes (aligned on the right; an extent of 1
/// stretches), or a ``TensorError`` naming the operation.
func broadcastShape(_ a: [Int], _ b: [Int], operation: String) throws -> [Int] {
  let rank = max(a.count, b.count)
  let pa = [Int](repeating: 1, count: rank - a.count) + a
  let pb = [Int](repeating: 1, count: rank - b.count) + b
  var out: [Int] = []
  for (x, y) in zip(pa, pb) {
    if x == y || y == 1 {
      out.append(x)
    } else if x == 1 {
      out.append(y)
    } else {
      throw TensorError.shape(
        operation,
        expected: "broadcastable shapes (equal extents, or 1 on one side; [n, d] with [d], [1, d], [n, 1] or [])",
        actual: "\(describe(a)) and \(describe(b))")
    }
  }
  return out
}

/// Applies `f` element-wise to `a` and `b` broadcast to `shape`.
@inline(__always)
func broadcastZip(_ a: Tensor, _ b: Tensor, to shape: [Int], _ f: (Float, Float) -> Float) -> Tensor {
  var out = [Float](repeating: 0, count: shape.reduce(1, *))
  if a.shape == shape && b.shape == shape {
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        out.withUnsafeMutableBufferPointer { po in
          for i in 0..<po.count { po[i] = f(pa[i], pb[i]) }
        }
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }
  let r = MatrixView(shape)
  let va = MatrixView(a.shape)
  let vb = MatrixView(b.shape)
  if va == r && vb.rows == 1 && vb.columns == r.columns {
    // The common bias case, [n, d] with [d]: contiguous inner loops.
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        out.withUnsafeMutableBufferPointer { po in
          for i in 0..<r.rows {
            let base = i * r.columns
            for j in 0..<r.columns { po[base + j] = f(pa[base + j], pb[j]) }
          }
        }
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }
  a.withUnsafeBufferPointer { pa in
    b.withUnsafeBufferPointer { pb in
      out.withUnsafeMutableBufferPointer { po in
        for i in 0..<r.rows {
          let rowA = (va.rows == 1 ? 0 : i) * va.columns
          let rowB = (vb.rows == 1 ? 0 : i) * vb.columns
          let strideA = va.columns == 1 ? 0 : 1
          let strideB = vb.columns == 1 ? 0 : 1
          for j in 0..<r.columns {
            po[i * r.columns + j] = f(pa[rowA + j * strideA], pb[rowB + j * strideB])
          }
        }
      }
    }
  }
  return Tensor(uncheckedShape: shape, scalars: out)
}

/// `t` stretched to the broadcast `shape` (a copy only when the shapes differ).
func broadcast(_ t: Tensor, to shape: [Int]) -> Tensor {
  t.shape == shape ? t : broadcastZip(t, t, to: shape) { x, _ in x }
}

/// Sums a gradient of the broadcast `shape` down to `target` (the operand's shape).
func reduceBroadcast(_ g: Tensor, to target: [Int]) -> Tensor {
  if g.shape == target { return g }
  let r = MatrixView(g.shape)
  let t = MatrixView(target)
  var out = [Float](repeating: 0, count: target.reduce(1, *))
  g.withUnsafeBufferPointer { pg in
    out.withUnsafeMutableBufferPointer { po in
      for i in 0..<r.rows {
        let ti = t.rows == 1 ? 0 : i
        for j in 0..<r.columns {
          let tj = t.columns == 1 ? 0 : j
          po[ti * t.columns + tj] += pg[i * r.columns + j]
        }
      }
    }
  }
  return Tensor(uncheckedShape: target, scalars: out)
}

extension Tensor {
  /// `f` applied to every element (one pass: read here, write a fresh buffer).
  @inline(__always)
  public func map(_ f: (Float) -> Float) -> Tensor {
    let count = self.count
    let out = withUnsafeBufferPointer { p in
      [Float](unsafeUninitializedCapacity: count) { q, initialized in
        for i in 0..<count { q[i] = f(p[i]) }
        initialized = count
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// `f` applied element-wise to two tensors of the same shape.
  @inline(__always)
  func zipMap(_ other: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    let count = self.count
    let out = withUnsafeBufferPointer { p in
      other.withUnsafeBufferPointer { q in
        [Float](unsafeUninitializedCapacity: count) { r, initialized in
          for i in 0..<count { r[i] = f(p[i], q[i]) }
          initialized = count
        }
      }
    }
    return Tensor(uncheckedShape: shape, scalars: out)
  }

  /// `f` applied element-wise to three tensors of the same shape.
  @inline(__always)
  func zipMap(_ b: Tensor, _ c: Tensor, _ f: (Float, Float, Float) -> Float) -> Tensor {
    var out = self
    out.withUnsafeMutableBufferPointer { p in
      b.withUnsafeBufferPointer { q in
        c.withUnsafeBufferPointer { r in
          for i in 0..<p.count { p[i] = f(p[i], q[i], r[i]) }
        }
      }
    }
    return out
  }
}
