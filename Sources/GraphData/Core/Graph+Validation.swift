import Tensors

extension Graph {
  /// Checks every cross-field rule of the schema; `file` and the field names go into errors.
  ///
  /// Field names are the schema's paths without the leading slash (`labels`, `splits/public/test`)
  /// so an in-memory error and a file error read the same.
  func validate(checkSymmetry: Bool, file: String = "") throws {
    let n = nodeCount
    guard adjacency.rowCount == adjacency.columnCount else {
      throw GraphDataError(
        .shape, file: file, location: .field("graph"), expected: "a square adjacency (N × N)",
        actual: "\(adjacency.rowCount) × \(adjacency.columnCount)")
    }
    try Graph.checkSortedRows(
      rowPointers: adjacency.rowPointers, columnIndices: adjacency.columnIndices, file: file, field: "graph/indices")
    if checkSymmetry && !isDirected { try Graph.checkSymmetric(adjacency, file: file) }
    if let features {
      guard features.rowCount == n else {
        throw GraphDataError(
          .shape, file: file, location: .field(features.isSparse ? "features_csr" : "features"),
          expected: "\(n) rows (one per node)", actual: "\(features.rowCount)")
      }
      switch features {
      case .dense(let t):
        guard t.rank == 2 else {
          throw GraphDataError(
            .shape, file: file, location: .field("features"), expected: "a matrix [N, F]", actual: "shape \(t.shape)")
        }
        try Graph.checkFinite(t.scalars, columns: t.shape[1], file: file, field: "features")
      case .sparse(let m):
        try Graph.checkSortedRows(
          rowPointers: m.rowPointers, columnIndices: m.columnIndices, file: file, field: "features_csr/indices")
        try Graph.checkFinite(m.values, columns: nil, file: file, field: "features_csr/data")
      }
    }
    try Graph.checkLabels(labels, nodeCount: n, classCount: classNames?.count, file: file, field: "labels")
    if let nodeNames, nodeNames.count != n {
      throw GraphDataError(
        .shape, file: file, location: .field("node_names"), expected: "\(n) names (one per node)",
        actual: "\(nodeNames.count)")
    }
    for (name, split) in splits.sorted(by: { $0.key < $1.key }) {
      try GraphSchema.checkName(name, field: "splits")
      try Graph.checkSplit(split, named: name, nodeCount: n, file: file, fieldPrefix: "splits/\(name)")
    }
    for (name, run) in softLabels.sorted(by: { $0.key < $1.key }) {
      try GraphSchema.checkName(name, field: "soft_labels")
      try Graph.checkSoftLabels(run, named: name, nodeCount: n, file: file)
    }
  }

  /// Labels: one per node, each in `-1..<classCount` (or `≥ -1` when the class count is unknown).
  static func checkLabels(_ labels: [Int], nodeCount: Int, classCount: Int?, file: String, field: String) throws {
    guard labels.count == nodeCount else {
      throw GraphDataError(
        .shape, file: file, location: .field(field), expected: "\(nodeCount) labels (one per node)",
        actual: "\(labels.count)")
    }
    let upper = classCount ?? Int.max
    for (i, y) in labels.enumerated() where y < -1 || y >= upper {
      let range = classCount.map { "-1..<\($0) (-1 = unknown, \($0) class names)" } ?? "-1 (unknown) or a class id ≥ 0"
      throw GraphDataError(
        .index, file: file, location: .field(field), expected: "labels in \(range)", actual: "\(y) at node \(i)")
    }
  }

  /// Split parts: indices in `0..<nodeCount`, no node twice within or across parts.
  static func checkSplit(_ split: Split, named name: String, nodeCount: Int, file: String, fieldPrefix: String) throws {
    var owner = [UInt8](repeating: 0, count: nodeCount)
    for (p, part) in split.parts.enumerated() {
      for (k, i) in part.nodes.enumerated() {
        guard i >= 0 && i < nodeCount else {
          throw GraphDataError(
            .index, file: file, location: .field("\(fieldPrefix)/\(part.name)"),
            expected: "node indices in 0..<\(nodeCount)", actual: "\(i) at position \(k)")
        }
        if owner[i] != 0 {
          let other = split.parts[Int(owner[i]) - 1].name
          throw GraphDataError(
            .value, file: file, location: .field("\(fieldPrefix)/\(part.name)"),
            expected: "each node at most once across train, val and test",
            actual: "node \(i) also in '\(other)'")
        }
        owner[i] = UInt8(p + 1)
      }
    }
  }

