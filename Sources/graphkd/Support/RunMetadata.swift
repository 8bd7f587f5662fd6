import Foundation
import GraphKD

/// Writes `value` as pretty, key-sorted JSON to `path`, atomically (temporary file + rename).
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  let url = URL(fileURLWithPath: path)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try encoder.encode(value).write(to: url, options: .atomic)
}

/// Mean and sample standard deviation.
func meanAndStandardDeviation(_ xs: [Double]) -> (mean: Double, std: Double) {
  Statistics.meanAndStandardDeviation(xs)
}
