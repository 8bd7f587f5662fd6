import Tensors

/// Sorting and duplicate merging for CSR arrays (internal to the importers and the builder).
enum SparseAssembly {
  /// Builds a canonical CSR matrix from in-range COO triples.
  static func fromCOO(
    rowCount: Int, columnCount: Int, rows: [Int32], columns: [Int32], values: [Float]?,
    duplicates: CSRMatrix.DuplicatePolicy
  ) -> (matrix: CSRMatrix, mergedDuplicates: Int) {
    let nnz = rows.count
    var pointers = [Int](repeating: 0, count: rowCount + 1)
    rows.withUnsafeBufferPointer { r in
      for v in r { pointers[Int(v) + 1] += 1 }
    }
    for i in 0..<rowCount { pointers[i + 1] += pointers[i] }
    var next = pointers
    var cols = [Int32](repeating: 0, count: nnz)
    var vals = [Float](repeating: 1, count: nnz)
    rows.withUnsafeBufferPointer { r in
      columns.withUnsafeBufferPointer { c in
        cols.withUnsafeMutableBufferPointer { oc in
          vals.withUnsafeMutableBufferPointer { ov in
            next.withUnsafeMutableBufferPointer { nx in
              if let values {
                values.withUnsafeBufferPointer { v in
                  for k in 0..<nnz {
                    let row = Int(r[k])
                    let dst = nx[row]
                    nx[row] = dst + 1
                    oc[dst] = c[k]
                    ov[dst] = v[k]
                  }
                }
              } else {
                for k in 0..<nnz {
                  let row = Int(r[k])
                  let dst = nx[row]
                  nx[row] = dst + 1
                  oc[dst] = c[k]
                }
              }
            }
          }
        }
      }
    }
    return canonicalize(
      rowCount: rowCount, columnCount: columnCount, rowPointers: pointers, columnIndices: cols, values: vals,
      duplicates: duplicates)
  }

  /// Sorts every row of valid CSR arrays by column (stably) and merges duplicate entries.
  static func canonicalize(
    rowCount: Int, columnCount: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float],
    duplicates: CSRMatrix.DuplicatePolicy
  ) -> (matrix: CSRMatrix, mergedDuplicates: Int) {
    var pointers = rowPointers
    var cols = columnIndices
    var vals = values
    var write = 0
    var scratch: [(Int32, Int, Float)] = []
    cols.withUnsafeMutableBufferPointer { c in
      vals.withUnsafeMutableBufferPointer { v in
        var start = 0
        for i in 0..<rowCount {
          let end = pointers[i + 1]
          var sorted = true
          if end - start > 1 {
            for k in (start + 1)..<end where c[k] <= c[k - 1] {
              sorted = false
              break
            }
          }
          if !sorted {
            let length = end - start
            if length <= 32 {
              // Stable insertion sort by column.
              for k in (start + 1)..<end {
                let (ck, vk) = (c[k], v[k])
                var j = k - 1
                while j >= start && c[j] > ck {
                  c[j + 1] = c[j]
                  v[j + 1] = v[j]
                  j -= 1
                }
                c[j + 1] = ck
                v[j + 1] = vk
              }
            } else {
              scratch.removeAll(keepingCapacity: true)
              for k in start..<end { scratch.append((c[k], k, v[k])) }
              scratch.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
              for (offset, entry) in scratch.enumerated() {
                c[start + offset] = entry.0
                v[start + offset] = entry.2
              }
            }
          }
          // Merge equal neighbours while compacting to `write`.
          let rowStart = write
          for k in start..<end {
            if write > rowStart && c[write - 1] == c[k] {
              switch duplicates {
              case .sum: v[write - 1] += v[k]
              case .max: v[write - 1] = Swift.max(v[write - 1], v[k])
              case .last: v[write - 1] = v[k]
              }
            } else {
              c[write] = c[k]
              v[write] = v[k]
              write += 1
            }
          }
          start = end
          pointers[i + 1] = write
        }
      }
    }
    let merged = cols.count - write
    if merged > 0 {
      cols.removeLast(merged)
      vals.removeLast(merged)
    }
    let matrix = CSRMatrix(
      unchecked: rowCount, columnCount: columnCount, rowPointers: pointers, columnIndices: cols, values: vals)
    return (matrix, merged)
  }
}