  /// Soft labels: `[N, C]` finite probabilities whose rows sum to 1; hidden `[N, H]` finite.
  static func checkSoftLabels(_ run: SoftLabelRun, named name: String, nodeCount: Int, file: String) throws {
    let field = "soft_labels/\(name)/probs"
    let probs = run.probabilities
    guard probs.rank == 2, probs.shape[0] == nodeCount else {
      throw GraphDataError(
        .shape, file: file, location: .field(field), expected: "shape [\(nodeCount), C] (one row per node)",
        actual: "shape \(probs.shape)")
    }
    try checkFinite(probs.scalars, columns: probs.shape[1], file: file, field: field)
    let c = probs.shape[1]
    try probs.withUnsafeBufferPointer { p in
      for row in 0..<nodeCount {
        var sum: Double = 0
        for j in 0..<c {
          let v = p[row * c + j]
          guard v >= 0 && v <= 1 else {
            throw GraphDataError(
              .value, file: file, location: .field(field), expected: "probabilities in [0, 1]",
              actual: "\(v) at row \(row), column \(j)")
          }
          sum += Double(v)
        }
        guard c == 0 || abs(sum - 1) <= 1e-3 else {
          throw GraphDataError(
            .value, file: file, location: .field(field), expected: "rows summing to 1 (within 0.001)",
            actual: "\(sum) in row \(row)")
        }
      }
    }
    if let hidden = run.hidden {
      guard hidden.rank == 2, hidden.shape[0] == nodeCount else {
        throw GraphDataError(
          .shape, file: file, location: .field("soft_labels/\(name)/hidden"),
          expected: "shape [\(nodeCount), H] (one row per node)", actual: "shape \(hidden.shape)")
      }
      try checkFinite(hidden.scalars, columns: hidden.shape[1], file: file, field: "soft_labels/\(name)/hidden")
    }
  }

  /// Throws at the first NaN or infinity, naming its row and column when `columns` is given.
  static func checkFinite(_ values: [Float], columns: Int?, file: String, field: String) throws {
    try values.withUnsafeBufferPointer { p in
      // Large arrays are scanned in halves, on two threads when there are two cores.
      let parts = Parallelism.ranges(count: p.count, parts: p.count >= 1 << 22 ? 2 : 1)
      let found = SharedAccumulator(false)
      Parallelism.forEach(chunks: parts.count, threads: Parallelism.threadCount) { part in
        if !allFinite(UnsafeBufferPointer(rebasing: p[parts[part]])) { found.update { $0 = true } }
      }
      if !found.value { return }
      for k in 0..<p.count where !p[k].isFinite {
        let place =
          columns.map { $0 > 0 ? "at row \(k / $0), column \(k % $0)" : "at position \(k)" } ?? "at position \(k)"
        throw GraphDataError(
          .nonFinite, file: file, location: .field(field), expected: "finite values", actual: "\(p[k]) \(place)")
      }
    }
  }

