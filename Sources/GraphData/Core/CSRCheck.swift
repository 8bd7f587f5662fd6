/// Validation of raw CSR arrays before they become a `CSRMatrix`, with errors that name the
/// file and the fields (`adj_indptr` in an `.npz`, `/graph/indptr` in HDF5).
enum CSRCheck {
  /// Checks `rowPointers` (length `rowCount + 1`, starts at 0, non-decreasing, ends at the
  /// number of column indices) and `columnIndices` (each in `0..<columnCount`).
  static func check(
    rowPointers: [Int], columnIndices: [Int32], rowCount: Int, columnCount: Int, file: String,
    pointerField: String, indexField: String
  ) throws {
    guard rowPointers.count == rowCount + 1 else {
      throw GraphDataError(
        .shape, file: file, location: .field(pointerField),
        expected: "\(rowCount + 1) values (one more than the \(rowCount) rows)", actual: "\(rowPointers.count)")
    }
    try rowPointers.withUnsafeBufferPointer { p in
      guard p[0] == 0 else {
        throw GraphDataError(
          .value, file: file, location: .field(pointerField), expected: "0 at position 0", actual: "\(p[0])")
      }
      for i in 1..<p.count where p[i] < p[i - 1] {
        throw GraphDataError(
          .value, file: file, location: .field(pointerField), expected: "non-decreasing values",
          actual: "\(p[i]) after \(p[i - 1]) at position \(i)")
      }
    }
    guard rowPointers[rowCount] == columnIndices.count else {
      throw GraphDataError(
        .shape, file: file, location: .field(pointerField),
        expected: "a last value equal to the length of '\(indexField)' (\(columnIndices.count))",
        actual: "\(rowPointers[rowCount])")
    }
    let bound = Int32(clamping: columnCount)
    try columnIndices.withUnsafeBufferPointer { c in
      // Fast path: one pass computing min and max, then locate the culprit only on failure.
      var lo = Int32.max
      var hi = Int32.min
      for v in c {
        lo = min(lo, v)
        hi = max(hi, v)
      }
      guard c.isEmpty || lo < 0 || hi >= bound else { return }
      for k in 0..<c.count where c[k] < 0 || c[k] >= bound {
        throw GraphDataError(
          .index, file: file, location: .field(indexField), expected: "indices in 0..<\(columnCount)",
          actual: "\(c[k]) at position \(k)")
      }
    }
  }
}
