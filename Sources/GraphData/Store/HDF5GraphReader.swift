import Foundation
import Tensors

/// Reads and validates one GraphKD HDF5 file (schema version 1) into a ``Graph``.
///
/// Every array is read with one `H5Dread` into a preallocated Swift array; validation then runs
/// over the arrays once. Errors name the file and the HDF5 path of the offending dataset or
/// attribute.
struct HDF5GraphReader {
  /// The file name used in messages.
  let file: String
  /// The file's root group.
  let root: HDF5Group
  /// The file's size in bytes: no dataset is read whose extent the file could not hold.
  let fileBytes: Int

  /// A reader of the file at `url` whose root group is `root`.
  init(url: URL, root: HDF5Group) {
    file = AtomicFile.displayName(url)
    self.root = root
    fileBytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
  }

  /// The largest expansion of deflate-compressed data (1032:1), which bounds what a file of a
  /// given size can hold.
  static let maximumExpansion = 1032

  /// Checks, before anything is allocated by it, that the file can hold `ds`'s extent: its
  /// elements (at least a byte each) within the file's size times deflate's largest expansion.
  func checkExtent(_ ds: HDF5Dataset) throws {
    let (count, overflow) = ds.shape.reduce((1, false)) { acc, d in
      let (p, o) = acc.0.multipliedReportingOverflow(by: d)
      return (p, acc.1 || o)
    }
    guard !overflow, count <= max(fileBytes, 1) * Self.maximumExpansion else {
      throw GraphDataError(
        .shape, file: file, location: .field(ds.path), expected: "an extent a \(fileBytes)-byte file can hold",
        actual: "shape \(ds.shape)")
    }
  }

  // MARK: Entry points

