import Foundation
import Tensors

/// Imports a graph from a NumPy `.npz` archive in the CSR layout of the gnn-benchmark and
/// Planetoid exports (`cora.npz`, `cora_planetoid.npz`).
///
/// | key | dtype, shape | becomes |
/// | --- | --- | --- |
/// | `adj_indptr`, `adj_indices`, `adj_shape` (required); `adj_data` | integer; `[N+1]`, `[E]`, `[2]`; numeric `[E]` | adjacency (weights from `adj_data` when any ≠ 1) |
/// | `attr_indptr`, `attr_indices`, `attr_data`, `attr_shape` | CSR | sparse features |
/// | `attr_matrix` | numeric `[N, F]` | dense features |
/// | `labels` | integer `[N]`, -1 = unknown | labels |
/// | `class_names`, `node_names` | `U`/`S` strings | names |
/// | `idx_train`, `idx_val`, `idx_test` | integer | split `public` |
///
/// Rows are sorted by column and duplicate entries summed (SciPy's canonical form). The graph is
/// undirected (`directed = 0`) exactly when the adjacency is symmetric. Any byte order and every
/// integer and float width is accepted; other keys are ignored with a note.
///
/// ```swift
/// let graph = try NPZImporter(url: URL(fileURLWithPath: "cora_planetoid.npz"), name: "cora").importGraph()
/// graph.splits["public"]?.test.count   // 1000
/// ```
public struct NPZImporter: GraphImporter {
  /// The `.npz` file.
  public var url: URL
  /// The graph's name; the file name without extension when `nil`.
  public var name: String?

  /// Creates an importer for `url`.
  public init(url: URL, name: String? = nil) {
    self.url = url
    self.name = name
  }

  static let knownKeys: Set<String> = [
    "adj_indptr", "adj_indices", "adj_data", "adj_shape", "attr_indptr", "attr_indices", "attr_data", "attr_shape",
    "attr_matrix", "labels", "class_names", "node_names", "idx_train", "idx_val", "idx_test",
  ]

  /// Reads the archive and builds the graph.
  public func importGraph(note: (String) -> Void) throws -> Graph {
    let npz = try NPZArchive(url: url)
    let file = npz.file

    let shape = try vector(npz.requiredArray("adj_shape", purpose: "the adjacency shape [N, N]"), "adj_shape", file)
      .integers(file: file, field: "adj_shape")
    guard shape.count == 2, shape[0] == shape[1], shape[0] >= 0 else {
      throw GraphDataError(
        .shape, file: file, location: .field("adj_shape"), expected: "a square shape [N, N]", actual: "\(shape)")
    }
    let n = shape[0]
    let adjacency = try csr(
      npz, prefix: "adj", rows: n, columns: n, dataRequired: false, duplicates: .sum, note: note)

    var features: NodeFeatures?
    if npz.contains("attr_matrix") {
      let array = try npz.requiredArray("attr_matrix", purpose: "dense features")
      let (rows, columns, values) = try array.matrix(file: file, field: "attr_matrix")
      guard rows == n else {
        throw GraphDataError(
          .shape, file: file, location: .field("attr_matrix"), expected: "\(n) rows (one per node)", actual: "\(rows)")
      }
      try Graph.checkFinite(values, columns: columns, file: file, field: "attr_matrix")
      features = .dense(try Tensor(shape: [rows, columns], scalars: values))
    } else if npz.contains("attr_indptr") || npz.contains("attr_shape") {
      let fshape = try vector(npz.requiredArray("attr_shape", purpose: "the feature shape [N, F]"), "attr_shape", file)
        .integers(file: file, field: "attr_shape")
      guard fshape.count == 2, fshape[0] == n, fshape[1] >= 0 else {
        throw GraphDataError(
          .shape, file: file, location: .field("attr_shape"), expected: "[\(n), F] (one row per node)",
          actual: "\(fshape)")
      }
      features = .sparse(
        try csr(npz, prefix: "attr", rows: n, columns: fshape[1], dataRequired: true, duplicates: .sum, note: note))
    }

    var labels: [Int]?
    if let array = try npz.array("labels") {
      let values = try vector(array, "labels", file).integers(file: file, field: "labels")
      labels = values
    }
    let classNames = try npz.array("class_names").map {
      try vector($0, "class_names", file).strings(file: file, field: "class_names")
    }
    let nodeNames = try npz.array("node_names").map {
      try vector($0, "node_names", file).strings(file: file, field: "node_names")
    }
    if let labels {
      try Graph.checkLabels(labels, nodeCount: n, classCount: classNames?.count, file: file, field: "labels")
    }
    if let nodeNames, nodeNames.count != n {
      throw GraphDataError(
        .shape, file: file, location: .field("node_names"), expected: "\(n) names (one per node)",
        actual: "\(nodeNames.count)")
    }

    var splits: [String: Split] = [:]
    let splitKeys = ["idx_train", "idx_val", "idx_test"]
    let present = splitKeys.filter(npz.contains)
    if !present.isEmpty {
      guard present.count == 3 else {
        let missing = splitKeys.filter { !npz.contains($0) }
        throw GraphDataError(
          .missingField, file: file, location: .field(missing[0]),
          expected: "all of idx_train, idx_val, idx_test (a split)", actual: "only \(present.joined(separator: ", "))")
      }
      var parts: [[Int]] = []
      for key in splitKeys {
        let indices = try vector(npz.requiredArray(key, purpose: "split indices"), key, file).integers(
          file: file, field: key)
        if let k = indices.firstIndex(where: { $0 < 0 || $0 >= n }) {
          throw GraphDataError(
            .index, file: file, location: .field(key), expected: "node indices in 0..<\(n)",
            actual: "\(indices[k]) at position \(k)")
        }
        parts.append(indices)
      }
      splits[GraphSchema.publicSplit] = Split(train: parts[0], validation: parts[1], test: parts[2])
    }
    let ignored = npz.keys.filter { !NPZImporter.knownKeys.contains($0) }
    if !ignored.isEmpty { note("ignored keys: \(ignored.joined(separator: ", "))") }

    let isDirected = Graph.firstAsymmetry(adjacency) != nil
    return try GraphDataError.attributing(to: file) {
      try Graph(
        name: name ?? url.deletingPathExtension().lastPathComponent, isDirected: isDirected, adjacency: adjacency,
        features: features, labels: labels, classNames: classNames, nodeNames: nodeNames, splits: splits)
    }
  }

