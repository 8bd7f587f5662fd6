import Foundation
import GraphKD

/// Writes `value` as pretty, key-sorted JSON to `path`, atomically (temporary file + rename).
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
  let encoder = jsonEncoder()
  let url = URL(fileURLWithPath: path)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try encoder.encode(value).write(to: url, options: .atomic)
}

/// Prints `value` as pretty, key-sorted JSON on standard output (for `--json`).
func printJSON<T: Encodable>(_ value: T) throws {
  print(String(decoding: try jsonEncoder().encode(value), as: UTF8.self))
}

/// The encoder of reports: pretty, key-sorted, non-finite numbers as strings.
func jsonEncoder() -> JSONEncoder {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return encoder
}

/// Mean and sample standard deviation.
func meanAndStandardDeviation(_ xs: [Double]) -> (mean: Double, std: Double) {
  Statistics.meanAndStandardDeviation(xs)
}
