/// Refuses JSON objects with keys a configuration does not know, so a typo in an experiment
/// file (`"varient"`) is an error instead of a silently ignored setting.
enum UnknownKeyCheck {
  private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// Throws `DecodingError.dataCorrupted` naming the first unknown key and the known ones.
  static func check(_ decoder: any Decoder, known: [String], in object: String) throws {
    let container = try decoder.container(keyedBy: AnyKey.self)
    for key in container.allKeys.map(\.stringValue).sorted() where !known.contains(key) {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "unknown key '\(key)' in \(object); known keys: \(known.joined(separator: ", "))"))
    }
  }
}
