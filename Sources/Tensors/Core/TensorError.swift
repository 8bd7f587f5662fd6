/// An error raised by a tensor operation on input it cannot accept.
///
/// Every error names the operation, what it expected and what it got, so that a message such as
/// `matmul: expected lhs columns == rhs rows (3), but got lhs [2, 3], rhs [4, 5]` tells the
/// caller exactly which argument to fix.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong, for code that wants to react to one kind of error.
  public enum Kind: String, Sendable {
    /// Shapes that do not fit together.
    case shape
    /// A value outside the range the operation accepts (a negative size, a probability > 1).
    case value
    /// An index outside its valid range.
    case index
    /// A NaN or infinity where only finite numbers are accepted.
    case nonFinite
  }

  /// The kind of error.
  public var kind: Kind
  /// The operation that refused its input, e.g. `"matmul"` or `"CSRMatrix.init"`.
  public var operation: String
  /// What the operation expected.
  public var expected: String
  /// What it got.
  public var actual: String

  /// Creates an error; prefer the static constructors.
  public init(kind: Kind, operation: String, expected: String, actual: String) {
    self.kind = kind
    self.operation = operation
    self.expected = expected
    self.actual = actual
  }

  /// A readable summary of the value.
  public var description: String {
    "\(operation): expected \(expected), but got \(actual)"
  }

  /// Shapes that do not fit together.
  public static func shape(_ operation: String, expected: String, actual: String) -> TensorError {
    TensorError(kind: .shape, operation: operation, expected: expected, actual: actual)
  }

  /// A value outside the accepted range.
  public static func value(_ operation: String, expected: String, actual: String) -> TensorError {
    TensorError(kind: .value, operation: operation, expected: expected, actual: actual)
  }

  /// An index outside its valid range.
  public static func index(_ operation: String, expected: String, actual: String) -> TensorError {
    TensorError(kind: .index, operation: operation, expected: expected, actual: actual)
  }

  /// A NaN or infinity where only finite values are accepted.
  public static func nonFinite(_ operation: String, expected: String = "finite values", actual: String)
    -> TensorError
  {
    TensorError(kind: .nonFinite, operation: operation, expected: expected, actual: actual)
  }
}

/// Formats a shape as `[2, 3]`.
@inlinable
func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
