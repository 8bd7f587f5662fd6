/// Whether the first data line of a delimited text file is a header row.
///
/// Used by ``CSVImporter`` for edge, feature and label files (`graphkd convert csv --header`).
public enum CSVHeader: String, Sendable, CaseIterable, Codable {
  /// A header when the first data line's key cells are not numbers (`source,target`).
  case auto
  /// The first data line is a header and is skipped.
  case present
  /// Every line is data; a non-numeric cell on the first line is an error.
  case absent
}