  /// Whether every value is finite. A float is NaN or ±∞ exactly when its exponent bits are all
  /// ones, so the largest masked exponent decides, sixteen lanes at a time.
  static func allFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
    guard let base = values.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    let n = values.count
    let mask = SIMD16<UInt32>(repeating: 0x7F80_0000)
    var largest = SIMD16<UInt32>(repeating: 0)
    var k = 0
    while k + 16 <= n {
      largest = pointwiseMax(largest, raw.loadUnaligned(fromByteOffset: k * 4, as: SIMD16<UInt32>.self) & mask)
      k += 16
    }
    var m = largest.max()
    while k < n {
      m = max(m, base[k].bitPattern & 0x7F80_0000)
      k += 1
    }
    return m != 0x7F80_0000
  }

  /// Column indices strictly increasing within every row (sorted, no duplicate entries).
  ///
  /// Fast path without branches per entry: count the positions k ≥ 1 with
  /// `indices[k] <= indices[k - 1]` over the whole array (``CSRIndexStatistics``, a vectorised
  /// reduction, possibly computed while the array was read), then subtract those that fall on
  /// the first entry of a row, where any order is allowed. Only when the two counts differ is
  /// the array scanned row by row to name the first offending entry.
  static func checkSortedRows(
    rowPointers: [Int], columnIndices: [Int32], file: String, field: String, descents known: Int? = nil
  ) throws {
    let clean = rowPointers.withUnsafeBufferPointer { ptr in
      columnIndices.withUnsafeBufferPointer { idx -> Bool in
        guard idx.count > 1 else { return true }
        let descents = known ?? CSRIndexStatistics(idx).descents
        guard descents > 0 else { return true }
        var atRowStarts = 0
        for start in ptr.dropLast() where start > 0 && start < idx.count && idx[start] <= idx[start - 1] {
          atRowStarts += 1
        }
        return descents == atRowStarts
      }
    }
    if clean { return }
    try rowPointers.withUnsafeBufferPointer { ptr in
      try columnIndices.withUnsafeBufferPointer { idx in
        for row in 0..<(ptr.count - 1) {
          let (start, end) = (ptr[row], ptr[row + 1])
          guard end - start > 1 else { continue }
          for k in (start + 1)..<end where idx[k] <= idx[k - 1] {
            throw GraphDataError(
              .value, file: file, location: .field(field),
              expected: "strictly increasing column indices within each row (sorted, no duplicate entries)",
              actual: "\(idx[k]) after \(idx[k - 1]) at position \(k) (row \(row))")
          }
        }
      }
    }
  }

  /// An undirected graph's adjacency must hold every edge in both directions with one weight.
  static func checkSymmetric(_ a: CSRMatrix, file: String) throws {
    guard let bad = firstAsymmetry(a) else { return }
    guard let reverse = bad.reverseWeight else {
      throw GraphDataError(
        .value, file: file, location: .field("graph"),
        expected: "a symmetric adjacency for an undirected graph (directed = 0)",
        actual: "edge \(bad.row) → \(bad.column) without \(bad.column) → \(bad.row)")
    }
    throw GraphDataError(
      .value, file: file, location: .field("graph/weights"),
      expected: "equal weights in both directions of an undirected edge",
      actual: "\(bad.weight) for \(bad.row) → \(bad.column) but \(reverse) for \(bad.column) → \(bad.row)")
  }

  /// The first entry (i, j) of a matrix with sorted rows whose mirror (j, i) is missing or has
  /// another value, or `nil` when the matrix is symmetric. Binary search in the sorted rows:
  /// O(E log d) time and no extra memory (no transpose).
  static func firstAsymmetry(_ a: CSRMatrix) -> (row: Int, column: Int, weight: Float, reverseWeight: Float?)? {
    guard a.rowCount == a.columnCount else { return (0, 0, 0, nil) }
    return a.rowPointers.withUnsafeBufferPointer { ptr in
      a.columnIndices.withUnsafeBufferPointer { idx in
        a.values.withUnsafeBufferPointer { val in
          for i in 0..<a.rowCount {
            for k in ptr[i]..<ptr[i + 1] {
              let j = Int(idx[k])
              var (lo, hi) = (ptr[j], ptr[j + 1])
              let target = Int32(i)
              while lo < hi {
                let mid = (lo + hi) / 2
                if idx[mid] < target { lo = mid + 1 } else { hi = mid }
              }
              guard lo < ptr[j + 1], idx[lo] == target else { return (i, j, val[k], nil) }
              guard val[lo] == val[k] else { return (i, j, val[k], val[lo]) }
            }
          }
          return nil
        }
      }
    }
  }
}