  /// Opens `url` read-only after checking it exists and is an HDF5 file.
  static func open(_ url: URL, writable: Bool = false) throws -> HDF5File {
    let name = AtomicFile.displayName(url)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw GraphDataError.missingFile(name)
    }
    guard !isDirectory.boolValue else {
      throw GraphDataError(.io, file: name, location: .file, expected: "an HDF5 file", actual: "a directory")
    }
    guard HDF5File.hasSignature(at: url.path) == true else {
      let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
      throw GraphDataError(
        .corruptFile, file: name, location: .file, expected: "an HDF5 file (the HDF5 signature)",
        actual: "\(size) bytes without an HDF5 signature")
    }
    do {
      return try HDF5File.open(at: url.path, writable: writable)
    } catch let error as HDF5Error {
      throw GraphDataError(
        .corruptFile, file: name, location: .file, expected: "a readable HDF5 file", actual: error.message)
    }
  }

  /// Checks the root attributes `format` and `format_version`.
  func checkFormat() throws {
    let formatValue = try requiredStringAttribute(root, "format")
    guard formatValue == GraphSchema.format else {
      throw GraphDataError(
        .value, file: file, location: .attribute("/format"),
        expected: "\"\(GraphSchema.format)\" (a GraphKD graph file)",
        actual: "\"\(formatValue)\"")
    }
    let version = try requiredIntegerAttribute(root, "format_version")
    guard version == GraphSchema.version else {
      throw GraphDataError(
        .unsupportedVersion, file: file, location: .attribute("/format_version"),
        expected: "\(GraphSchema.version) (the schema version this GraphKD reads)", actual: "\(version)")
    }
  }

  /// The node count, from the length of `/graph/indptr`, without reading any array.
  func nodeCount() throws -> Int {
    let graph = try requiredGroup(root, "graph")
    let indptr = try requiredDataset(graph, "indptr")
    try checkExtent(indptr)
    guard indptr.shape.count == 1, indptr.shape[0] >= 1 else {
      throw GraphDataError(
        .shape, file: file, location: .field(indptr.path), expected: "a 1-D array of N + 1 values",
        actual: "shape \(indptr.shape)")
    }
    return indptr.shape[0] - 1
  }

  /// Reads the whole file.
  func readGraph(defaultName: String) throws -> Graph {
    try checkFormat()
    let name = try optionalStringAttribute(root, "name") ?? defaultName
    let directed = try requiredIntegerAttribute(root, "directed")
    guard directed == 0 || directed == 1 else {
      throw GraphDataError(
        .value, file: file, location: .attribute("/directed"), expected: "0 (undirected) or 1 (directed)",
        actual: "\(directed)")
    }
    let graphGroup = try requiredGroup(root, "graph")
    let n = try nodeCount()
    let adjacency = try readCSR(graphGroup, rows: n, columns: n, valuesName: "weights")
    let parts = try readNodeData(nodeCount: n)
    return Graph(
      unchecked: name, isDirected: directed == 1, adjacency: adjacency, features: parts.features,
      labels: parts.labels, classNames: parts.classNames, nodeNames: parts.nodeNames, splits: parts.splits,
      softLabels: parts.softLabels, interactions: parts.interactions)
  }

  /// Everything but the adjacency.
  private struct NodeData {
    var features: NodeFeatures?
    var labels: [Int]
    var classNames: [String]?
    var nodeNames: [String]?
    var splits: [String: Split]
    var softLabels: [String: SoftLabelRun]
    var interactions: Interactions?
  }

  private func readNodeData(nodeCount n: Int) throws -> NodeData {
    let features = try readFeatures(nodeCount: n)
    let labels: [Int]
    var classNames: [String]?
    if let ds = try optionalDataset(root, "labels") {
      labels = try integers(ds, as: Int.self, count: n, what: "labels (one per node)")
    } else {
      labels = [Int](repeating: -1, count: n)
    }
    if let ds = try optionalDataset(root, "class_names") {
      classNames = try strings(ds)
    }
    try wrapValidation {
      try Graph.checkLabels(labels, nodeCount: n, classCount: classNames?.count, file: file, field: "/labels")
    }
    var nodeNames: [String]?
    if let ds = try optionalDataset(root, "node_names") {
      let names = try strings(ds)
      guard names.count == n else {
        throw GraphDataError(
          .shape, file: file, location: .field(ds.path), expected: "\(n) names (one per node)", actual: "\(names.count)"
        )
      }
      nodeNames = names
    }
    return NodeData(
      features: features, labels: labels, classNames: classNames, nodeNames: nodeNames,
      splits: try readSplits(nodeCount: n), softLabels: try readSoftLabels(nodeCount: n),
      interactions: try readInteractions())
  }

  // MARK: Parts

  /// The arrays of a CSR group as read, before validation.
  struct RawCSR: Sendable {
    var rows: Int
    var columns: Int
    var rowPointers: [Int]
    var columnIndices: [Int32]
    var values: [Float]?
    var pointerField: String
    var indexField: String
    var valuesField: String
    /// Statistics of `columnIndices`, gathered while they were read.
    var statistics: CSRIndexStatistics

    /// Validates the arrays (row pointers, index range, sorted rows, finite values) and builds
    /// the matrix; missing values become ones.
    func matrix(file: String) throws -> CSRMatrix {
      try CSRCheck.check(
        rowPointers: rowPointers, columnIndices: columnIndices, rowCount: rows, columnCount: columns, file: file,
        pointerField: pointerField, indexField: indexField, statistics: statistics)
      try Graph.checkSortedRows(
        rowPointers: rowPointers, columnIndices: columnIndices, file: file, field: indexField,
        descents: statistics.descents)
      if let values { try Graph.checkFinite(values, columns: nil, file: file, field: valuesField) }
      return CSRMatrix(
        unchecked: rows, columnCount: columns, rowPointers: rowPointers, columnIndices: columnIndices,
        values: values ?? HugePages.filledArray(repeating: Float(1), count: columnIndices.count))
    }
  }

  /// Reads `{indptr, indices[, values]}` of `group` without validating their contents.
  func readCSRArrays(_ group: HDF5Group, rows: Int, columns: Int, valuesName: String?) throws -> RawCSR {
    let indptrSet = try requiredDataset(group, "indptr")
    let indicesSet = try requiredDataset(group, "indices")
    let rowPointers = try integers(indptrSet, as: Int.self, count: rows + 1, what: "N + 1 row pointers")
    // Index statistics (range, descents) are gathered block by block as the indices are read.
    let blockStatistics = SharedAccumulator((statistics: CSRIndexStatistics(), starts: [Int]()))
    let columnIndices = try integers(indicesSet, as: Int32.self, count: nil, what: "column indices") { block, start in
      let local = CSRIndexStatistics(block)
      blockStatistics.update {
        $0.statistics.merge(local)
        $0.starts.append(start)
      }
    }
    var (statistics, starts) = blockStatistics.value
    columnIndices.withUnsafeBufferPointer { statistics.addBoundaries($0, blockStarts: starts) }
    var values: [Float]?
    var valuesField = ""
    if let valuesName, let ds = try optionalDataset(group, valuesName) {
      values = try floats(ds, count: columnIndices.count, what: "one value per entry of '\(indicesSet.path)'")
      valuesField = ds.path
    }
    return RawCSR(
      rows: rows, columns: columns, rowPointers: rowPointers, columnIndices: columnIndices, values: values,
      pointerField: indptrSet.path, indexField: indicesSet.path, valuesField: valuesField, statistics: statistics)
  }

  /// Reads `{indptr, indices[, values]}` of `group` as a validated `rows × columns` CSR matrix.
  func readCSR(_ group: HDF5Group, rows: Int, columns: Int, valuesName: String?) throws -> CSRMatrix {
    let raw = try readCSRArrays(group, rows: rows, columns: columns, valuesName: valuesName)
    return try raw.matrix(file: file)
  }

  func readFeatures(nodeCount n: Int) throws -> NodeFeatures? {
    let dense = try optionalDataset(root, "features")
    let sparseKind = try wrapHDF5("/features_csr") { try root.child("features_csr") }
    if dense != nil && sparseKind != nil {
      throw GraphDataError(
        .value, file: file, location: .field("/features_csr"),
        expected: "either '/features' or '/features_csr', not both", actual: "both")
    }
    if let dense {
      guard dense.shape.count == 2, dense.shape[0] == n else {
        throw GraphDataError(
          .shape, file: file, location: .field(dense.path), expected: "shape [\(n), F] (one row per node)",
          actual: "shape \(dense.shape)")
      }
      // The finiteness check runs on the reading threads, block by block.
      let (values, finite) = try floats(dense, count: nil, what: "features", checkingBlocks: Graph.allFinite)
      if !finite {
        try wrapValidation { try Graph.checkFinite(values, columns: dense.shape[1], file: file, field: dense.path) }
      }
      return .dense(try Tensor(shape: dense.shape, scalars: values))
    }
    guard sparseKind != nil else { return nil }
    let group = try requiredGroup(root, "features_csr")
    let shape = try wrapHDF5("/features_csr/shape") { () -> [Int]? in
      try group.hasAttribute("shape") ? try group.integerAttribute("shape") : nil
    }
    guard let shape else {
      throw GraphDataError(
        .missingField, file: file, location: .attribute("/features_csr/shape"), expected: "[N, F]",
        actual: "no such attribute")
    }
    guard shape.count == 2, shape[0] == n, shape[1] >= 0 else {
      throw GraphDataError(
        .shape, file: file, location: .attribute("/features_csr/shape"), expected: "[\(n), F] (one row per node)",
        actual: "\(shape)")
    }
    let matrix = try readCSR(group, rows: n, columns: shape[1], valuesName: nil)
    let data = try requiredDataset(group, "data")
    let values = try floats(data, count: matrix.nonzeroCount, what: "one value per entry of '/features_csr/indices'")
    try wrapValidation { try Graph.checkFinite(values, columns: nil, file: file, field: data.path) }
    return .sparse(try matrix.withValues(values))
  }

  func readSplits(nodeCount n: Int) throws -> [String: Split] {
    guard let group = try optionalGroup(root, "splits") else { return [:] }
    var splits: [String: Split] = [:]
    for name in try wrapHDF5(group.path, { try group.childNames() }) {
      let g = try requiredGroup(group, name)
      var parts: [[Int]] = []
      for part in ["train", "val", "test"] {
        let ds = try requiredDataset(g, part)
        parts.append(try integers(ds, as: Int.self, count: nil, what: "node indices"))
      }
      var split = Split(train: parts[0], validation: parts[1], test: parts[2])
      if try wrapHDF5(g.path, { try g.hasAttribute("labels_per_class") }) {
        split.labelsPerClass = try requiredIntegerAttribute(g, "labels_per_class")
      }
      if try wrapHDF5(g.path, { try g.hasAttribute("seed") }) {
        split.seed = try wrapAttribute(g, "seed") { try g.unsignedAttribute("seed").first }
      }
      try wrapValidation { try Graph.checkSplit(split, named: name, nodeCount: n, file: file, fieldPrefix: g.path) }
      splits[name] = split
    }
    return splits
  }

  func readSoftLabels(nodeCount n: Int) throws -> [String: SoftLabelRun] {
    guard let group = try optionalGroup(root, "soft_labels") else { return [:] }
    var runs: [String: SoftLabelRun] = [:]
    for name in try wrapHDF5(group.path, { try group.childNames() }) {
      let g = try requiredGroup(group, name)
      let probs = try matrix(try requiredDataset(g, "probs"), rows: n)
      let hidden = try optionalDataset(g, "hidden").map { try matrix($0, rows: n) }
      let seed = try wrapAttribute(g, "seed") { try g.unsignedAttribute("seed").first }
      guard let seed else {
        throw GraphDataError(
          .missingField, file: file, location: .attribute("\(g.path)/seed"), expected: "an integer", actual: "no value")
      }
      let fixed: Set<String> = ["method", "temperature", "seed", "config", "created"]
      var metrics: [String: Double] = [:]
      for attribute in try wrapHDF5(g.path, { try g.attributeNames() }) where !fixed.contains(attribute) {
        metrics[attribute] = try requiredDoubleAttribute(g, attribute)
      }
      let run = SoftLabelRun(
        probabilities: probs, method: try requiredStringAttribute(g, "method"),
        temperature: try requiredDoubleAttribute(g, "temperature"), seed: seed,
        configJSON: try requiredStringAttribute(g, "config"), created: try requiredStringAttribute(g, "created"),
        hidden: hidden, metrics: metrics)
      try wrapValidation { try Graph.checkSoftLabels(run, named: name, nodeCount: n, file: file) }
      runs[name] = run
    }
    return runs
  }

  func readInteractions() throws -> Interactions? {
    guard let group = try optionalGroup(root, "interactions") else { return nil }
    let users = try requiredIntegerAttribute(group, "n_users")
    let items = try requiredIntegerAttribute(group, "n_items")
    guard users >= 0, items >= 0, items <= Int(Int32.max) else {
      throw GraphDataError(
        .value, file: file, location: .attribute("/interactions/n_users"),
        expected: "non-negative user and item counts", actual: "\(users) users, \(items) items")
    }
    let observed = try readCSR(group, rows: users, columns: items, valuesName: nil)
    var heldOut: [String: CSRMatrix] = [:]
    if let held = try optionalGroup(group, "held_out") {
      for name in try wrapHDF5(held.path, { try held.childNames() }) {
        heldOut[name] = try readCSR(try requiredGroup(held, name), rows: users, columns: items, valuesName: nil)
      }
    }
    return try wrapValidation { try Interactions(observed: observed, heldOut: heldOut) }
  }

  // MARK: Typed access with errors that name the field

  func matrix(_ ds: HDF5Dataset, rows: Int) throws -> Tensor {
    guard ds.shape.count == 2, ds.shape[0] == rows else {
      throw GraphDataError(
        .shape, file: file, location: .field(ds.path), expected: "shape [\(rows), C] (one row per node)",
        actual: "shape \(ds.shape)")
    }
    let values = try floats(ds, count: nil, what: "a matrix")
    return try Tensor(shape: ds.shape, scalars: values)
  }

  func integers<T: HDF5Scalar>(
    _ ds: HDF5Dataset, as type: T.Type, count: Int?, what: String,
    inspectingBlocks inspect: ((UnsafeBufferPointer<T>, Int) -> Void)? = nil
  ) throws -> [T] {
    guard case .integer = ds.elementType else {
      throw GraphDataError(
        .wrongType, file: file, location: .field(ds.path), expected: "an integer dtype", actual: "\(ds.elementType)")
    }
    try checkVector(ds, count: count, what: what)
    try checkExtent(ds)
    return try wrapHDF5(ds.path) { try ds.read(as: T.self, inspectingBlocks: inspect) }
  }

  func floats(_ ds: HDF5Dataset, count: Int?, what: String) throws -> [Float] {
    try floats(ds, count: count, what: what, checkingBlocks: nil).values
  }

  func floats(
    _ ds: HDF5Dataset, count: Int?, what: String, checkingBlocks check: ((UnsafeBufferPointer<Float>) -> Bool)?
  ) throws -> (values: [Float], passed: Bool) {
    guard ds.elementType.isNumeric else {
      throw GraphDataError(
        .wrongType, file: file, location: .field(ds.path), expected: "a numeric (float or integer) dtype",
        actual: "\(ds.elementType)")
    }
    if let count { try checkVector(ds, count: count, what: what) }
    try checkExtent(ds)
    guard let check else { return (try wrapHDF5(ds.path) { try ds.read(as: Float.self) }, true) }
    let failed = SharedAccumulator(false)
    let values = try wrapHDF5(ds.path) {
      try ds.read(as: Float.self) { block, _ in
        if !check(block) { failed.update { $0 = true } }
      }
    }
    return (values, !failed.value)
  }

  func strings(_ ds: HDF5Dataset) throws -> [String] {
    guard case .string = ds.elementType else {
      throw GraphDataError(
        .wrongType, file: file, location: .field(ds.path), expected: "strings", actual: "\(ds.elementType)")
    }
    guard ds.shape.count == 1 else {
      throw GraphDataError(
        .shape, file: file, location: .field(ds.path), expected: "a 1-D array of strings", actual: "shape \(ds.shape)")
    }
    try checkExtent(ds)
    return try wrapHDF5(ds.path) { try ds.readStrings() }
  }

  private func checkVector(_ ds: HDF5Dataset, count: Int?, what: String) throws {
    guard ds.shape.count == 1 else {
      throw GraphDataError(
        .shape, file: file, location: .field(ds.path), expected: "a 1-D array of \(what)", actual: "shape \(ds.shape)")
    }
    if let count, ds.shape[0] != count {
      throw GraphDataError(
        .shape, file: file, location: .field(ds.path), expected: "\(count) values (\(what))", actual: "\(ds.shape[0])")
    }
  }

  func requiredGroup(_ parent: HDF5Group, _ name: String) throws -> HDF5Group {
    guard let group = try optionalGroup(parent, name) else {
      throw GraphDataError(
        .missingField, file: file, location: .field(parent.childPath(name)), expected: "a group", actual: "nothing")
    }
    return group
  }

  func optionalGroup(_ parent: HDF5Group, _ name: String) throws -> HDF5Group? {
    let path = parent.childPath(name)
    switch try wrapHDF5(path, { try parent.child(name) }) {
    case nil: return nil
    case .group: return try wrapHDF5(path) { try parent.openGroup(name) }
    default:
      throw GraphDataError(.wrongType, file: file, location: .field(path), expected: "a group", actual: "a dataset")
    }
  }

  func requiredDataset(_ parent: HDF5Group, _ name: String) throws -> HDF5Dataset {
    guard let ds = try optionalDataset(parent, name) else {
      throw GraphDataError(
        .missingField, file: file, location: .field(parent.childPath(name)), expected: "a dataset", actual: "nothing")
    }
    return ds
  }

  func optionalDataset(_ parent: HDF5Group, _ name: String) throws -> HDF5Dataset? {
    let path = parent.childPath(name)
    switch try wrapHDF5(path, { try parent.child(name) }) {
    case nil: return nil
    case .dataset: return try wrapHDF5(path) { try parent.openDataset(name) }
    default:
      throw GraphDataError(.wrongType, file: file, location: .field(path), expected: "a dataset", actual: "a group")
    }
  }

  func requiredStringAttribute(_ object: HDF5Object, _ name: String) throws -> String {
    guard let value = try optionalStringAttribute(object, name) else {
      throw GraphDataError(
        .missingField, file: file, location: .attribute(object.attributePath(name)), expected: "a string",
        actual: "no such attribute")
    }
    return value
  }

  func optionalStringAttribute(_ object: HDF5Object, _ name: String) throws -> String? {
    guard try wrapHDF5(object.attributePath(name), { try object.hasAttribute(name) }) else { return nil }
    return try wrapAttribute(object, name) { try object.stringAttribute(name) }.first ?? ""
  }

  func requiredIntegerAttribute(_ object: HDF5Object, _ name: String) throws -> Int {
    guard try wrapHDF5(object.attributePath(name), { try object.hasAttribute(name) }) else {
      throw GraphDataError(
        .missingField, file: file, location: .attribute(object.attributePath(name)), expected: "an integer",
        actual: "no such attribute")
    }
    let values = try wrapAttribute(object, name) { try object.integerAttribute(name) }
    guard values.count == 1 else {
      throw GraphDataError(
        .shape, file: file, location: .attribute(object.attributePath(name)), expected: "a single integer",
        actual: "\(values.count) values")
    }
    return values[0]
  }

  func requiredDoubleAttribute(_ object: HDF5Object, _ name: String) throws -> Double {
    guard try wrapHDF5(object.attributePath(name), { try object.hasAttribute(name) }) else {
      throw GraphDataError(
        .missingField, file: file, location: .attribute(object.attributePath(name)), expected: "a number",
        actual: "no such attribute")
    }
    let values = try wrapAttribute(object, name) { try object.doubleAttribute(name) }
    guard values.count == 1 else {
      throw GraphDataError(
        .shape, file: file, location: .attribute(object.attributePath(name)), expected: "a single number",
        actual: "\(values.count) values")
    }
    return values[0]
  }

  // MARK: Error translation

  /// Runs an HDF5 operation on `path`, turning an ``HDF5Error`` into a ``GraphDataError``.
  func wrapHDF5<R>(_ path: String, _ body: () throws -> R) throws -> R {
    do {
      return try body()
    } catch let error as HDF5Error {
      throw GraphDataError(
        .corruptFile, file: file, location: .field(path), expected: "a readable HDF5 object", actual: error.message)
    }
  }

  private func wrapAttribute<R>(_ object: HDF5Object, _ name: String, _ body: () throws -> R) throws -> R {
    do {
      return try body()
    } catch let error as HDF5Error {
      throw GraphDataError(
        .corruptFile, file: file, location: .attribute(object.attributePath(name)), expected: "a readable attribute",
        actual: error.message)
    } catch HDF5AttributeError.wrongType(let expected, let actual) {
      throw GraphDataError(
        .wrongType, file: file, location: .attribute(object.attributePath(name)), expected: expected,
        actual: "\(actual)")
    }
  }

  /// Runs an in-memory check and attributes its error to this file.
  private func wrapValidation<R>(_ body: () throws -> R) throws -> R {
    do {
      return try body()
    } catch let error as GraphDataError {
      throw error.file.isEmpty ? error.inFile(file) : error
    }
  }
}
