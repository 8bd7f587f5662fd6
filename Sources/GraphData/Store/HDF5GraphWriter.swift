import Tensors

/// Writes a ``Graph`` into an open, empty HDF5 file following schema version 1.
struct HDF5GraphWriter {
  /// The root group of the file being written.
  let root: HDF5Group
  /// Storage of large numeric datasets.
  let layout: HDF5DatasetLayout

  func write(_ graph: Graph) throws {
    try root.setAttribute("format", string: GraphSchema.format)
    try root.setAttribute("format_version", integer: GraphSchema.version)
    try root.setAttribute("name", string: graph.name)
    try root.setAttribute("directed", integer: graph.isDirected ? 1 : 0)

    let g = try root.createGroup("graph")
    try writeCSR(graph.adjacency, in: g, valuesName: graph.hasEdgeWeights ? "weights" : nil)

    switch graph.features {
    case .dense(let t)?:
      try t.withUnsafeBufferPointer { p in
        _ = try root.createDataset("features", shape: t.shape, values: p, layout: layout)
      }
    case .sparse(let m)?:
      let f = try root.createGroup("features_csr")
      try f.setAttribute("shape", integers: [m.rowCount, m.columnCount])
      try writeCSR(m, in: f, valuesName: "data")
    case nil:
      break
    }
    try root.createDataset("labels", values: graph.labels, layout: layout)
    if let names = graph.classNames { try root.createStringDataset("class_names", values: names, layout: layout) }
    if let names = graph.nodeNames { try root.createStringDataset("node_names", values: names, layout: layout) }

    if !graph.splits.isEmpty {
      let splits = try root.createGroup("splits")
      for (name, split) in graph.splits.sorted(by: { $0.key < $1.key }) {
        try Self.writeSplit(split, named: name, in: splits, layout: layout)
      }
    }
    if !graph.softLabels.isEmpty {
      let runs = try root.createGroup("soft_labels")
      for (name, run) in graph.softLabels.sorted(by: { $0.key < $1.key }) {
        try Self.writeSoftLabels(run, named: name, in: runs, layout: layout)
      }
    }
    if let interactions = graph.interactions {
      let i = try root.createGroup("interactions")
      try i.setAttribute("n_users", integer: interactions.userCount)
      try i.setAttribute("n_items", integer: interactions.itemCount)
      try writeCSR(interactions.observed, in: i, valuesName: nil)
      if !interactions.heldOut.isEmpty {
        let held = try i.createGroup("held_out")
        for (name, matrix) in interactions.heldOut.sorted(by: { $0.key < $1.key }) {
          try writeCSR(matrix, in: try held.createGroup(name), valuesName: nil)
        }
      }
    }
  }

  /// Writes `indptr` (int64), `indices` (int32) and, when `valuesName` is given, the values
  /// (float32) of `matrix` into `group`.
  func writeCSR(_ matrix: CSRMatrix, in group: HDF5Group, valuesName: String?) throws {
    try group.createDataset("indptr", values: matrix.rowPointers, layout: layout)
    try group.createDataset("indices", values: matrix.columnIndices, layout: layout)
    if let valuesName { try group.createDataset(valuesName, values: matrix.values, layout: layout) }
  }

  /// Writes split `name` as a group of three int64 index arrays with its attributes.
  static func writeSplit(_ split: Split, named name: String, in parent: HDF5Group, layout: HDF5DatasetLayout) throws {
    let g = try parent.createGroup(name)
    for part in split.parts { try g.createDataset(part.name, values: part.nodes, layout: layout) }
    if let k = split.labelsPerClass { try g.setAttribute("labels_per_class", integer: k) }
    if let seed = split.seed { try g.setAttribute("seed", unsigned: seed) }
  }

  /// Writes soft-label run `name` (probs, optional hidden, attributes).
  static func writeSoftLabels(
    _ run: SoftLabelRun, named name: String, in parent: HDF5Group, layout: HDF5DatasetLayout
  ) throws {
    let g = try parent.createGroup(name)
    try run.probabilities.withUnsafeBufferPointer { p in
      _ = try g.createDataset("probs", shape: run.probabilities.shape, values: p, layout: layout)
    }
    if let hidden = run.hidden {
      try hidden.withUnsafeBufferPointer { p in
        _ = try g.createDataset("hidden", shape: hidden.shape, values: p, layout: layout)
      }
    }
    try g.setAttribute("method", string: run.method)
    try g.setAttribute("temperature", double: run.temperature)
    try g.setAttribute("seed", unsigned: run.seed)
    try g.setAttribute("config", string: run.configJSON)
    try g.setAttribute("created", string: run.created)
    for (key, value) in run.metrics.sorted(by: { $0.key < $1.key }) {
      try g.setAttribute(key, double: value)
    }
  }
}
