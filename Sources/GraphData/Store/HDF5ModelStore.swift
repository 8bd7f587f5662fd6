import Foundation
import Tensors

/// Reads and writes ``StoredModel``s as HDF5 model files, schema version 1
/// (`docs/model-schema.md`): root attributes `format = "graphkd-model"`, `format_version = 1`,
/// `kind`, `config` and further JSON documents and integer sizes, `/class_names`, and every
/// parameter as a float32 dataset under `/parameters` (`/parameters/layer1/weight`, …) that h5py
/// reads as it reads any array.
///
/// - Writing goes to `<output>.tmp-<random>` and is renamed into place only when complete, as for
///   graph files; an existing output is replaced only with `overwrite: true`.
/// - Reading checks the format, version, kind and every parameter's type and rank, and sizes a
///   parameter's buffer only after checking its extent against the file's size. Errors are
///   ``GraphDataError``s naming the file, the HDF5 path and what was expected.
///
/// ```swift
/// let stored = try HDF5ModelStore.read(from: URL(fileURLWithPath: "runs/cora/models/mlp.h5"))
/// print(stored.kind, stored.parameters.keys.sorted())
/// ```
public enum HDF5ModelStore {
  /// Writes `model` to `url` atomically.
  /// - Parameter overwrite: replace an existing file; otherwise an existing file is an error
  ///   raised before anything is written.
  /// - Throws: ``GraphDataError`` for an unwritable output, a parameter path that is not a
  ///   sequence of names separated by `/`, or a parameter of rank other than 1 or 2.
  public static func write(_ model: StoredModel, to url: URL, overwrite: Bool = false) throws {
    let display = AtomicFile.displayName(url)
    for (path, value) in model.parameters {
      try GraphDataError.attributing(to: display) {
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
          try GraphSchema.checkName(String(part), field: "/\(ModelSchema.parametersGroup)/\(path)")
        }
      }
      guard value.rank == 1 || value.rank == 2 else {
        throw GraphDataError(
          .shape, file: display, location: .field("/\(ModelSchema.parametersGroup)/\(path)"),
          expected: "a vector or a matrix", actual: "shape \(value.shape)")
      }
    }
    for key in model.documents.keys where reservedAttributes.contains(key) || model.integers[key] != nil {
      throw GraphDataError(
        .value, file: display, location: .attribute("/\(key)"), expected: "a document name not otherwise used",
        actual: "'\(key)'")
    }
    try AtomicFile.write(to: url, overwrite: overwrite) { temporary in
      try HDF5GraphStore.writing(url) {
        let file = try HDF5File.create(at: temporary.path)
        let root = try file.root()
        try root.setAttribute("format", string: ModelSchema.format)
        try root.setAttribute("format_version", integer: ModelSchema.version)
        try root.setAttribute("kind", string: model.kind)
        try root.setAttribute("config", string: model.configuration)
        for (key, value) in model.documents.sorted(by: { $0.key < $1.key }) {
          try root.setAttribute(key, string: value)
        }
        for (key, value) in model.integers.sorted(by: { $0.key < $1.key }) {
          try root.setAttribute(key, integer: value)
        }
        if let names = model.classNames {
          try root.createStringDataset("class_names", values: names, layout: .contiguous)
        }
        let parameters = try root.createGroup(ModelSchema.parametersGroup)
        for (path, value) in model.parameters.sorted(by: { $0.key < $1.key }) {
          var group = parameters
          let parts = path.split(separator: "/").map(String.init)
          for part in parts.dropLast() { group = try group.openOrCreateGroup(part) }
          try value.withUnsafeBufferPointer {
            _ = try group.createDataset(parts.last!, shape: value.shape, values: $0, layout: .contiguous)
          }
        }
        try file.close()
      }
    }
  }

  /// Reads the model file at `url`.
  /// - Throws: ``GraphDataError`` for a missing or corrupt file, a file of another format or
  ///   `format_version`, a missing `kind` or `config`, or a parameter that is not a float32
  ///   vector or matrix of a size the file can hold.
  public static func read(from url: URL) throws -> StoredModel {
    let display = AtomicFile.displayName(url)
    let file = try HDF5GraphReader.open(url)
    let root = try HDF5GraphStore.rootGroup(file, url)
    let reader = HDF5GraphReader(url: url, root: root)
    let format = try reader.requiredStringAttribute(root, "format")
    guard format == ModelSchema.format else {
      throw GraphDataError(
        .value, file: display, location: .attribute("/format"),
        expected: "\"\(ModelSchema.format)\" (a GraphKD model file)"
          + (format == GraphSchema.format ? "; this is a graph file, pass it as the GRAPH argument" : ""),
        actual: "\"\(format)\"")
    }
    let version = try reader.requiredIntegerAttribute(root, "format_version")
    guard version == ModelSchema.version else {
      throw GraphDataError(
        .unsupportedVersion, file: display, location: .attribute("/format_version"),
        expected: "\(ModelSchema.version) (the model schema version this GraphKD reads)", actual: "\(version)")
    }
    var model = StoredModel(
      kind: try reader.requiredStringAttribute(root, "kind"),
      configuration: try reader.requiredStringAttribute(root, "config"))
    for name in try reader.wrapHDF5("/", { try root.attributeNames() }) where !reservedAttributes.contains(name) {
      let info = try reader.wrapHDF5("/\(name)") { try root.attributeInfo(name) }
      switch info.type {
      case .string: model.documents[name] = try reader.requiredStringAttribute(root, name)
      case .integer, .enumeration: model.integers[name] = try reader.requiredIntegerAttribute(root, name)
      default:
        throw GraphDataError(
          .wrongType, file: display, location: .attribute("/\(name)"), expected: "a string or an integer",
          actual: "\(info.type)")
      }
    }
    if let names = try reader.optionalDataset(root, "class_names") {
      model.classNames = try reader.strings(names)
    }
    let group = try reader.requiredGroup(root, ModelSchema.parametersGroup)
    try readParameters(group, prefix: "", into: &model.parameters, reader: reader)
    try HDF5GraphStore.closeAfterReading(file, url)
    return model
  }

  /// Root attributes with a fixed meaning, not documents.
  static let reservedAttributes: Set<String> = ["format", "format_version", "kind", "config"]

  private static func readParameters(
    _ group: HDF5Group, prefix: String, into parameters: inout [String: Tensor], reader: HDF5GraphReader
  ) throws {
    for name in try reader.wrapHDF5(group.path, { try group.childNames() }) {
      let path = prefix.isEmpty ? name : "\(prefix)/\(name)"
      switch try reader.wrapHDF5(group.childPath(name), { try group.child(name) }) {
      case .group?:
        try readParameters(
          try reader.requiredGroup(group, name), prefix: path, into: &parameters, reader: reader)
      case .dataset?:
        let ds = try reader.requiredDataset(group, name)
        guard ds.elementType == .float(bytes: 4) else {
          throw GraphDataError(
            .wrongType, file: reader.file, location: .field(ds.path), expected: "float32 values",
            actual: "\(ds.elementType)")
        }
        guard ds.shape.count == 1 || ds.shape.count == 2 else {
          throw GraphDataError(
            .shape, file: reader.file, location: .field(ds.path), expected: "a vector or a matrix",
            actual: "shape \(ds.shape)")
        }
        let values = try reader.floats(ds, count: nil, what: "parameters")
        parameters[path] = try Tensor(shape: ds.shape, scalars: values)
      default:
        throw GraphDataError(
          .wrongType, file: reader.file, location: .field(group.childPath(name)), expected: "a group or a dataset",
          actual: "another kind of HDF5 object")
      }
    }
  }
}
