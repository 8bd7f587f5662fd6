import Tensors

/// The input features of a graph's nodes: a dense `[N, F]` matrix, or a sparse `N × F` CSR
/// matrix for bag-of-words style features that are mostly zero.
///
/// Stored in HDF5 as `/features` (dense, float32 `[N, F]`) or as
/// `/features_csr/{indptr,indices,data}` with attribute `shape = [N, F]` (sparse).
///
/// ```swift
/// let x = NodeFeatures.sparse(csr)
/// x.dimension          // F
/// x.density            // fraction of non-zero entries
/// let dense = x.denseTensor()   // Tensor [N, F]
/// ```
public enum NodeFeatures: Sendable, Equatable {
  /// A dense row-major `Tensor` of shape `[N, F]`.
  case dense(Tensor)
  /// A sparse `N × F` matrix with column indices sorted within each row.
  case sparse(CSRMatrix)

  /// The number of rows (nodes).
  public var rowCount: Int {
    switch self {
    case .dense(let t): return t.rank == 2 ? t.shape[0] : 0
    case .sparse(let m): return m.rowCount
    }
  }

  /// The feature dimension F.
  public var dimension: Int {
    switch self {
    case .dense(let t): return t.rank == 2 ? t.shape[1] : 0
    case .sparse(let m): return m.columnCount
    }
  }

  /// The number of non-zero entries.
  public var nonzeroCount: Int {
    switch self {
    case .dense(let t):
      return t.withUnsafeBufferPointer { p in
        var n = 0
        for v in p where v != 0 { n += 1 }
        return n
      }
    case .sparse(let m):
      return m.values.withUnsafeBufferPointer { p in
        var n = 0
        for v in p where v != 0 { n += 1 }
        return n
      }
    }
  }

  /// The fraction of entries that are non-zero, `nonzeroCount / (N · F)` (0 for an empty
  /// matrix).
  public var density: Double {
    let total = Double(rowCount) * Double(dimension)
    return total > 0 ? Double(nonzeroCount) / total : 0
  }

  /// Whether the features are stored sparse.
  public var isSparse: Bool {
    if case .sparse = self { return true }
    return false
  }

  /// The features as a dense `[N, F]` tensor (a sparse matrix is expanded).
  public func denseTensor() -> Tensor {
    switch self {
    case .dense(let t): return t
    case .sparse(let m): return m.toDense()
    }
  }

  /// The bytes the feature arrays occupy in memory.
  public var byteCount: Int {
    switch self {
    case .dense(let t): return t.count * MemoryLayout<Float>.stride
    case .sparse(let m): return m.byteCount
    }
  }
}
