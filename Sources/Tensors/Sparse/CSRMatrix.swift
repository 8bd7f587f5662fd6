import Synchronization

/// A sparse matrix in compressed sparse row (CSR) form: `Float` values, `Int32` column
/// indices, `Int` (64-bit) row pointers.
///
/// Row `i` holds the entries `rowPointers[i] ..< rowPointers[i + 1]` of `columnIndices` and
/// `values`. The matrix is immutable; operations return new matrices. Building one from raw
/// arrays validates them and throws a ``TensorError`` naming the first broken invariant
/// (row-pointer count, monotonicity, out-of-range column, non-finite value). Matrices built by
/// GraphKD itself keep column indices sorted within each row; debug builds re-check the
/// invariants after every transformation.
///
/// ```swift
/// // 0 → 1, 1 → 2, with a duplicate 0 → 1 merged by summing
/// let a = try CSRMatrix(rowCount: 3, columnCount: 3,
///                       rows: [0, 1, 0], columns: [1, 2, 1], values: [1, 1, 1])
/// a.nonzeroCount        // 2
/// a.values              // [2, 1]
/// ```
public struct CSRMatrix: Sendable, Equatable, CustomStringConvertible {
  /// Number of rows.
  public let rowCount: Int
  /// Number of columns.
  public let columnCount: Int
  /// `rowCount + 1` offsets into ``columnIndices``; non-decreasing, from 0 to ``nonzeroCount``.
  public let rowPointers: [Int]
  /// Column of each stored entry.
  public let columnIndices: [Int32]
  /// Value of each stored entry.
  public let values: [Float]

  private let cache: DerivedCache

  /// The number of stored entries.
  @inlinable public var nonzeroCount: Int { columnIndices.count }

  /// `[rowCount, columnCount]`.
  public var shape: [Int] { [rowCount, columnCount] }

