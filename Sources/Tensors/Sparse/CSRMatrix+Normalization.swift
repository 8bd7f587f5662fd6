extension CSRMatrix {
  /// The matrix with a self loop of weight `value` added to every row that has none (existing
  /// self loops are kept, as in PyG's `add_remaining_self_loops`). Requires a square matrix.
  public func addingSelfLoops(value: Float = 1) throws -> CSRMatrix {
    guard rowCount == columnCount else {
      throw TensorError.shape(
        "CSRMatrix.addingSelfLoops", expected: "a square matrix", actual: "\(rowCount) × \(columnCount)")
    }
    var pointers = [Int](repeating: 0, count: rowCount + 1)
    var cols: [Int32] = []
    var vals: [Float] = []
    cols.reserveCapacity(nonzeroCount + rowCount)
    vals.reserveCapacity(nonzeroCount + rowCount)
    for i in 0..<rowCount {
      let range = rowPointers[i]..<rowPointers[i + 1]
      let hasLoop = range.contains { columnIndices[$0] == Int32(i) }
      var inserted = hasLoop
      for k in range {
        if !inserted && columnIndices[k] > Int32(i) {
          cols.append(Int32(i))
          vals.append(value)
          inserted = true
        }
        cols.append(columnIndices[k])
        vals.append(values[k])
      }
      if !inserted {
        cols.append(Int32(i))
        vals.append(value)
      }
      pointers[i + 1] = cols.count
    }
    return CSRMatrix(
      unchecked: rowCount, columnCount: columnCount, rowPointers: pointers, columnIndices: cols, values: vals)
  }

  /// Each row divided by its sum, D⁻¹A (rows summing to zero are left as they are).
  public func rowNormalized() -> CSRMatrix {
    var vals = values
    for i in 0..<rowCount {
      var s: Float = 0
      for k in rowPointers[i]..<rowPointers[i + 1] { s += vals[k] }
      guard s != 0 else { continue }
      let inv = 1 / s
      for k in rowPointers[i]..<rowPointers[i + 1] { vals[k] *= inv }
    }
    return CSRMatrix(
      unchecked: rowCount, columnCount: columnCount, rowPointers: rowPointers, columnIndices: columnIndices,
      values: vals)
  }

  /// The symmetric normalisation of Kipf & Welling (ICLR 2017), Â = D̃^{-1/2} (A + I) D̃^{-1/2},
  /// with D̃ the row sums of A + I. Self loops are added where missing (see
  /// ``addingSelfLoops(value:)``). Rows whose degree is zero get zero weights.
  ///
  /// One pass for the degrees and one for the entries, with no intermediate matrix; the result
  /// is bit-identical to `addingSelfLoops(value: 1).symmetricNormalized()` (each degree is summed
  /// in the same order, the self loop at its sorted place).
  public func symmetricNormalizedWithSelfLoops() throws -> CSRMatrix {
    guard rowCount == columnCount else {
      throw TensorError.shape(
        "CSRMatrix.symmetricNormalizedWithSelfLoops", expected: "a square matrix",
        actual: "\(rowCount) × \(columnCount)")
    }
    let n = rowCount
    var pointers = [Int](repeating: 0, count: n + 1)
    var invSqrt = [Float](repeating: 0, count: n)
    rowPointers.withUnsafeBufferPointer { rp in
      columnIndices.withUnsafeBufferPointer { ci in
        values.withUnsafeBufferPointer { v in
          for i in 0..<n {
            let row = Int32(i)
            var s: Float = 0
            var hasLoop = false
            for k in rp[i]..<rp[i + 1] where ci[k] == row { hasLoop = true }
            var inserted = hasLoop
            for k in rp[i]..<rp[i + 1] {
              if !inserted && ci[k] > row {
                s += 1
                inserted = true
              }
              s += v[k]
            }
            if !inserted { s += 1 }
            invSqrt[i] = s > 0 ? 1 / s.squareRoot() : 0
            pointers[i + 1] = pointers[i] + (rp[i + 1] - rp[i]) + (hasLoop ? 0 : 1)
          }
        }
      }
    }
    let count = pointers[n]
    var cols = [Int32](repeating: 0, count: count)
    var vals = [Float](repeating: 0, count: count)
    rowPointers.withUnsafeBufferPointer { rp in
      columnIndices.withUnsafeBufferPointer { ci in
        values.withUnsafeBufferPointer { v in
          cols.withUnsafeMutableBufferPointer { oc in
            vals.withUnsafeMutableBufferPointer { ov in
              for i in 0..<n {
                let row = Int32(i)
                let di = invSqrt[i]
                var o = pointers[i]
                var inserted = pointers[i + 1] - pointers[i] == rp[i + 1] - rp[i]  // has its own loop
                for k in rp[i]..<rp[i + 1] {
                  if !inserted && ci[k] > row {
                    oc[o] = row
                    ov[o] = 1 * (di * di)
                    o += 1
                    inserted = true
                  }
                  oc[o] = ci[k]
                  ov[o] = v[k] * (di * invSqrt[Int(ci[k])])
                  o += 1
                }
                if !inserted {
                  oc[o] = row
                  ov[o] = 1 * (di * di)
                }
              }
            }
          }
        }
      }
    }
    return CSRMatrix(unchecked: n, columnCount: n, rowPointers: pointers, columnIndices: cols, values: vals)
  }

  /// D^{-1/2} A D^{-1/2} with D the row sums of A, without adding self loops. Requires a square
  /// matrix.
  public func symmetricNormalized() throws -> CSRMatrix {
    guard rowCount == columnCount else {
      throw TensorError.shape(
        "CSRMatrix.symmetricNormalized", expected: "a square matrix", actual: "\(rowCount) × \(columnCount)")
    }
    let degree = rowSums
    let invSqrt = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
    var vals = values
    for i in 0..<rowCount {
      for k in rowPointers[i]..<rowPointers[i + 1] {
        let j = Int(columnIndices[k])
        vals[k] *= invSqrt[i] * invSqrt[j]
      }
    }
    return CSRMatrix(
      unchecked: rowCount, columnCount: columnCount, rowPointers: rowPointers, columnIndices: columnIndices,
      values: vals)
  }
}
