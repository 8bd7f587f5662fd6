extension CSRMatrix {
  /// How entries with the same (row, column) are combined when building from COO triples.
  public enum DuplicatePolicy: String, Sendable, Codable {
    /// Add their values (SciPy's and PyG's `coalesce` behaviour).
    case sum
    /// Keep the largest value.
    case max
    /// Keep the last one given.
    case last
  }

  /// Builds a matrix from coordinate (COO) triples, sorting entries by (row, column) and
  /// merging duplicates.
  ///
  /// - Parameters:
  ///   - rows, columns: the coordinates of each entry; equal length.
  ///   - values: one value per entry, or `nil` for all ones.
  ///   - duplicates: how entries at the same position are combined.
  /// - Throws: ``TensorError`` on a length mismatch, a negative or out-of-range coordinate, or a
  ///   non-finite value; the message names the entry.
  public init(
    rowCount: Int, columnCount: Int, rows: [Int32], columns: [Int32], values: [Float]? = nil,
    duplicates: DuplicatePolicy = .sum
  ) throws {
    let op = "CSRMatrix.init(rows:columns:)"
    guard rowCount >= 0, columnCount >= 0 else {
      throw TensorError.value(op, expected: "non-negative dimensions", actual: "\(rowCount) × \(columnCount)")
    }
    guard rows.count == columns.count else {
      throw TensorError.shape(
        op, expected: "as many column coordinates as row coordinates (\(rows.count))", actual: "\(columns.count)")
    }
    if let values, values.count != rows.count {
      throw TensorError.shape(op, expected: "\(rows.count) values", actual: "\(values.count)")
    }
    for k in 0..<rows.count {
      if rows[k] < 0 || Int(rows[k]) >= rowCount {
        throw TensorError.index(op, expected: "row coordinates in 0..<\(rowCount)", actual: "\(rows[k]) at entry \(k)")
      }
      if columns[k] < 0 || Int(columns[k]) >= columnCount {
        throw TensorError.index(
          op, expected: "column coordinates in 0..<\(columnCount)", actual: "\(columns[k]) at entry \(k)")
      }
      if let values, !values[k].isFinite {
        throw TensorError.nonFinite(op, actual: "\(values[k]) at entry \(k)")
      }
    }
    // Counting sort by row (stable), then sort each row by column.
    var pointers = [Int](repeating: 0, count: rowCount + 1)
    for r in rows { pointers[Int(r) + 1] += 1 }
    for i in 0..<rowCount { pointers[i + 1] += pointers[i] }
    var next = pointers
    var order = [Int](repeating: 0, count: rows.count)
    for k in 0..<rows.count {
      let r = Int(rows[k])
      order[next[r]] = k
      next[r] += 1
    }
    var outPointers = [Int](repeating: 0, count: rowCount + 1)
    var outColumns: [Int32] = []
    var outValues: [Float] = []
    outColumns.reserveCapacity(rows.count)
    outValues.reserveCapacity(rows.count)
    for i in 0..<rowCount {
      var slice = Array(order[pointers[i]..<pointers[i + 1]])
      // Stable sort by column keeps input order among duplicates (needed for `.last`).
      slice = slice.enumerated().sorted {
        columns[$0.element] != columns[$1.element]
          ? columns[$0.element] < columns[$1.element] : $0.offset < $1.offset
      }.map(\.element)
      var lastColumn: Int32 = -1
      for k in slice {
        let c = columns[k]
        let v = values?[k] ?? 1
        if c == lastColumn {
          switch duplicates {
          case .sum: outValues[outValues.count - 1] += v
          case .max: outValues[outValues.count - 1] = Swift.max(outValues[outValues.count - 1], v)
          case .last: outValues[outValues.count - 1] = v
          }
        } else {
          outColumns.append(c)
          outValues.append(v)
          lastColumn = c
        }
      }
      outPointers[i + 1] = outColumns.count
    }
    self.init(
      unchecked: rowCount, columnCount: columnCount, rowPointers: outPointers,
      columnIndices: outColumns, values: outValues)
  }

  /// The sparse form of a dense matrix, keeping its non-zero elements.
  public init(dense: Tensor) throws {
    guard dense.rank == 2 else {
      throw TensorError.shape("CSRMatrix.init(dense:)", expected: "a matrix", actual: "shape \(describe(dense.shape))")
    }
    try dense.checkFinite(operation: "CSRMatrix.init(dense:)")
    let (r, c) = (dense.shape[0], dense.shape[1])
    var pointers = [Int](repeating: 0, count: r + 1)
    var cols: [Int32] = []
    var vals: [Float] = []
    for i in 0..<r {
      for j in 0..<c where dense[i, j] != 0 {
        cols.append(Int32(j))
        vals.append(dense[i, j])
      }
      pointers[i + 1] = cols.count
    }
    self.init(unchecked: r, columnCount: c, rowPointers: pointers, columnIndices: cols, values: vals)
  }

  /// The `n × n` identity.
  public static func identity(_ n: Int) -> CSRMatrix {
    CSRMatrix(
      unchecked: n, columnCount: n, rowPointers: Array(0...n), columnIndices: (0..<n).map { Int32($0) },
      values: [Float](repeating: 1, count: n))
  }
}
