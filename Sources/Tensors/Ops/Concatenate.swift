/// Joins matrices along `axis`: 0 stacks rows (equal column counts), 1 places columns side by
/// side (equal row counts). Vectors can be joined along axis 0.
///
/// Pullback: the gradient is cut back into the pieces.
/// - Throws: ``TensorError`` when the list is empty or the shapes do not line up.
public func concatenate(_ parts: [Variable], alongAxis axis: Int) throws -> Variable {
  let op = "concatenate"
  guard let first = parts.first else {
    throw TensorError.value(op, expected: "at least one variable", actual: "none")
  }
  if first.value.rank == 1 && axis == 0 {
    guard parts.allSatisfy({ $0.value.rank == 1 }) else {
      throw TensorError.shape(
        op, expected: "all vectors", actual: parts.map { describe($0.shape) }.joined(separator: ", "))
    }
    let counts = parts.map { $0.value.count }
    return Variable(value: Tensor(parts.flatMap { $0.value.scalars }), parents: parts) { g in
      var offset = 0
      return counts.map { n in
        defer { offset += n }
        return Tensor(Array(g.scalars[offset..<(offset + n)]))
      }
    }
  }
  guard axis == 0 || axis == 1, parts.allSatisfy({ $0.value.rank == 2 }) else {
    throw TensorError.shape(
      op, expected: "matrices and axis 0 or 1", actual: "shapes \(parts.map { describe($0.shape) }), axis \(axis)")
  }
  let other = 1 - axis
  let fixed = first.shape[other]
  for p in parts where p.shape[other] != fixed {
    throw TensorError.shape(
      op, expected: "extent \(fixed) in dimension \(other) for every part",
      actual: parts.map { describe($0.shape) }.joined(separator: ", "))
  }
  if axis == 0 {
    let rows = parts.map { $0.shape[0] }
    let value = Tensor(uncheckedShape: [rows.reduce(0, +), fixed], scalars: parts.flatMap { $0.value.scalars })
    return Variable(value: value, parents: parts) { g in
      var offset = 0
      return rows.map { r in
        defer { offset += r }
        return Tensor(uncheckedShape: [r, fixed], scalars: Array(g.scalars[(offset * fixed)..<((offset + r) * fixed)]))
      }
    }
  }
  let widths = parts.map { $0.shape[1] }
  let total = widths.reduce(0, +)
  var out = [Float](repeating: 0, count: fixed * total)
  var column = 0
  for p in parts {
    let w = p.shape[1]
    for i in 0..<fixed {
      for j in 0..<w { out[i * total + column + j] = p.value[i * w + j] }
    }
    column += w
  }
  return Variable(value: Tensor(uncheckedShape: [fixed, total], scalars: out), parents: parts) { g in
    var start = 0
    return widths.map { w in
      defer { start += w }
      var piece = [Float](repeating: 0, count: fixed * w)
      for i in 0..<fixed {
        for j in 0..<w { piece[i * w + j] = g[i * total + start + j] }
      }
      return Tensor(uncheckedShape: [fixed, w], scalars: piece)
    }
  }
}
