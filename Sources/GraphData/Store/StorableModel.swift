import Foundation

/// A trained model that a GraphKD model file can hold (`docs/model-schema.md`): it turns itself
/// into a ``StoredModel`` and back, and gets saving and loading through ``HDF5ModelStore`` —
/// atomic writes, and errors naming the file and field — from this protocol.
///
/// ```swift
/// try trained.save(to: URL(fileURLWithPath: "model.h5"))
/// let again = try TrainedNodeClassifier(contentsOf: URL(fileURLWithPath: "model.h5"))
/// ```
public protocol StorableModel {
  /// The model as a model file holds it.
  func stored() throws -> StoredModel
  /// Rebuilds the model from a model file's contents; `file` names it in messages.
  init(stored: StoredModel, file: String) throws
}

extension StorableModel {
  /// Saves the model to `url` (atomically; an existing file only with `overwrite`).
  public func save(to url: URL, overwrite: Bool = false) throws {
    try HDF5ModelStore.write(try stored(), to: url, overwrite: overwrite)
  }

  /// Loads a model saved by ``save(to:overwrite:)``.
  /// - Throws: ``GraphDataError`` naming the file and field for a file that is not such a model.
  public init(contentsOf url: URL) throws {
    try self.init(stored: try HDF5ModelStore.read(from: url), file: url.relativePath)
  }
}

extension StoredModel {
  /// `value` as compact, key-sorted JSON, for ``configuration`` and ``documents``.
  public static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// Decodes the JSON `text` of root attribute `attribute` of `file`.
  /// - Throws: ``GraphDataError`` naming the attribute: missing when `text` is nil, a value
  ///   error quoting its start when it does not decode as `type`.
  public static func decode<T: Decodable>(
    _ type: T.Type, _ text: String?, attribute: String, expected: String, file: String
  ) throws -> T {
    guard let text else {
      throw GraphDataError(
        .missingField, file: file, location: .attribute("/\(attribute)"), expected: expected,
        actual: "no such attribute")
    }
    do {
      return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    } catch {
      throw GraphDataError(
        .value, file: file, location: .attribute("/\(attribute)"), expected: expected,
        actual: "\(text.prefix(200)) (\(error))")
    }
  }
}
