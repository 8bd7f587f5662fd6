import Tensors

/// Collects edges one at a time and assembles them into a CSR adjacency with sorted,
/// duplicate-free rows, the form every GraphKD graph uses.
///
/// Assembly is a counting sort by source node followed by a stable sort of each row by target
/// (insertion sort for the short rows typical of sparse graphs), O(E + N) memory beyond the
/// result. With `symmetrize`, every edge u → v also adds v → u (an undirected graph); duplicate
/// entries are merged by `duplicates` (`.max` keeps the largest weight, so an undirected edge
/// listed in both directions keeps its weight rather than doubling it).
///
/// ```swift
/// var edges = EdgeListBuilder()
/// edges.append(source: 0, target: 1)
/// edges.append(source: 1, target: 2, weight: 0.5)
/// let (adjacency, merged) = try edges.matrix(rowCount: 3, columnCount: 3, symmetrize: true)
/// adjacency.nonzeroCount   // 4
/// ```
public struct EdgeListBuilder: Sendable {
  /// Source node of each edge so far.
  public private(set) var sources: [Int32] = []
  /// Target node of each edge so far.
  public private(set) var targets: [Int32] = []
  /// Weight of each edge so far, or `nil` while every weight is 1.
  public private(set) var weights: [Float]?

  /// Creates an empty builder with room for `expectedEdges` edges.
  public init(expectedEdges: Int = 0) {
    sources.reserveCapacity(expectedEdges)
    targets.reserveCapacity(expectedEdges)
  }

  /// The number of edges appended.
  public var count: Int { sources.count }

  /// Appends the edge `source → target` with an optional weight (1 when `nil`).
  public mutating func append(source: Int32, target: Int32, weight: Float? = nil) {
    sources.append(source)
    targets.append(target)
    if let weight {
      if weights == nil { weights = [Float](repeating: 1, count: sources.count - 1) }
      weights!.append(weight)
    } else if weights != nil {
      weights!.append(1)
    }
  }

  /// Assembles the `rowCount × columnCount` CSR matrix.
  ///
  /// - Parameters:
  ///   - symmetrize: add the reverse of every edge (requires a square matrix).
  ///   - duplicates: how entries at the same position are combined.
  /// - Returns: the matrix and how many entries were merged away as duplicates.
  /// - Throws: ``GraphDataError`` when an endpoint is outside the matrix or a weight is not finite.
  public func matrix(
    rowCount: Int, columnCount: Int, symmetrize: Bool = false, duplicates: CSRMatrix.DuplicatePolicy = .max
  ) throws -> (matrix: CSRMatrix, mergedDuplicates: Int) {
    precondition(!symmetrize || rowCount == columnCount, "EdgeListBuilder: symmetrize needs a square matrix")
    for k in 0..<count {
      guard sources[k] >= 0, Int(sources[k]) < rowCount else {
        throw GraphDataError(
          .index, file: "", location: .field("edge \(k)"), expected: "a source node in 0..<\(rowCount)",
          actual: "\(sources[k])")
      }
      guard targets[k] >= 0, Int(targets[k]) < columnCount else {
        throw GraphDataError(
          .index, file: "", location: .field("edge \(k)"), expected: "a target node in 0..<\(columnCount)",
          actual: "\(targets[k])")
      }
    }
    if let weights, let k = weights.firstIndex(where: { !$0.isFinite }) {
      throw GraphDataError(
        .nonFinite, file: "", location: .field("edge \(k)"), expected: "a finite weight", actual: "\(weights[k])")
    }
    let rows = symmetrize ? sources + targets : sources
    let columns = symmetrize ? targets + sources : targets
    let values = weights.map { symmetrize ? $0 + $0 : $0 }
    return SparseAssembly.fromCOO(
      rowCount: rowCount, columnCount: columnCount, rows: rows, columns: columns, values: values,
      duplicates: duplicates)
  }
}

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
