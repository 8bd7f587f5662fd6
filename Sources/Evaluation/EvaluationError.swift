/// A measurement that cannot be made as asked, found before any timing starts.
public struct EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What was being measured, e.g. `"LatencyBenchmark.requestLatency"`.
  public var operation: String
  /// What the input must be.
  public var expected: String
  /// What it was.
  public var actual: String

  /// Creates an error.
  public init(operation: String, expected: String, actual: String) {
    self.operation = operation
    self.expected = expected
    self.actual = actual
  }

  /// A readable message naming the operation.
  public var description: String { "\(operation): expected \(expected), but got \(actual)" }
}
