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