  /// Reads `<prefix>_indptr`, `<prefix>_indices` and `<prefix>_data` into a canonical CSR matrix.
  private func csr(
    _ npz: NPZArchive, prefix: String, rows: Int, columns: Int, dataRequired: Bool,
    duplicates: CSRMatrix.DuplicatePolicy, note: (String) -> Void
  ) throws -> CSRMatrix {
    let file = npz.file
    let (ptrKey, idxKey, dataKey) = ("\(prefix)_indptr", "\(prefix)_indices", "\(prefix)_data")
    let pointers = try vector(npz.requiredArray(ptrKey, purpose: "CSR row pointers"), ptrKey, file)
      .integers(file: file, field: ptrKey)
    let indices = try vector(npz.requiredArray(idxKey, purpose: "CSR column indices"), idxKey, file)
      .int32s(file: file, field: idxKey)
    try CSRCheck.check(
      rowPointers: pointers, columnIndices: indices, rowCount: rows, columnCount: columns, file: file,
      pointerField: ptrKey, indexField: idxKey)
    var values: [Float]
    if let data = dataRequired ? try npz.requiredArray(dataKey, purpose: "CSR values") : try npz.array(dataKey) {
      values = try vector(data, dataKey, file).floats(file: file, field: dataKey)
      guard values.count == indices.count else {
        throw GraphDataError(
          .shape, file: file, location: .field(dataKey),
          expected: "\(indices.count) values (one per entry of \(idxKey))",
          actual: "\(values.count)")
      }
      try Graph.checkFinite(values, columns: nil, file: file, field: dataKey)
    } else {
      values = [Float](repeating: 1, count: indices.count)
    }
    let (matrix, merged) = SparseAssembly.canonicalize(
      rowCount: rows, columnCount: columns, rowPointers: pointers, columnIndices: indices, values: values,
      duplicates: duplicates)
    if merged > 0 { note("\(prefix): summed \(merged) duplicate entries") }
    return matrix
  }

  private func vector(_ array: NumPyArray, _ key: String, _ file: String) throws -> NumPyArray {
    guard array.shape.count == 1 else {
      throw GraphDataError(
        .shape, file: file, location: .field(key), expected: "a 1-D array", actual: "shape \(array.shape)")
    }
    return array
  }
}
