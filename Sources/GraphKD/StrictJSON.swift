import Foundation
import GNN

/// Decodes a configuration from JSON and refuses any key it does not know, at any depth: after
/// decoding, the value is encoded again and every key of the input that the encoding lacks is
/// an unknown one (`"objective": {"temprature": 3}` names `students[0].objective.temprature`).
/// A key whose value is `null` is taken as "not given". Configuration types encode every
/// setting they decode, so a typo is an error instead of a silently ignored setting.
///
/// ```swift
/// let configuration = try StrictJSON.decode(PipelineConfiguration.self, from: data)
/// ```
public enum StrictJSON {
  /// The decoded value.
  /// - Throws: `DecodingError` from decoding, or ``ConfigurationError`` naming the first unknown
  ///   key's path and the keys known there.
  public static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
    let value = try JSONDecoder().decode(T.self, from: data)
    let input = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    let known = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value), options: [.fragmentsAllowed])
    if let (path, keys) = firstUnknownKey(input, known, path: "") {
      throw ConfigurationError(
        setting: path, expected: "a known key" + (keys.isEmpty ? "" : " (known here: \(keys.joined(separator: ", ")))"),
        actual: "an unknown key")
    }
    return value
  }

  /// The path of the first key of `input` that `known` lacks, with the keys `known` has there.
  static func firstUnknownKey(_ input: Any, _ known: Any, path: String) -> (String, [String])? {
    switch (input, known) {
    case (let given as [String: Any], let encoded as [String: Any]):
      for key in given.keys.sorted() {
        let value = given[key]!
        let child = path.isEmpty ? key : "\(path).\(key)"
        guard let counterpart = encoded[key] else {
          if value is NSNull { continue }
          return (child, encoded.keys.sorted())
        }
        if let found = firstUnknownKey(value, counterpart, path: child) { return found }
      }
    case (let given as [Any], let encoded as [Any]):
      for (i, (a, b)) in zip(given, encoded).enumerated() {
        if let found = firstUnknownKey(a, b, path: "\(path)[\(i)]") { return found }
      }
    default: break
    }
    return nil
  }
}