  /// Creates a matrix from CSR arrays, validating every invariant.
  ///
  /// - Parameter values: one value per entry; `nil` means every value is 1.
  /// - Throws: ``TensorError`` when `rowPointers` has the wrong length, does not start at 0,
  ///   decreases, or does not end at the entry count; when a column index is negative or
  ///   `>= columnCount`; when `values` has the wrong length or holds NaN/infinity.
  public init(
    rowCount: Int, columnCount: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]? = nil
  ) throws {
    let op = "CSRMatrix.init"
    guard rowCount >= 0, columnCount >= 0 else {
      throw TensorError.value(
        op, expected: "non-negative dimensions", actual: "\(rowCount) × \(columnCount)")
    }
    guard rowPointers.count == rowCount + 1 else {
      throw TensorError.shape(
        op, expected: "\(rowCount + 1) row pointers (rowCount + 1)", actual: "\(rowPointers.count)")
    }
    guard rowPointers[0] == 0 else {
      throw TensorError.value(op, expected: "rowPointers[0] == 0", actual: "\(rowPointers[0])")
    }
    for i in 0..<rowCount where rowPointers[i + 1] < rowPointers[i] {
      throw TensorError.value(
        op, expected: "non-decreasing row pointers",
        actual: "rowPointers[\(i + 1)] = \(rowPointers[i + 1]) < rowPointers[\(i)] = \(rowPointers[i])")
    }
    guard rowPointers[rowCount] == columnIndices.count else {
      throw TensorError.shape(
        op, expected: "rowPointers[\(rowCount)] == number of column indices (\(columnIndices.count))",
        actual: "\(rowPointers[rowCount])")
    }
    let bound = Int32(clamping: columnCount)
    for (k, c) in columnIndices.enumerated() where c < 0 || c >= bound {
      throw TensorError.index(
        op, expected: "column indices in 0..<\(columnCount)", actual: "\(c) at entry \(k)")
    }
    let vals = values ?? [Float](repeating: 1, count: columnIndices.count)
    guard vals.count == columnIndices.count else {
      throw TensorError.shape(
        op, expected: "\(columnIndices.count) values (one per column index)", actual: "\(vals.count)")
    }
    for (k, v) in vals.enumerated() where !v.isFinite {
      throw TensorError.nonFinite(op, expected: "finite values", actual: "\(v) at entry \(k)")
    }
    self.init(
      unchecked: rowCount, columnCount: columnCount, rowPointers: rowPointers,
      columnIndices: columnIndices, values: vals)
  }

  /// Creates a matrix from arrays already known to be valid (checked in debug builds only).
  public init(
    unchecked rowCount: Int, columnCount: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]
  ) {
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.rowPointers = rowPointers
    self.columnIndices = columnIndices
    self.values = values
    self.cache = DerivedCache(pattern: PatternTransposeBox())
    assert(invariantViolation() == nil, invariantViolation() ?? "")
  }

  /// A matrix with this one's pattern (and its cached pattern transpose) and other values.
  private init(samePatternAs other: CSRMatrix, values: [Float]) {
    self.rowCount = other.rowCount
    self.columnCount = other.columnCount
    self.rowPointers = other.rowPointers
    self.columnIndices = other.columnIndices
    self.values = values
    self.cache = DerivedCache(pattern: other.cache.pattern)
  }

  /// A description of the first broken invariant, or `nil` when the matrix is well formed.
  public func invariantViolation() -> String? {
    if rowPointers.count != rowCount + 1 { return "row pointer count \(rowPointers.count) ≠ \(rowCount + 1)" }
    if rowPointers.first != 0 { return "rowPointers[0] ≠ 0" }
    for i in 0..<rowCount where rowPointers[i + 1] < rowPointers[i] { return "row pointers decrease at \(i)" }
    if rowPointers[rowCount] != columnIndices.count { return "last row pointer ≠ entry count" }
    if values.count != columnIndices.count { return "value count ≠ entry count" }
    for c in columnIndices where c < 0 || Int(c) >= columnCount { return "column \(c) out of range" }
    return nil
  }

  /// The same sparsity pattern with other values.
  /// - Throws: ``TensorError`` if `newValues.count != nonzeroCount`.
  public func withValues(_ newValues: [Float]) throws -> CSRMatrix {
    guard newValues.count == nonzeroCount else {
      throw TensorError.shape(
        "CSRMatrix.withValues", expected: "\(nonzeroCount) values", actual: "\(newValues.count)")
    }
    return CSRMatrix(samePatternAs: self, values: newValues)
  }

  /// Number of entries in each row.
  public var rowLengths: [Int] { (0..<rowCount).map { rowPointers[$0 + 1] - rowPointers[$0] } }

  /// Sum of the values in each row.
  public var rowSums: [Float] {
    (0..<rowCount).map { i in
      var s: Float = 0
      for k in rowPointers[i]..<rowPointers[i + 1] { s += values[k] }
      return s
    }
  }

  /// The row index of every stored entry (the COO row array).
  public var rowIndices: [Int32] {
    var rows = [Int32](repeating: 0, count: nonzeroCount)
    for i in 0..<rowCount {
      for k in rowPointers[i]..<rowPointers[i + 1] { rows[k] = Int32(i) }
    }
    return rows
  }

  /// Whether column indices are strictly increasing within every row (sorted, no duplicates).
  public var hasSortedUniqueRows: Bool {
    for i in 0..<rowCount {
      let (s, e) = (rowPointers[i], rowPointers[i + 1])
      if e - s > 1 {
        for k in (s + 1)..<e where columnIndices[k] <= columnIndices[k - 1] { return false }
      }
    }
    return true
  }

  /// The dense `[rowCount, columnCount]` matrix (duplicates summed).
  public func toDense() -> Tensor {
    var out = Tensor(zeros: [rowCount, columnCount])
    out.withUnsafeMutableBufferPointer { p in
      for i in 0..<rowCount {
        for k in rowPointers[i]..<rowPointers[i + 1] {
          p[i * columnCount + Int(columnIndices[k])] += values[k]
        }
      }
    }
    return out
  }

  /// A readable summary of the value.
  public var description: String {
    "CSRMatrix(\(rowCount) × \(columnCount), \(nonzeroCount) entries)"
  }

  /// Equal dimensions, patterns and values (the cached transpose is not compared).
  public static func == (lhs: CSRMatrix, rhs: CSRMatrix) -> Bool {
    lhs.rowCount == rhs.rowCount && lhs.columnCount == rhs.columnCount
      && lhs.rowPointers == rhs.rowPointers && lhs.columnIndices == rhs.columnIndices
      && lhs.values == rhs.values
  }
}

// MARK: - Derived structure, computed once per matrix

extension CSRMatrix {
  /// Structure derived from a matrix and cached with it: the transpose and the permutation
  /// that maps the transpose's entries back to this matrix's entries.
  final class DerivedCache: Sendable {
    /// The transpose of the sparsity pattern, shared by every matrix with this pattern.
    let pattern: PatternTransposeBox
    let transpose = Mutex<CSRMatrix?>(nil)
    let symmetric = Mutex<Bool?>(nil)
    init(pattern: PatternTransposeBox) { self.pattern = pattern }
  }

