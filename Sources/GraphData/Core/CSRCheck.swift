/// Validation of raw CSR arrays before they become a `CSRMatrix`, with errors that name the
/// file and the fields (`adj_indptr` in an `.npz`, `/graph/indptr` in HDF5).
enum CSRCheck {
  /// Checks `rowPointers` (length `rowCount + 1`, starts at 0, non-decreasing, ends at the
  /// number of column indices) and `columnIndices` (each in `0..<columnCount`).
  static func check(
    rowPointers: [Int], columnIndices: [Int32], rowCount: Int, columnCount: Int, file: String,
    pointerField: String, indexField: String, statistics: CSRIndexStatistics? = nil
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
      // Fast path: the minimum and maximum (computed while reading, or now) decide; the culprit
      // is located only on failure.
      let stats = statistics ?? CSRIndexStatistics(c)
      guard c.isEmpty || stats.minimum < 0 || stats.maximum >= bound else { return }
      for k in 0..<c.count where c[k] < 0 || c[k] >= bound {
        throw GraphDataError(
          .index, file: file, location: .field(indexField), expected: "indices in 0..<\(columnCount)",
          actual: "\(c[k]) at position \(k)")
      }
    }
  }
}

/// Minimum, maximum and descent count of a column-index array, computed in one vectorisable
/// pass, possibly block by block while the array is read.
///
/// A descent is a position k ≥ 1 with `indices[k] <= indices[k - 1]`; rows are sorted exactly
/// when every descent falls on the first entry of a row (see ``Graph/checkSortedRows``).
struct CSRIndexStatistics: Sendable, Equatable {
  /// The smallest index (`Int32.max` for none).
  var minimum = Int32.max
  /// The largest index (`Int32.min` for none).
  var maximum = Int32.min
  /// Descents within the blocks added so far.
  var descents = 0

  /// Nothing seen yet.
  init() {}

  /// The statistics of a whole array.
  init(_ indices: UnsafeBufferPointer<Int32>) { add(indices) }

  /// Adds a block; descents are counted inside it only (see ``addBoundaries(_:blockStarts:)``).
  ///
  /// Eight lanes at a time: lane-wise minimum and maximum, and a lane-wise count of positions
  /// whose value is not above the value one position earlier (loaded from the same block shifted
  /// by one element), so the pass runs at memory speed.
  mutating func add(_ block: UnsafeBufferPointer<Int32>) {
    guard let base = block.baseAddress, !block.isEmpty else { return }
    let n = block.count
    var lo = SIMD8<Int32>(repeating: .max)
    var hi = SIMD8<Int32>(repeating: .min)
    var down = SIMD8<Int32>(repeating: 0)
    let one = SIMD8<Int32>(repeating: 1)
    let raw = UnsafeRawPointer(base)
    var k = 1
    // Lanes cover positions k ..< k + 8, compared with k - 1 ..< k + 7.
    while k + 8 <= n {
      let current = raw.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Int32>.self)
      let previous = raw.loadUnaligned(fromByteOffset: (k - 1) * 4, as: SIMD8<Int32>.self)
      lo = pointwiseMin(lo, current)
      hi = pointwiseMax(hi, current)
      down &+= one.replacing(with: 0, where: current .> previous)
      k += 8
    }
    var minimumSoFar = min(minimum, lo.min(), base[0])
    var maximumSoFar = max(maximum, hi.max(), base[0])
    var d = Int(down.wrappedSum())
    while k < n {
      let v = base[k]
      minimumSoFar = min(minimumSoFar, v)
      maximumSoFar = max(maximumSoFar, v)
      if v <= base[k - 1] { d += 1 }
      k += 1
    }
    minimum = minimumSoFar
    maximum = maximumSoFar
    descents += d
  }

  /// Merges the statistics of another set of blocks.
  mutating func merge(_ other: CSRIndexStatistics) {
    minimum = min(minimum, other.minimum)
    maximum = max(maximum, other.maximum)
    descents += other.descents
  }

  /// Counts the descents at the first position of each block after the first.
  mutating func addBoundaries(_ indices: UnsafeBufferPointer<Int32>, blockStarts: [Int]) {
    for s in blockStarts where s > 0 && s < indices.count && indices[s] <= indices[s - 1] { descents += 1 }
  }
}
