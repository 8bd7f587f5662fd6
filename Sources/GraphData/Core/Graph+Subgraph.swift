import Tensors

extension Graph {
  /// The subgraph induced by `nodes`: those nodes (renumbered `0..<nodes.count` in the given
  /// order) with their features, labels and names, only the edges between two of them, and each
  /// split restricted to them. Soft-label runs and interactions are dropped. Nothing of the other
  /// nodes is copied: their feature rows, labels, names and every edge touching them stay behind.
  /// - Throws: ``GraphDataError`` for a node out of range or given twice.
  public func induced(on nodes: [Int]) throws -> Graph {
    let n = nodeCount
    var position = [Int](repeating: -1, count: n)
    for (k, v) in nodes.enumerated() {
      guard v >= 0, v < n else {
        throw GraphDataError(
          .index, file: "", location: .field("nodes"), expected: "node ids in 0..<\(n)", actual: "\(v)")
      }
      guard position[v] < 0 else {
        throw GraphDataError(
          .value, file: "", location: .field("nodes"), expected: "distinct node ids", actual: "\(v) twice")
      }
      position[v] = k
    }
    func rows(of m: CSRMatrix, remapColumns: Bool) -> CSRMatrix {
      var pointers = [0]
      var columns: [Int32] = []
      var values: [Float] = []
      pointers.reserveCapacity(nodes.count + 1)
      for v in nodes {
        for e in m.rowPointers[v]..<m.rowPointers[v + 1] {
          let c = Int(m.columnIndices[e])
          if remapColumns {
            guard position[c] >= 0 else { continue }
            columns.append(Int32(position[c]))
          } else {
            columns.append(Int32(c))
          }
          values.append(m.values[e])
        }
        if remapColumns {
          // Renumbering can reorder a row's columns: sort them, carrying the values.
          let start = pointers.last!
          let order = (start..<columns.count).sorted { columns[$0] < columns[$1] }
          let (c, x) = (order.map { columns[$0] }, order.map { values[$0] })
          columns.replaceSubrange(start..<columns.count, with: c)
          values.replaceSubrange(start..<values.count, with: x)
        }
        pointers.append(columns.count)
      }
      return CSRMatrix(
        unchecked: nodes.count, columnCount: remapColumns ? nodes.count : m.columnCount, rowPointers: pointers,
        columnIndices: columns, values: values)
    }
    let features: NodeFeatures?
    switch self.features {
    case .sparse(let m)?: features = .sparse(rows(of: m, remapColumns: false))
    case .dense(let t)?:
      let f = t.columnCount
      var x = [Float](repeating: 0, count: nodes.count * f)
      t.withUnsafeBufferPointer { p in
        for (k, v) in nodes.enumerated() { for j in 0..<f { x[k * f + j] = p[v * f + j] } }
      }
      features = .dense(try Tensor(shape: [nodes.count, f], scalars: x))
    case nil: features = nil
    }
    var splits: [String: Split] = [:]
    for (name, split) in self.splits {
      func keep(_ part: [Int]) -> [Int] { part.compactMap { position[$0] >= 0 ? position[$0] : nil } }
      splits[name] = Split(
        train: keep(split.train), validation: keep(split.validation), test: keep(split.test),
        labelsPerClass: split.labelsPerClass, seed: split.seed)
    }
    return try Graph(
      name: name, isDirected: isDirected, adjacency: rows(of: adjacency, remapColumns: true), features: features,
      labels: nodes.map { labels[$0] }, classNames: classNames,
      nodeNames: nodeNames.map { names in nodes.map { names[$0] } },
      splits: splits)
  }
}