  /// The transposed pattern and, for each of its entries, the index of the same entry in the
  /// original; values are not part of it, so matrices differing only in values share it.
  final class PatternTransposeBox: Sendable {
    let value = Mutex<(rowPointers: [Int], columnIndices: [Int32], permutation: [Int])?>(nil)
  }

  /// Whether the matrix equals its transpose (same pattern and values). Checked once and
  /// cached; a symmetric matrix serves as its own transpose (``transposed()``) in the backward
  /// pass of `spmm` with its own values.
  public var isSymmetric: Bool {
    if let known = cache.symmetric.withLock({ $0 }) { return known }
    let answer: Bool
    if rowCount != columnCount {
      answer = false
    } else {
      let t = transposeWithPermutation.matrix
      answer = t.rowPointers == rowPointers && t.columnIndices == columnIndices && t.values == values
    }
    cache.symmetric.withLock { $0 = answer }
    return answer
  }

  /// Records that this matrix is symmetric (the caller built it so), sparing the check and the
  /// transpose. Debug builds verify the claim.
  public func declaringSymmetric() -> CSRMatrix {
    assert(
      rowCount == columnCount && computeTranspose().matrix.values == values
        && computeTranspose().matrix.columnIndices == columnIndices,
      "declaringSymmetric: the matrix is not symmetric")
    cache.symmetric.withLock { $0 = true }
    return self
  }

  /// The transpose and, for each of its entries, the index of the same entry in `self`.
  /// Computed on first use and cached (the pattern part is shared across ``withValues(_:)``).
  public var transposeWithPermutation: (matrix: CSRMatrix, permutation: [Int]) {
    let p = patternTranspose
    if let cached = cache.transpose.withLock({ $0 }) { return (cached, p.permutation) }
    let t = CSRMatrix(
      unchecked: columnCount, columnCount: rowCount, rowPointers: p.rowPointers, columnIndices: p.columnIndices,
      values: p.permutation.map { values[$0] })
    cache.transpose.withLock { $0 = t }
    return (t, p.permutation)
  }

  var patternTranspose: (rowPointers: [Int], columnIndices: [Int32], permutation: [Int]) {
    if let known = cache.pattern.value.withLock({ $0 }) { return known }
    let computed = computeTranspose()
    let p = (computed.matrix.rowPointers, computed.matrix.columnIndices, computed.permutation)
    cache.pattern.value.withLock { $0 = p }
    return p
  }

  /// Whether the transpose has been computed (or is not needed because the matrix is known to
  /// be symmetric), so ``transposed()`` is free.
  public var hasCachedTranspose: Bool {
    cache.symmetric.withLock({ $0 }) == true || cache.transpose.withLock({ $0 }) != nil
  }

  /// The transpose (cached; `self` when declared or found symmetric).
  public func transposed() -> CSRMatrix {
    if cache.symmetric.withLock({ $0 }) == true { return self }
    return transposeWithPermutation.matrix
  }

  /// The transpose's values for new values on this matrix's pattern: `values[permutation]`.
  /// The permutation is always the real one: new values (attention weights) on a symmetric
  /// pattern are in general not symmetric.
  public func transposedValues(_ newValues: [Float]) -> [Float] {
    let perm = patternTranspose.permutation
    return perm.map { newValues[$0] }
  }

  private func computeTranspose() -> (matrix: CSRMatrix, permutation: [Int]) {
    var counts = [Int](repeating: 0, count: columnCount + 1)
    for c in columnIndices { counts[Int(c) + 1] += 1 }
    for j in 0..<columnCount { counts[j + 1] += counts[j] }
    let pointers = counts
    var next = counts
    var cols = [Int32](repeating: 0, count: nonzeroCount)
    var vals = [Float](repeating: 0, count: nonzeroCount)
    var perm = [Int](repeating: 0, count: nonzeroCount)
    for i in 0..<rowCount {
      for k in rowPointers[i]..<rowPointers[i + 1] {
        let j = Int(columnIndices[k])
        let dst = next[j]
        next[j] += 1
        cols[dst] = Int32(i)
        vals[dst] = values[k]
        perm[dst] = k
      }
    }
    let t = CSRMatrix(
      unchecked: columnCount, columnCount: rowCount, rowPointers: pointers, columnIndices: cols, values: vals)
    return (t, perm)
  }
}
