/// An error raised while reading, validating, importing or writing a graph.
///
/// Every error names the file, the place in it (an HDF5 dataset or attribute, an `.npz` key,
/// or a line and column of a text file), what was expected there and what was found, so the
/// message alone says what to fix:
///
/// ```
/// cora.npz: field 'adj_indptr': expected non-decreasing values, but got 5 after 7 at position 12
/// edges.csv: line 17, column 2: expected a non-negative integer node id, but got "abc"
/// graph.h5: attribute '/format_version': expected 1, but got 2
/// ```
///
/// The `graphkd` tool prints ``description`` to standard error and exits with a non-zero status.
public struct GraphDataError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong, for code that wants to react to one kind of error.
  public enum Kind: String, Sendable, Codable {
    /// The input file or directory does not exist.
    case missingFile
    /// The file exists but is not readable as the expected container (a truncated or corrupt
    /// zip, gzip or HDF5 file).
    case corruptFile
    /// A required dataset, attribute, key or column is absent.
    case missingField
    /// A field has the wrong element type (a float array where integers are required).
    case wrongType
    /// A field has the wrong length or shape.
    case shape
    /// A value is outside the accepted range or breaks an ordering rule.
    case value
    /// An index (a node, column or class id) is out of range.
    case index
    /// A NaN or infinity where only finite numbers are accepted.
    case nonFinite
    /// A text cell that cannot be parsed as the expected number.
    case parse
    /// The output file exists and overwriting was not requested.
    case outputExists
    /// The file uses a schema version this reader does not understand.
    case unsupportedVersion
    /// The operating system refused a file operation (permissions, a full disk).
    case io
  }

  /// Where in the file the problem is.
  public enum Location: Equatable, Sendable {
    /// The file as a whole.
    case file
    /// A named field: an HDF5 path such as `/graph/indptr`, or an `.npz` key such as `labels`.
    case field(String)
    /// An HDF5 attribute, written as `object/name`.
    case attribute(String)
    /// A line of a text file (1-based) and, when known, a column (1-based).
    case line(Int, column: Int?)
  }

  /// The kind of problem.
  public var kind: Kind
  /// The file as the caller named it, e.g. `data/cora.h5`; empty for in-memory values.
  public var file: String
  /// Where in the file.
  public var location: Location
  /// What was expected.
  public var expected: String
  /// What was found.
  public var actual: String

  /// Creates an error.
  public init(_ kind: Kind, file: String, location: Location, expected: String, actual: String) {
    self.kind = kind
    self.file = file
    self.location = location
    self.expected = expected
    self.actual = actual
  }

  /// `file: place: expected …, but got …`.
  public var description: String {
    var parts: [String] = []
    if !file.isEmpty { parts.append(file) }
    switch location {
    case .file: break
    case .field(let name): parts.append("field '\(name)'")
    case .attribute(let name): parts.append("attribute '\(name)'")
    case .line(let line, let column):
      parts.append(column.map { "line \(line), column \($0)" } ?? "line \(line)")
    }
    parts.append("expected \(expected), but got \(actual)")
    return parts.joined(separator: ": ")
  }

  /// The same error attributed to `file` (used when an in-memory check is run for a file).
  public func inFile(_ file: String) -> GraphDataError {
    var copy = self
    copy.file = file
    return copy
  }
}

extension GraphDataError {
  /// A required input that does not exist.
  static func missingFile(_ file: String, expected: String = "an existing file") -> GraphDataError {
    GraphDataError(.missingFile, file: file, location: .file, expected: expected, actual: "no such file")
  }

  /// An output that exists although overwriting was not requested.
  static func outputExists(_ file: String) -> GraphDataError {
    GraphDataError(
      .outputExists, file: file, location: .file,
      expected: "no existing output file (pass --force to replace it)", actual: "an existing file")
  }
}

extension GraphDataError {
  /// Runs `body` and attributes a ``GraphDataError`` it throws without a file name to `file`
  /// (for checks of in-memory values made on behalf of a file).
  public static func attributing<R>(to file: String, _ body: () throws -> R) throws -> R {
    do {
      return try body()
    } catch let error as GraphDataError {
      throw error.file.isEmpty ? error.inFile(file) : error
    }
  }
}
